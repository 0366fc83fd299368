import Foundation
import TuskDev

/// A throwaway PostgreSQL cluster: `initdb` in a directory of its own (on memory-backed
/// `/dev/shm` when it has room, else the temporary directory), a unix socket there plus 127.0.0.1
/// on a free port, fsync off, trust authentication for the superuser `tusk`.
///
/// When the process runs as root (CI does), the server runs as the unprivileged `postgres` user
/// (else `nobody`), as the Debian packages do: PostgreSQL refuses to run as root.
/// Stopped and deleted at process exit; clusters left behind by killed processes are removed the
/// next time one starts.
public final class PostgresCluster: StoppableServer {
    public let flavor: PostgresFlavor
    public let binDirectory: String
    /// The directory holding the data directory, the socket and the log.
    public let directory: String
    public let socketDirectory: String
    public let port: Int
    public let superuser = "tusk"
    /// `server_version_num`, e.g. 150018.
    public let serverVersion: Int
    let runAsUser: String?
    /// The server's command-line options (`pg_ctl start -o`), kept for ``startServer()``.
    let startOptions: String

    var dataDirectory: String { directory + "/data" }
    public var logFile: String { directory + "/server.log" }

    /// The process-wide cluster for a flavor, started on first use.
    public static func shared(_ flavor: PostgresFlavor) async throws -> PostgresCluster {
        try await ClusterRegistry.shared.cluster(flavor)
    }

    /// libpq conninfo for a database of this cluster (over the unix socket).
    public func connectionString(database: String) -> String {
        "host=\(socketDirectory) port=\(port) user=\(superuser) dbname=\(database)"
    }

    /// A `postgresql://` URL for a database of this cluster (over the unix socket).
    public func url(database: String) -> String {
        let socket = socketDirectory.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketDirectory
        return "postgresql://\(superuser)@localhost:\(port)/\(database)?host=\(socket)"
    }

    /// A cluster of its own rather than the shared one, listening on its unix socket and on
    /// `listenAddresses` (TCP, the same port): `["127.0.0.1", "127.0.0.2"]` stands a second
    /// loopback address in for a remote server (Linux routes all of 127.0.0.0/8 to the loopback
    /// interface; macOS needs `ifconfig lo0 alias 127.0.0.2` first). SSL is off. `settings`
    /// override the defaults (`["synchronous_commit": "on"]` where an acknowledged commit must
    /// survive `restart(mode: .immediate)`). Tests that restart or stop the server use one of
    /// these. The caller calls ``stop()`` (else it stops at process exit); one left behind by a
    /// killed process is removed by the next start.
    public static func start(
        _ flavor: PostgresFlavor = .standard, listenAddresses: [String] = ["127.0.0.1"], settings: [String: String] = [:]
    ) async throws -> PostgresCluster {
        let cluster = try await runOffPool {
            try PostgresCluster(flavor: flavor, listenAddresses: listenAddresses, settings: settings)
        }
        ClusterRegistry.registerForExit(cluster)
        return cluster
    }

