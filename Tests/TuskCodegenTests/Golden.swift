import Foundation
import Testing
import TuskCodegen
import TuskSchema
import TuskTesting

/// Golden files, one per generated file: `Golden/<case>/<file>.golden`, so a change to one
/// generator rewrites only the goldens of the files it writes. The support file depends on the
/// access level alone, so every case shares one golden per level (`Golden/support/`). Run with
/// `TUSK_UPDATE_GOLDEN=1` to rewrite them after an intended change, then review the diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func url(of file: GeneratedFile, in name: String) -> URL {
        if file.name == CodeGenerator.supportFileName {
            let access = file.contents.contains("public ") ? "public" : "internal"
            return directory.appendingPathComponent("support").appendingPathComponent(access + ".swift.golden")
        }
        return directory.appendingPathComponent(name).appendingPathComponent(file.name + ".golden")
    }

    static func check(_ files: [GeneratedFile], against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["TUSK_UPDATE_GOLDEN"] != nil {
            try update(files, name: name)
            return
        }
        for file in files {
            let url = url(of: file, in: name)
            let relative = url.pathComponents.suffix(2).joined(separator: "/")
            guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("no golden \(relative) for \(file.name) (TUSK_UPDATE_GOLDEN=1 writes it)", sourceLocation: sourceLocation)
                continue
            }
            if let difference = firstDifference(expected: expected, actual: file.contents) {
                Issue.record(
                    "\(relative) differs at line \(difference.line):\n  expected: \(difference.expected)\n  actual:   \(difference.actual)\n(TUSK_UPDATE_GOLDEN=1 rewrites it)",
                    sourceLocation: sourceLocation)
            }
        }
        let caseDirectory = directory.appendingPathComponent(name)
        let stale = (try? FileManager.default.contentsOfDirectory(atPath: caseDirectory.path))?
            .filter { golden in !files.contains { $0.name + ".golden" == golden } } ?? []
        for golden in stale.sorted() {
            Issue.record("\(name)/\(golden) is a golden for a file the generator no longer writes", sourceLocation: sourceLocation)
        }
    }

    /// Writes every file's golden and removes the case's goldens for files no longer written.
    static func update(_ files: [GeneratedFile], name: String) throws {
        let caseDirectory = directory.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: caseDirectory)
        for file in files {
            let url = url(of: file, in: name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static func firstDifference(expected: String, actual: String) -> (line: Int, expected: String, actual: String)? {
        guard expected != actual else { return nil }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        return (line + 1, line < e.count ? String(e[line]) : "<end>", line < a.count ? String(a[line]) : "<end>")
    }
}

/// Type-checks generated files with `swiftc`, as a module of their own, with extra sources
/// (e.g. the `swift_type:` types the schema names), so every golden case is known to compile.
enum SwiftCompiler {
    /// Generated code imports the runtime `Tusk` (this test target depends on it, so it is built):
    /// its module from the build directory, and its system library CLibPQ with libpq's headers.
    static let runtimeModuleFlags: [String] = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("Modules"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("Modules"),
            packageRoot.appendingPathComponent(".build/debug/Modules"),
        ].compactMap { $0 }
        let modules = candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Tusk.swiftmodule").path) }
        return ["-I", (modules ?? candidates.last!).path, "-I", packageRoot.appendingPathComponent("Sources/CLibPQ").path,
                "-Xcc", "-I/usr/include/postgresql", "-Xcc", "-I/opt/homebrew/opt/libpq/include"]
    }()

    /// One generated file of `schema` (`CodeGenerator.tablesFileName`, ...), after checking that
    /// the whole output type-checks.
    static func typecheckedFile(_ name: String, of schema: Schema) async throws -> String {
        let files = try CodeGenerator.generate(schema)
        let result = try await typecheck(files)
        #expect(result.status == 0, "\(result.output)")
        return try #require(files.first { $0.name == name }).contents
    }

    static func typecheck(_ files: [GeneratedFile], extraSources: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-codegen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (name, contents) in files.map({ ($0.name, $0.contents) }) + extraSources.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let run = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["swiftc", "-typecheck", "-swift-version", "6", "-module-name", "Generated"] + runtimeModuleFlags + paths,
            mergingOutput: true)
        return (run.status, run.stdout)
    }
}
