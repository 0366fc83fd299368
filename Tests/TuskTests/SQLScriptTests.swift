import Foundation
import Testing

import Tusk
import TuskTesting

/// `execute(script)` takes an ``SQLScript``, whose interpolation accepts SQL text only: a value
/// interpolated into a script is a compile error, not SQL injection (issue 10, item 6).
@Suite struct SQLScriptTests {
    /// Every runner's `execute` rejects an interpolated value at compile time.
    @Test(arguments: [
        "func misuse(db: Database, id: Int64) async throws { try await db.execute(\"DELETE FROM t WHERE id = \\(id)\") }",
        "func misuse(c: Connection, name: String) async throws { try await c.execute(\"DELETE FROM t WHERE name = '\\(name)'\") }",
        "func misuse(tx: Transaction, id: Int64?) async throws { try await tx.execute(\"DELETE FROM t WHERE id = \\(id)\") }",
        "func misuse(r: some QueryRunner, id: Int) async throws { try await r.execute(\"DELETE FROM t WHERE id = \\(id)\") }",
    ])
    func interpolatingAValueIntoAScriptDoesNotCompile(source: String) async throws {
        let result = try await typecheck("import Tusk\n" + source)
        #expect(result.status != 0, "compiled: \(source)")
        // The interpolation is what fails: no overload takes a bare value (an integer gets a hint
        // towards `\(literal:)`, anything else "no exact matches in call to appendInterpolation").
        #expect(result.output.contains("error: no exact matches in call to instance method 'appendInterpolation'")
            || result.output.contains("error: missing argument label 'literal:' in call"), "\(result.output)")
    }

    /// The same code written the supported ways compiles (so the test above fails for the right reason).
    @Test func scriptsWithTextOnlyAndBoundStatementsCompile() async throws {
        let result = try await typecheck("""
            import Tusk
            func correct(db: Database, c: Connection, r: some QueryRunner, id: Int64, table: String, file: String) async throws {
                try await db.run("DELETE FROM t WHERE id = \\(id)")
                try await r.run("DELETE FROM t WHERE id = \\(id)")
                try await db.execute("TRUNCATE \\(identifier: table); COMMENT ON TABLE t IS \\(literal: file)")
                try await c.execute("SELECT pg_terminate_backend(\\(literal: 42))")
                try await r.execute(SQLScript(unsafeRaw: file))
            }
            """)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func identifiersAndLiteralsAreQuoted() async throws {
        try await withDatabase { db, _ in
            let table = #"odd "name""#
            let note = #"it's a \ backslash"#
            try await db.execute("CREATE TABLE \(identifier: table) (id int8); COMMENT ON TABLE \(identifier: table) IS \(literal: note)")
            let comment = try await db.queryFirst(
                "SELECT obj_description(oid, 'pg_class') FROM pg_class WHERE relname = \(table)", as: String.self)
            #expect(comment == note)
        }
    }
}

/// Type-checks `source` against the Tusk module this test target was built with, the way
/// scripts/codegen-benchmark.sh compiles generated code.
private func typecheck(_ source: String) async throws -> (status: Int32, output: String) {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-typecheck-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("snippet.swift")
    try source.write(to: file, atomically: true, encoding: .utf8)
    let includes = try await run(["pg_config", "--includedir"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    return try await run([
        "swiftc", "-typecheck", "-swift-version", "6", "-I", modulesDirectory(packageRoot: packageRoot).path,
        "-I", packageRoot.appendingPathComponent("Sources/CLibPQ").path, "-Xcc", "-I\(includes)", file.path,
    ])
}

/// The `Modules` directory next to the running test bundle (the build this test belongs to).
private func modulesDirectory(packageRoot: URL) -> URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = directory.appendingPathComponent("Modules")
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Tusk.swiftmodule").path) { return candidate }
        directory.deleteLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/Modules")
}

private func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
    let run = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, mergingOutput: true)
    return (run.status, run.stdout)
}
