import Foundation
import Testing
import TuskCodegen
import TuskSchema

/// What the generated API of a view refuses at compile time (Snippets/views.yaml): writes of
/// any kind, and a concurrent refresh of a materialized view without a unique index. Every
/// wrong line must be an error, on that line; the right uses beside them compile.
@Suite struct ViewCompileTests {
    static let wrongUses: [(code: String, diagnostic: String)] = [
        ("_ = UserTotal.Insert(userId: 1, messages: 1, tokens: 1)", "type 'UserTotal' has no member 'Insert'"),
        ("_ = UserTotal.update { $0.messages = 2 }", "type 'UserTotal' has no member 'update'"),
        ("_ = UserTotal.delete()", "type 'UserTotal' has no member 'delete'"),
        ("_ = UserTotal.Patch()", "type 'UserTotal' has no member 'Patch'"),
        // No unique index on role_counts: no concurrent refresh to call.
        ("try await RoleCount.refresh(concurrently: true, on: db)", "extra argument 'concurrently' in call"),
        ("try await UserTotal.refresh(on: db)", "type 'UserTotal' has no member 'refresh'"),
    ]

    static let rightUses = """
        func rightUses(_ db: Database) async throws {
            let rows: [UserTotal.Row] = try await UserTotal.where { $0.messages > 1 }.order { $0.userId }.limit(10).all(on: db)
            let first: AssistantMessage.Row? = try await AssistantMessage.where { $0.role == .assistant }.first(on: db)
            let count: Int = try await UserTotal.count(on: db)
            try await DailyStat.refresh(on: db)
            try await DailyStat.refresh(concurrently: false, on: db)
            try await RoleCount.refresh(on: db)
            _ = (rows, first, count)
        }

        """

    @Test func writesAndImpossibleRefreshesDoNotCompile() async throws {
        let source = "import Tusk\n\nfunc wrongUses(_ db: Database) async throws {\n" + Self.wrongUses.map { "    " + $0.code + "\n" }.joined() + "}\n"
        let files = try SnippetGoldenTests.generate("views")
        let result = try await SwiftCompiler.typecheck(files, extraSources: ["WrongUses.swift": source, "RightUses.swift": "import Tusk\n\n" + Self.rightUses])
        #expect(result.status != 0)
        let errors = result.output.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(!errors.contains { $0.contains("RightUses.swift:") }, "\(errors.filter { $0.contains("RightUses.swift:") })")
        for (index, wrong) in Self.wrongUses.enumerated() {
            let line = "WrongUses.swift:\(index + 4):"
            #expect(errors.contains { $0.contains(line) && $0.contains(wrong.diagnostic) }, "line \(index + 4) `\(wrong.code)`: \(errors.filter { $0.contains(line) })")
        }
    }
}