    /// `settings` override the defaults below (`-c name=value`, given after them). With
    /// `standbyOf`, the data directory is a `pg_basebackup -R` of that cluster: a streaming
    /// standby (hot standby) rather than a new cluster.
    init(
        flavor: PostgresFlavor, listenAddresses: [String] = ["127.0.0.1"], settings: [String: String] = [:],
        standbyOf primary: PostgresCluster? = nil
    ) throws {
        self.flavor = flavor
        let bin = try primary?.binDirectory ?? ServerBinaries.locate(flavor)
        binDirectory = bin
        Self.removeAbandonedClusters()
        let runAs: String? = geteuid() == 0 ? (getpwnam("postgres") != nil ? "postgres" : "nobody") : nil
        runAsUser = runAs
        let dir = ServerDirectory.root + "/tusk-pg-\(getpid())-\(flavor.rawValue)-\(UInt32.random(in: 0...UInt32.max))"
        directory = dir
        socketDirectory = dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try String(getpid()).write(toFile: dir + "/owner.pid", atomically: true, encoding: .utf8)
        if let runAs { try run("/bin/chown", ["-R", runAs, dir]) }
        port = try PortProbe.freePort()
        startOptions = ([
            "-k", dir, "-p", String(port), "-c", "listen_addresses=\(listenAddresses.joined(separator: ","))",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", "shared_buffers=128MB", "-c", "max_prepared_transactions=10",
            "-c", "log_min_messages=warning", "-c", "timezone=UTC",
            // Checkpoints often, so WAL stays small: every test database's CREATE DATABASE
            // writes its template to WAL, and the directory may be memory (ServerDirectory).
            "-c", "max_wal_size=256MB", "-c", "min_wal_size=64MB",
        ] + settings.sorted { $0.key < $1.key }.flatMap { ["-c", "\($0.key)=\($0.value)"] }).map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        do {
            if let primary {
                try Self.runServerTool(bin + "/pg_basebackup", [
                    "-D", dir + "/data", "-R", "-X", "stream", "-c", "fast", "--no-sync",
                    "-h", primary.socketDirectory, "-p", String(primary.port), "-U", primary.superuser,
                ], as: runAs)
            } else {
                try Self.runServerTool(bin + "/initdb", [
                    "-D", dir + "/data", "-U", "tusk", "--auth=trust", "--encoding=UTF8", "--locale=C",
                    "--no-sync", "--no-instructions",
                ], as: runAs)
            }
            try Self.runServerTool(bin + "/pg_ctl", ["start", "-D", dir + "/data", "-w", "-t", "60", "-l", dir + "/server.log", "-o", startOptions], as: runAs)
            let admin = try AdminConnection(conninfo: "host=\(dir) port=\(port) user=tusk dbname=postgres")
            serverVersion = Int(try admin.query("SHOW server_version_num").first?.first??.description ?? "") ?? 0
        } catch {
            let log = (try? String(contentsOfFile: dir + "/server.log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: dir)
            if log.isEmpty { throw error }
            throw TuskTestingError.commandFailed(command: "start PostgreSQL (\(flavor))", status: 1, output: "\(error)\nserver log:\n\(log)")
        }
    }

    /// Stops the server (immediate mode: nothing here needs to survive) and deletes its files.
    public func stop() {
        _ = try? Self.runServerTool(binDirectory + "/pg_ctl", ["stop", "-D", dataDirectory, "-m", "immediate", "-w"], as: runAsUser)
        try? FileManager.default.removeItem(atPath: directory)
    }

    fileprivate static func runServerTool(_ tool: String, _ arguments: [String], as user: String?) throws {
        if let user {
            try run("/usr/sbin/runuser", ["-u", user, "--", tool] + arguments)
        } else {
            try run(tool, arguments)
        }
    }

    /// Removes clusters whose owning process is gone (a test run that was killed).
    private static func removeAbandonedClusters() {
        removeAbandoned(prefix: "tusk-pg-") { dir in
            (try? String(contentsOfFile: dir + "/data/postmaster.pid", encoding: .utf8))?.split(separator: "\n").first
                .flatMap { Int32($0) }.map { (pid: $0, signal: SIGQUIT) }
        }
    }
}

/// Stops and deletes the servers in directories named `prefix…` whose owning test process
/// (`owner.pid`) is gone: `server(directory)` names the process to signal.
func removeAbandoned(prefix: String, server: (String) -> (pid: Int32, signal: Int32)?) {
    for root in ServerDirectory.candidates {
        removeAbandoned(prefix: prefix, under: root, server: server)
    }
}

private func removeAbandoned(prefix: String, under root: String, server: (String) -> (pid: Int32, signal: Int32)?) {
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where entry.hasPrefix(prefix) {
        let dir = root + "/" + entry
        guard let text = try? String(contentsOfFile: dir + "/owner.pid", encoding: .utf8), let owner = Int32(text),
              kill(owner, 0) != 0, errno == ESRCH else { continue }
        if let (pid, signal) = server(dir) { kill(pid, signal) }
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// A server the tests start (a cluster, a PgBouncer), stopped at process exit at the latest.
protocol StoppableServer: AnyObject, Sendable {
    func stop()
}

/// Starts each flavor's cluster once per process and stops every server at exit.
actor ClusterRegistry {
    static let shared = ClusterRegistry()
    private var starting: [PostgresFlavor: Task<PostgresCluster, any Error>] = [:]

    func cluster(_ flavor: PostgresFlavor) async throws -> PostgresCluster {
        if let task = starting[flavor] { return try await task.value }
        let task = Task.detached { () throws -> PostgresCluster in
            // initdb and pg_ctl block: run them on a thread of our own, not the cooperative pool.
            let cluster = try await runOffPool { try PostgresCluster(flavor: flavor) }
            ClusterRegistry.registerForExit(cluster)
            return cluster
        }
        starting[flavor] = task
        do {
            return try await task.value
        } catch {
            starting[flavor] = nil
            throw error
        }
    }

    private nonisolated(unsafe) static var live: [any StoppableServer] = []
    private static let liveLock = NSLock()
    private nonisolated(unsafe) static var exitHookInstalled = false

    nonisolated static func registerForExit(_ cluster: any StoppableServer) {
        liveLock.lock()
        defer { liveLock.unlock() }
        live.append(cluster)
        if !exitHookInstalled {
            exitHookInstalled = true
            atexit {
                ClusterRegistry.liveLock.lock()
                let clusters = ClusterRegistry.live
                ClusterRegistry.live = []
                ClusterRegistry.liveLock.unlock()
                for cluster in clusters { cluster.stop() }
            }
        }
    }
}

/// Runs blocking work on a new thread and resumes the caller when it is done.
func runOffPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
        thread.start()
    }
}

/// How `pg_ctl` stops a server: `fast` ends sessions (57P01) and shuts down cleanly,
/// `immediate` kills everything (crash recovery at the next start).
public enum ShutdownMode: String, Sendable {
    case fast, immediate
}

extension PostgresCluster {
    /// Restarts the server (`pg_ctl restart -m mode -w`) with the same options; returns once
    /// it accepts connections again (pg_ctl checks every 100 ms).
    public func restart(mode: ShutdownMode) async throws {
        try await pgCtl(["restart", "-D", dataDirectory, "-m", mode.rawValue, "-w", "-t", "60", "-l", logFile])
    }

    /// Runs `pg_ctl` with `arguments` (as the server's user), off the cooperative pool.
    private func pgCtl(_ arguments: [String]) async throws {
        let (tool, user) = (binDirectory + "/pg_ctl", runAsUser)
        try await runOffPool { try Self.runServerTool(tool, arguments, as: user) }
    }

    /// A streaming standby of this cluster, a cluster of its own (`pg_basebackup -R` over the
    /// unix socket, hot standby, its own port and socket; the same `settings` rules as
    /// ``start(_:listenAddresses:settings:)``, and `wal_retrieve_retry_interval` 100 ms). It follows this cluster until it is promoted
    /// (``promote()``). The caller calls ``stop()`` (else it stops at process exit).
    public func startStandby(settings: [String: String] = [:]) async throws -> PostgresCluster {
        // A standby whose stream ended (its restart, the primary's) retries every 100 ms, not 5 s.
        let settings = ["wal_retrieve_retry_interval": "100ms"].merging(settings) { $1 }
        let standby = try await runOffPool { try PostgresCluster(flavor: self.flavor, settings: settings, standbyOf: self) }
        ClusterRegistry.registerForExit(standby)
        return standby
    }

    /// Stops the server (`pg_ctl stop -m mode -w`), keeping its files for ``startServer()``.
    public func stopServer(mode: ShutdownMode) async throws {
        try await pgCtl(["stop", "-D", dataDirectory, "-m", mode.rawValue, "-w", "-t", "60"])
    }

    /// Starts a server stopped by ``stopServer(mode:)`` with its options; returns once it
    /// accepts connections.
    public func startServer() async throws {
        try await pgCtl(["start", "-D", dataDirectory, "-w", "-t", "60", "-l", logFile, "-o", startOptions])
    }

    /// Promotes a standby to a primary (`pg_ctl promote -w`): it stops following and takes writes.
    public func promote() async throws {
        try await pgCtl(["promote", "-D", dataDirectory, "-w", "-t", "60"])
    }

    /// Runs SQL in the cluster's `postgres` database (text results).
    public func adminQuery(_ sql: String) async throws -> [[String?]] {
        try await AdminConnection.query(on: connectionString(database: "postgres"), sql)
    }
}
