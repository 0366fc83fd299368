import Foundation

/// A persistent local PostgreSQL for developing an app: one data directory under the package
/// (`.tusk/dev`), created on first use, started on demand and reused across runs.
///
/// `initdb` runs once (a file lock keeps two processes from racing), the data stays between runs,
/// and a server left running by an earlier run is reused. It listens on 127.0.0.1 only, on a port
/// kept in `.tusk/dev/port`, with trust authentication for the user `tusk`: a developer's machine,
/// never a production setting. As root (containers), the server runs as `postgres` (else `nobody`),
/// since PostgreSQL refuses to run as root.
public struct DevDatabase: Sendable, Equatable {
    /// The directory holding `data/`, `server.log`, `port` and `lock`.
    public let directory: String
    public let port: Int
    /// True when this call ran `initdb` (the first start in this directory).
    public let created: Bool
    /// True when the server was already running (started by an earlier run or another process).
    public let reused: Bool

    public static let user = "tusk"
    public static let databaseName = "postgres"

    /// The `DATABASE_URL` of the server.
    public var url: String { "postgresql://\(Self.user)@127.0.0.1:\(port)/\(Self.databaseName)?sslmode=disable" }

    /// `.tusk/dev` in the package directory: the nearest directory holding a Package.swift from
    /// the working directory up, else the working directory. `TUSK_DEV_DIR` overrides it.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["TUSK_DEV_DIR"], !dir.isEmpty { return dir }
        return packageDirectory().path + "/.tusk/dev"
    }

    /// Starts the server in `directory` (creating the cluster the first time) or finds it running.
    public static func start(directory: String = defaultDirectory()) async throws -> DevDatabase {
        try await offPool { try LocalServer(directory: directory).start() }
    }

    /// Stops the server (fast shutdown: sessions end, data is kept). Returns false when it was not running.
    @discardableResult
    public static func stop(directory: String = defaultDirectory()) async throws -> Bool {
        try await offPool { try LocalServer(directory: directory).stop() }
    }

    /// The server when it is running now, else nil (never starts it).
    public static func status(directory: String = defaultDirectory()) async throws -> DevDatabase? {
        try await offPool { try LocalServer(directory: directory).running() }
    }

    static func packageDirectory(from start: String = FileManager.default.currentDirectoryPath) -> URL {
        var url = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return URL(fileURLWithPath: start).standardizedFileURL }
            url = parent
        }
    }
}

/// initdb, pg_ctl and a blocking file lock: run them on a thread of their own, not the cooperative pool.
private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result(catching: work)) }.start()
    }
}
