import Foundation
import TuskDev

/// A throwaway PgBouncer in transaction mode in front of a ``PostgresCluster``: every database
/// of the cluster under its own name, on a unix socket in a temporary directory (and a free
/// port), `auth_type = trust` for the cluster's superuser, `default_pool_size` server sessions
/// per database.
///
/// ```swift
/// let bouncer = try await PgBouncer.start(in: cluster, poolSize: 1)
/// defer { bouncer.stop() }
/// var configuration = try PostgresConfiguration(bouncer.connectionString(database: "postgres"))
/// configuration.pooler = .pgbouncerTransaction
/// ```
///
/// The binary is `TUSK_PGBOUNCER`, else `pgbouncer` on the PATH, `/usr/sbin/pgbouncer`
/// (Debian's package; `scripts/setup.sh` installs it). As root it runs as the cluster's user
/// (PgBouncer refuses root). Stopped and deleted at process exit unless ``stop()`` came first.
public final class PgBouncer: StoppableServer {
    public let cluster: PostgresCluster
    /// The directory holding the socket, the configuration, the log and the pid file.
    public let directory: String
    public let port: Int
    public let poolSize: Int
    public var logFile: String { directory + "/pgbouncer.log" }
    var pidFile: String { directory + "/pgbouncer.pid" }

    /// Starts PgBouncer with `pool_mode = transaction` and `poolSize` server sessions per
    /// database; returns once it accepts connections.
    public static func start(in cluster: PostgresCluster, poolSize: Int = 4) async throws -> PgBouncer {
        let bouncer = try await runOffPool { try PgBouncer(cluster: cluster, poolSize: poolSize) }
        ClusterRegistry.registerForExit(bouncer)
        do {
            try await waitUntil("PgBouncer accepts connections", timeout: .seconds(20)) {
                (try? await AdminConnection.query(on: bouncer.connectionString(database: "postgres"), "SELECT 1")) != nil
            }
        } catch {
            let log = (try? String(contentsOfFile: bouncer.logFile, encoding: .utf8)) ?? ""
            bouncer.stop()
            throw TuskTestingError.commandFailed(command: "start pgbouncer", status: 1, output: "\(error)\nlog:\n\(log)")
        }
        return bouncer
    }

    private init(cluster: PostgresCluster, poolSize: Int) throws {
        self.cluster = cluster
        self.poolSize = poolSize
        let binary = try Self.locate()
        Self.removeAbandoned()
        let dir = ServerDirectory.root + "/tusk-pgbouncer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        directory = dir
        port = try PortProbe.freePort()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try String(getpid()).write(toFile: dir + "/owner.pid", atomically: true, encoding: .utf8)
        try "\"\(cluster.superuser)\" \"\"\n".write(toFile: dir + "/userlist.txt", atomically: true, encoding: .utf8)
        try """
            [databases]
            * = host=\(cluster.socketDirectory) port=\(cluster.port)

            [pgbouncer]
            pool_mode = transaction
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir = \(dir)
            auth_type = trust
            auth_file = \(dir)/userlist.txt
            admin_users = \(cluster.superuser)
            default_pool_size = \(poolSize)
            max_client_conn = 1000
            ignore_startup_parameters = extra_float_digits
            logfile = \(dir)/pgbouncer.log
            pidfile = \(dir)/pgbouncer.pid
            log_connections = 0
            log_disconnections = 0

            """.write(toFile: dir + "/pgbouncer.ini", atomically: true, encoding: .utf8)
        if let user = cluster.runAsUser {
            try run("/bin/chown", ["-R", user, dir])
            try run("/usr/sbin/runuser", ["-u", user, "--", binary, "-d", dir + "/pgbouncer.ini"])
        } else {
            try run(binary, ["-d", dir + "/pgbouncer.ini"])
        }
    }

    /// libpq conninfo for `database` through PgBouncer (its unix socket).
    public func connectionString(database: String) -> String {
        "host=\(directory) port=\(port) user=\(cluster.superuser) dbname=\(database)"
    }

    /// Runs a command on PgBouncer's admin console (`SHOW POOLS`, `SHOW STATS`, ...).
    public func adminCommand(_ command: String) async throws -> [[String?]] {
        try await AdminConnection.query(on: connectionString(database: "pgbouncer"), command)
    }

    /// Stops PgBouncer (SIGKILL: nothing here needs to survive, and 1.18's SIGINT waits for its
    /// clients) and deletes its files.
    public func stop() {
        if let pid = Self.pid(in: directory) { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func pid(in directory: String) -> Int32? {
        (try? String(contentsOfFile: directory + "/pgbouncer.pid", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    static func locate() throws -> String {
        let env = ProcessInfo.processInfo.environment
        var candidates = [env["TUSK_PGBOUNCER"]].compactMap { $0 }
        candidates += (env["PATH"] ?? "").split(separator: ":").map { "\($0)/pgbouncer" }
        candidates += ["/usr/sbin/pgbouncer", "/usr/local/bin/pgbouncer", "/opt/homebrew/bin/pgbouncer"]
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        throw TuskTestingError.commandFailed(
            command: "pgbouncer", status: 127,
            output: "no pgbouncer binary (searched TUSK_PGBOUNCER, PATH, /usr/sbin): run `bash scripts/setup.sh` (apt-get install pgbouncer)")
    }

    /// Stops and removes PgBouncers whose owning process is gone (a killed test run).
    private static func removeAbandoned() {
        TuskTesting.removeAbandoned(prefix: "tusk-pgbouncer-") { dir in pid(in: dir).map { (pid: $0, signal: SIGKILL) } }
    }
}
