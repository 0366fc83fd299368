import ArgumentParser
import Foundation
import TuskMigrations

/// The `.sql` files beside a schema file, read and split into named queries.
struct QuerySources {
    /// File names (relative to the schema's directory) in name order, with their contents.
    var files: [(name: String, text: String)]
    var queries: [SQLQueryFile.Query]

    /// SHA-256 of every file's name and contents: what `tusk queries --check` compares.
    var hash: String {
        SHA256.hex(files.map { $0.name + "\n" + $0.text }.joined(separator: "\u{0}"))
    }

    /// Reads every `*.sql` directly beside `schemaFile`; a layout problem in any of them is
    /// printed (all of them) and exits 1.
    static func read(besideSchema schemaFile: URL) throws -> QuerySources {
        let directory = schemaFile.deletingLastPathComponent()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        var files: [(name: String, text: String)] = []
        var queries: [SQLQueryFile.Query] = []
        var problems: [SQLQueryFile.Problem] = []
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            files.append((name, text))
            do {
                queries += try SQLQueryFile.parse(text, file: name).queries
            } catch {
                problems += error.problems
            }
        }
        var firstPlace: [String: String] = [:]
        for query in queries {
            if let first = firstPlace[query.name] {
                problems.append(SQLQueryFile.Problem(file: query.file, line: query.line, column: 1, message: "a second query named \(query.name) (the first is at \(first))"))
            }
            firstPlace[query.name] = firstPlace[query.name] ?? "\(query.file):\(query.line)"
        }
        guard problems.isEmpty else {
            for problem in problems { Console.error(problem.description) }
            throw ExitCode.failure
        }
        return QuerySources(files: files, queries: queries)
    }
}
