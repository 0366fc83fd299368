import Foundation
import Testing
import TuskCodegen
import TuskTesting

/// Golden files: the generated Swift for a case, all files concatenated under a `// ===== name`
/// line, stored as `Golden/<case>.swift.golden`. Run with `TUSK_UPDATE_GOLDEN=1` to rewrite
/// them after an intended change, then review the diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func text(of files: [GeneratedFile]) -> String {
        files.map { "// ===== \($0.name)\n" + $0.contents }.joined(separator: "\n")
    }

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name + ".swift.golden") }

    static func check(_ files: [GeneratedFile], against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = text(of: files)
        let url = url(name)
        if ProcessInfo.processInfo.environment["TUSK_UPDATE_GOLDEN"] != nil {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            let got = line < a.count ? String(a[line]) : "<end>"
            let want = line < e.count ? String(e[line]) : "<end>"
            Issue.record(
                "\(name).swift.golden differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n(TUSK_UPDATE_GOLDEN=1 rewrites it)",
                sourceLocation: sourceLocation)
        }
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

    static func typecheck(_ files: [GeneratedFile], extraSources: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-codegen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (name, contents) in files.map({ ($0.name, $0.contents) }) + extraSources.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let run = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["swiftc", "-typecheck", "-swift-version", "6", "-module-name", "Generated"] + runtimeModuleFlags + paths,
            mergingOutput: true)
        return (run.status, run.stdout)
    }
}
