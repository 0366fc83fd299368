import CLibPQ
import Foundation
import Logging
import Metrics
import Tracing

/// How to reach PostgreSQL and how the runtime behaves on each connection.
///
/// Build it from `DATABASE_URL` (a `postgresql://` URI or a libpq `key=value` string) or from the
/// `PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE` variables with ``fromEnvironment(_:)``, or from a
/// string with ``init(_:)``. Every libpq keyword is accepted (`target_session_attrs`, multiple
/// hosts `host=a,b`, `sslrootcert`, ...). `sslmode=require` is added unless every host libpq
/// will really connect to is local (unix socket, `localhost`, `127.0.0.1`, `::1`; `hostaddr`
/// wins over `host`, and keywords the string leaves out come from `PGHOST`, `PGHOSTADDR`, a
/// `PGSERVICE` service file, ...) or `sslmode` is chosen (in the string, `PGSSLMODE` or the
/// service file). See ``isLocal``.
///
/// The password is never part of ``description``, log lines or errors.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// libpq connection keywords and values (`host`, `port`, `user`, `password`, `dbname`, ...).
    public var parameters: [String: String]
    /// How long opening one connection may take (all hosts together). Default 10 s, or the
    /// connection string's `connect_timeout` (`PGCONNECT_TIMEOUT`) in seconds.
    public var connectTimeout: Duration = .seconds(10)
    /// Server-side `statement_timeout` for every statement of every connection; nil leaves the
    /// server's default.
    public var statementTimeout: Duration?
    /// Session `TimeZone`. UTC by default so `timestamp` (without time zone) values and casts
    /// between `timestamp` and `timestamptz` mean the same instant in Swift and in SQL.
    public var sessionTimeZone: String? = "UTC"
    /// How statements with parameters are sent. See ``StatementMode``.
    public var statementMode: StatementMode = .prepared
    /// A transaction-mode pooler between Tusk and PostgreSQL (PgBouncer), or none. See ``Pooler``.
    public var pooler: Pooler = .direct
    /// Prepared statements kept per connection (least recently used are deallocated).
    public var preparedStatementCacheSize: Int = 256
    /// How long a task waits for a statement's answer on its own thread before it hands the
    /// wait to the connection's thread and suspends. Default 200 µs.
    ///
    /// A statement on an idle connection is sent and, when it is answered within this time (a
    /// lookup by key usually is), read on the calling thread: no thread wake at all, half the
    /// client CPU of the hand-off (BENCHMARKS.md). The price is that one of Swift's cooperative
    /// threads is blocked for up to this long; `.zero` never blocks one (every statement goes
    /// through the connection's thread). Statements inside `withConnection` and `transaction`
    /// already run on the connection's thread and are not affected.
    public var inlineAnswerWait: Duration = .microseconds(200)
    /// Statements slower than this are logged at `warning`. Default 1 s.
    public var slowStatementThreshold: Duration = .seconds(1)
    /// The pool's sizes and timeouts.
    public var pool: PoolOptions = PoolOptions()
    /// Where the runtime logs (statements at `debug`, slow statements at `warning`).
    public var logger: Logger = Logger(label: "tusk")
    /// Where the OpenTelemetry-named metrics go (`db.client.operation.duration`,
    /// `db.client.connection.*`; see docs/typed-api.md). nil (the default) uses the factory
    /// bootstrapped with `MetricsSystem.bootstrap`.
    public var metricsFactory: (any MetricsFactory)?
    /// Where statement, transaction, batch, COPY and migration spans go (client spans, children
    /// of `ServiceContext.current`, named and attributed per the OpenTelemetry database
    /// conventions). nil (the default) uses the process's tracer, `InstrumentationSystem.tracer`,
    /// as it is when each connection opens (bootstrap it before connecting; a `withTracer` scope
    /// is not seen: set this instead); with none, no span is built at all.
    public var tracer: (any Tracer)?
    /// Read replicas (streaming standbys of this primary): reads outside a transaction go to
    /// them, with read-your-writes per task (docs/scaling.md). Empty: everything goes here.
    /// Add them with ``addReplica(_:)``.
    public var replicas: [PostgresConfiguration] = []
    /// How reads are spread over ``replicas`` and when a replica leaves the rotation.
    public var replicaOptions = ReplicaOptions()
    /// The read cache's bounds, storage and cross-process invalidation (used by reads that say
    /// `.cached(ttl:)`; see docs/typed-api.md "Caching reads").
    public var queryCache: QueryCacheOptions = QueryCacheOptions()

    /// Parses a `postgresql://` URI or a libpq `key=value` connection string.
    public init(_ connectionString: String) throws {
        parameters = try Self.parse(connectionString)
        try applyConnectTimeout()
        applyDefaults()
    }

    /// Connection by parts. `host` may be a unix-socket directory.
    public init(
        host: String = "localhost", port: Int = 5432, user: String, password: String? = nil,
        database: String
    ) {
        parameters = ["host": host, "port": String(port), "user": user, "dbname": database]
        if let password { parameters["password"] = password }
        applyDefaults()
    }

    /// `DATABASE_URL` when set, else the `PG*` variables (`PGHOST`, `PGPORT`, `PGUSER`,
    /// `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`, `PGAPPNAME`).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PostgresConfiguration {
        if let url = environment["DATABASE_URL"], !url.trimmingCharacters(in: .whitespaces).isEmpty {
            return try PostgresConfiguration(url)
        }
        let names: [(String, String)] = [
            ("PGHOST", "host"), ("PGHOSTADDR", "hostaddr"), ("PGPORT", "port"), ("PGUSER", "user"),
            ("PGPASSWORD", "password"), ("PGDATABASE", "dbname"), ("PGSSLMODE", "sslmode"),
            ("PGAPPNAME", "application_name"), ("PGTARGETSESSIONATTRS", "target_session_attrs"),
            ("PGCONNECT_TIMEOUT", "connect_timeout"),
        ]
        var configuration = PostgresConfiguration(parameters: [:])
        for (variable, keyword) in names {
            if let value = environment[variable], !value.isEmpty { configuration.parameters[keyword] = value }
        }
        if configuration.parameters["host"] == nil && configuration.parameters["hostaddr"] == nil {
            configuration.parameters["host"] = "localhost"
        }
        try configuration.applyConnectTimeout()
        configuration.applyDefaults()
        return configuration
    }

    private init(parameters: [String: String]) { self.parameters = parameters }

    public var host: String? { parameters["host"] ?? parameters["hostaddr"] }
    public var port: Int? { parameters["port"].flatMap { Int($0.split(separator: ",").first ?? "") } }
    public var user: String? { parameters["user"] }
    public var database: String? { parameters["dbname"] ?? parameters["user"] }

    /// Every host libpq will connect to is local: a unix socket, `localhost`, `127.0.0.1` or
    /// `::1` (not the rest of 127.0.0.0/8). Judged from the parameters merged with libpq's
    /// environment defaults, `hostaddr` before `host`, every host of a list; a `service=` in the
    /// string is read by libpq only when connecting, so it is not local.
    public var isLocal: Bool { ConnectionTargets(parameters: parameters, defaults: .current()).isLocal }

    /// Tusk added `sslmode=require` because the server is not local (for the error's hint).
    private var requiresTLSBecauseRemote = false

    /// `require` when no sslmode is chosen and a server libpq will connect to is not local.
    /// Applied when the configuration is made (so `parameters` and `description` show it) and
    /// again for every connection, so parameters changed afterwards cannot skip it.
    private var enforcedSSLMode: String? {
        let targets = ConnectionTargets(parameters: parameters, defaults: .current())
        return !targets.sslModeChosen && !targets.isLocal ? "require" : nil
    }

    /// libpq's `connect_timeout` (in the string, or `PGCONNECT_TIMEOUT`) as ``connectTimeout``:
    /// Tusk drives the connect itself (`PQconnectPoll`, which does not read it), so without this
    /// the keyword would be silently ignored. libpq's meaning: whole seconds, 1 counts as 2, zero
    /// or less waits indefinitely.
    private mutating func applyConnectTimeout() throws {
        guard let text = parameters["connect_timeout"] else { return }
        guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw PostgresError(
                kind: .invalidConfiguration, message: "connect_timeout must be a whole number of seconds, not '\(text)' (e.g. connect_timeout=10)")
        }
        connectTimeout = seconds <= 0 ? .seconds(Int64(Int32.max)) : .seconds(max(2, seconds))
    }

    private mutating func applyDefaults() {
        if let mode = enforcedSSLMode {
            parameters["sslmode"] = mode
            requiresTLSBecauseRemote = true
        }
        if parameters["application_name"] == nil { parameters["application_name"] = "tusk" }
    }

    /// Keywords and values handed to libpq, with the runtime's session settings folded into
    /// `options`.
    func libpqParameters() -> [(String, String)] {
        var result = parameters.filter { $0.key != "options" }.sorted { $0.key < $1.key }
        if let mode = enforcedSSLMode { result.append(("sslmode", mode)) }
        var options = parameters["options"].map { [$0] } ?? []
        // A pooler refuses `options`: the time zone is set after connecting (poolerSessionSetup).
        if pooler == .direct, let zone = sessionTimeZone, !(parameters["options"] ?? "").contains("TimeZone") {
            options.append("-c TimeZone=\(zone)")
        }
        if let timeout = statementTimeout {
            options.append("-c statement_timeout=\(timeout.milliseconds)")
        }
        if !options.isEmpty { result.append(("options", options.joined(separator: " "))) }
        return result
    }

    /// The connection string without the password, for logs and errors.
    public var description: String {
        parameters.sorted { $0.key < $1.key }.map { key, value in
            SecretRedaction.secretKeywords.contains(key) ? "\(key)=\(SecretRedaction.mask)" : "\(key)=\(Self.quote(value))"
        }.joined(separator: " ")
    }

    /// The error for a connection attempt that failed with libpq's `message`: names the
    /// configuration (password masked) and scrubs the password's value from libpq's text too.
    func connectionFailure(_ message: String) -> PostgresError {
        let secrets = SecretRedaction.secretKeywords.compactMap { parameters[$0] }
        var reason = SecretRedaction.scrub(message.trimmingCharacters(in: .whitespacesAndNewlines), secrets: secrets)
        if (requiresTLSBecauseRemote || enforcedSSLMode != nil) && reason.contains("SSL") {
            reason += " (TLS is required: the server is not local, so Tusk set sslmode=require; enable TLS on"
                + " the server, or choose an sslmode explicitly — only unix sockets, localhost, 127.0.0.1 and ::1"
                + " count as local)"
        }
        return PostgresError(kind: .connectionFailed, message: "could not connect to \(self): \(reason)")
    }

    private static func quote(_ value: String) -> String {
        if !value.isEmpty && !value.contains(where: { $0 == " " || $0 == "'" || $0 == "\\" }) { return value }
        return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Uses libpq's own parser so URIs and key=value strings mean exactly what they mean to psql.
    ///
    /// No message quotes the string: a malformed one may hold a password anywhere (see
    /// ``SecretRedaction``).
    private static func parse(_ string: String) throws -> [String: String] {
        try rejectUnencodedUserInfo(string)
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(string, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "unparsable connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(
                kind: .invalidConfiguration,
                message: "invalid connection string: "
                    + SecretRedaction.parseMessage(message.trimmingCharacters(in: .whitespacesAndNewlines))
                    + " (the text libpq quoted is not shown: it may hold a password; percent-encode"
                    + " special characters of a URI's user and password)")
        }
        defer { PQconninfoFree(options) }
        var result: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { result[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        if let mode = result["sslmode"],
            !["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(mode)
        {
            throw PostgresError(
                kind: .invalidConfiguration,
                message: "unknown sslmode: use disable, allow, prefer, require, verify-ca or verify-full")
        }
        if let ports = result["port"] {
            for port in ports.split(separator: ",", omittingEmptySubsequences: false) {
                guard let number = Int(port), (1...65535).contains(number) else {
                    // Not quoted: in a URI whose password holds an unencoded '/', libpq reads the
                    // password as the port.
                    throw PostgresError(
                        kind: .invalidConfiguration,
                        message: "invalid port: each port must be a number from 1 to 65535 (percent-encode '/', '@' and ':' in a URI's password)")
                }
            }
        }
        return result
    }

    /// A `postgresql://` URI with an `@` after the host's `/` has a user info whose password
    /// holds an unencoded `/` (`postgresql://app:pa/ss@host/db`): libpq would read `app` as the
    /// host and part of the password as the database name, which then shows in descriptions.
    private static func rejectUnencodedUserInfo(_ string: String) throws {
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        guard let scheme = ["postgresql://", "postgres://"].first(where: { trimmed.lowercased().hasPrefix($0) }) else { return }
        let rest = trimmed.dropFirst(scheme.count)
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }), rest[slash] == "/" else { return }
        let path = rest[slash...].prefix { $0 != "?" }
        if path.contains("@") {
            throw PostgresError(
                kind: .invalidConfiguration,
                message: "invalid connection string: the URI has an '@' after its host; percent-encode '/' (%2F) and '@' (%40) in the user name and password")
        }
    }
}

