import Foundation

/// The files and pg_ctl calls behind ``DevDatabase``; every method blocks.
struct LocalServer {
    let directory: String
    var dataDirectory: String { directory + "/data" }
    var logFile: String { directory + "/server.log" }
    var portFile: String { directory + "/port" }
    /// The unprivileged user the server runs as when this process is root.
    let runAs: String? = geteuid() == 0 ? (getpwnam("postgres") != nil ? "postgres" : "nobody") : nil

    init(directory: String) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
    }

    func start() throws -> DevDatabase {
        try withLock {
            if let running = try running() { return running }
            let bin = try binaries()
            var created = false
            if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
                try initialize(bin: bin)
                created = true
            }
            let port = try choosePort()
            do {
                try runServerTool(bin + "/pg_ctl", [
                    "start", "-D", dataDirectory, "-w", "-t", "60", "-l", logFile, "-o",
                    "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c timezone=UTC",
                ])
            } catch let failure as ProgramFailure {
                throw DevDatabaseError.serverFailed(step: "start", output: failure.output, log: logTail())
            }
            return DevDatabase(directory: directory, port: port, created: created, reused: false)
        }
    }

    func stop() throws -> Bool {
        try withLock {
            guard try running() != nil else { return false }
            do {
                try runServerTool(try binaries() + "/pg_ctl", ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60"])
            } catch let failure as ProgramFailure {
                throw DevDatabaseError.serverFailed(step: "stop", output: failure.output, log: logTail())
            }
            return true
        }
    }

    /// Running means postmaster.pid names a live process and the port file names its port.
    func running() throws -> DevDatabase? {
        guard let pidFile = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else { return nil }
        let lines = pidFile.split(separator: "\n", omittingEmptySubsequences: false)
        guard let pid = lines.first.flatMap({ Int32($0) }), kill(pid, 0) == 0 || errno == EPERM,
              lines.count > 3, let port = Int(lines[3]) else { return nil }
        return DevDatabase(directory: directory, port: port, created: false, reused: true)
    }

    private func binaries() throws -> String {
        try LocalServerBinaries.locate(
            packageDirectory: DevDatabase.packageDirectory(), environment: ProcessInfo.processInfo.environment)
    }

    private func initialize(bin: String) throws {
        try? FileManager.default.removeItem(atPath: dataDirectory)  // a half-made cluster from an interrupted initdb
        do {
            try runServerTool(bin + "/initdb", [
                "-D", dataDirectory, "-U", DevDatabase.user, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-instructions",
            ])
        } catch let failure as ProgramFailure {
            // As root the server's user must reach the directory: a private parent (mktemp -d) stops it.
            let hint = runAs.map { "\nThe server runs as '\($0)': every directory above \(directory) must be searchable by it (chmod o+x), or choose another with TUSK_DEV_DIR." } ?? ""
            throw DevDatabaseError.serverFailed(step: "initdb in \(dataDirectory)", output: failure.output + hint, log: "")
        }
    }

    /// The port kept from the last run while it is free, else a new free one (kept for next time).
    private func choosePort() throws -> Int {
        if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
           let kept = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), PortProbe.isFree(kept) {
            return kept
        }
        let port = try PortProbe.freePort()
        try String(port).write(toFile: portFile, atomically: true, encoding: .utf8)
        return port
    }

    /// An exclusive `flock` on `directory/lock` for the whole call: two processes starting at once
    /// run initdb once, and the second finds the first one's server.
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if let runAs { _ = try? runProgram("/bin/chown", [runAs, directory]) }
        let fd = open(directory + "/lock", O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else {
            throw DevDatabaseError.serverFailed(step: "lock \(directory)/lock", output: String(cString: strerror(errno)), log: "")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    private func runServerTool(_ tool: String, _ arguments: [String]) throws {
        if let runAs {
            // The server's files belong to the user it runs as (the log and port file included).
            if FileManager.default.fileExists(atPath: dataDirectory) { try runProgram("/bin/chown", ["-R", runAs, dataDirectory]) }
            try runProgram("/bin/sh", ["-c", "touch \"$1\" && chown \"$2\" \"$1\"", "sh", logFile, runAs])
            try runProgram("/usr/sbin/runuser", ["-u", runAs, "--", tool] + arguments)
        } else {
            try runProgram(tool, arguments)
        }
    }

    private func logTail() -> String {
        let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").suffix(20).joined(separator: "\n")
    }
}

/// Free TCP ports on 127.0.0.1 (TuskTesting's clusters take theirs here too).
package enum PortProbe {
    package static func isFree(_ port: Int) -> Bool { (try? claim(port: port)) != nil }

    /// A port nobody listens on now (the kernel picks it).
    package static func freePort() throws -> Int { try claim(port: 0) }

    /// Binds 127.0.0.1:`port` for a moment (0: the kernel picks) and returns the port bound.
    private static func claim(port: Int) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DevDatabaseError.serverFailed(step: "open a socket", output: String(cString: strerror(errno)), log: "") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw DevDatabaseError.serverFailed(step: "use port \(port)", output: String(cString: strerror(errno)), log: "") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
