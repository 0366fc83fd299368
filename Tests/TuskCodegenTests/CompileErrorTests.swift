import Foundation
import Testing
import TuskCodegen
import TuskSchema

/// What the generated API refuses at compile time: misspelt fields, wrong operand types, and
/// arithmetic on columns that are not numbers, in patches (`+=`, `.now`, enum labels). One
/// `swiftc -typecheck` over the root schema's generated code and a file of wrong uses; every
/// wrong line must be an error, on that line.
@Suite struct CompileErrorTests {
    static let wrongUses: [(code: String, diagnostic: String)] = [
        ("_ = MemoryObject.update { $0.importanc *= 0.9 }", "has no member 'importanc'"),
        ("_ = MemoryObject.update { $0.importance *= \"x\" }", "cannot convert value of type 'String'"),
        ("_ = MemoryObject.update { $0.pinned += true }", "Patchable<Bool>"),
        ("_ = Job.update { $0.status = .finished }", "has no member 'finished'"),
        ("_ = Job.update { $0.attempts = .now }", "static property 'now'"),
        ("_ = MemoryObject.update { $0.recall += Float(1) }", "cannot convert value of type 'Float'"),
        ("_ = Job.update { job, row in job.status = .expression(row.attempts) }", "JobStatus"),
        ("_ = MemoryObject.select { $0.content.plus(1) }", "PatchArithmetic"),
        ("_ = MemoryObject.update { patch, row in patch.recall = .expression(row.recall.plus(row.importance)) }", "Float"),
    ]

    @Test func wrongPatchExpressionsDoNotCompile() async throws {
        let source = "import Tusk\n\nfunc wrongUses() {\n" + Self.wrongUses.map { "    " + $0.code + "\n" }.joined() + "}\n"
        let files = try CodeGenerator.generate(try SchemaLoader.load(file: SnippetGoldenTests.rootSchema))
        let result = try await SwiftCompiler.typecheck(files, extraSources: (SnippetGoldenTests.extraSources["root"] ?? [:]).merging(["WrongUses.swift": source]) { a, _ in a })
        #expect(result.status != 0)
        let errors = result.output.split(separator: "\n").filter { $0.contains("WrongUses.swift:") && $0.contains(": error: ") }
        for (index, wrong) in Self.wrongUses.enumerated() {
            let line = "WrongUses.swift:\(index + 4):"
            #expect(errors.contains { $0.contains(line) && $0.contains(wrong.diagnostic) }, "line \(index + 4) `\(wrong.code)`: \(errors.filter { $0.contains(line) })")
        }
    }
}