/// How statements that take parameters are sent to the server.
public enum StatementMode: Sendable, Hashable {
    /// Named prepared statements, cached per connection by SQL text: one round trip in steady state.
    case prepared
    /// The unnamed statement (parse, bind and execute in one round trip, nothing kept on the server):
    /// for transaction-pooling proxies (PgBouncer in transaction mode) without prepared-statement support.
    case unnamed
}

/// Sizes and timeouts of the connection pool behind a ``Database``.
public struct PoolOptions: Sendable {
    /// Connections opened at start and kept open when idle.
    public var minConnections: Int = 1
    /// Never more connections than this at once.
    public var maxConnections: Int = 10
    /// How long `acquire` waits for a connection before failing with `.poolTimeout`.
    public var acquireTimeout: Duration = .seconds(30)
    /// Idle connections above `minConnections` are closed after this long.
    public var idleTimeout: Duration = .seconds(300)
    /// Connections are replaced after this long (plus up to 10% random jitter so they do not all
    /// reconnect at once).
    public var maxLifetime: Duration = .seconds(1800)
    /// A connection idle for longer than this is pinged by the pool's maintenance (about once a
    /// second; a dropped session is replaced before anyone leases it) and before it is handed out.
    public var livenessCheckAfterIdle: Duration = .seconds(30)
    /// A lease held longer than this logs a warning (a likely leak).
    public var leakWarningAfter: Duration = .seconds(60)
    /// On shutdown (``Database/shutdown()`` or a graceful shutdown of the ``Database`` service),
    /// how long leased connections get to come back before their statements are cancelled and
    /// their sessions closed. New leases fail with `.poolClosed` from the start of the shutdown.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// The pool's name in metrics (`db.client.connection.pool.name`); nil: `host:port/database`.
    public var name: String?

    public init() {}

    public init(minConnections: Int = 1, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(30)) {
        self.minConnections = minConnections
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
