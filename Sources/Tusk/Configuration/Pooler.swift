/// What sits between Tusk and PostgreSQL, deciding what a session may keep between transactions.
///
/// ```swift
/// var configuration = try PostgresConfiguration("postgresql://app@pgbouncer:6432/app")
/// configuration.pooler = .pgbouncerTransaction
/// ```
///
/// Behind a transaction-mode pooler each transaction (and each statement outside one) may run
/// on a different server session, so nothing may live on a session between them:
/// - statements are sent unnamed (parse, bind and execute in one round trip), never as named
///   prepared statements another client's session would not have (26000) or already has (42P05);
/// - the session time zone is set with `SET TimeZone` after connecting, which PgBouncer tracks
///   and replays on whichever server session serves the client (it refuses the `options`
///   startup parameter Tusk otherwise uses);
/// - what needs one session for longer fails at once with `.invalidConfiguration` and the fix:
///   ``PostgresConfiguration/statementTimeout`` (set it on the role instead), `LISTEN` (so
///   ``Database/notifications(channel:bufferSize:)``, the job queue's workers, and
///   ``QueryCacheOptions/crossProcess`` at connect), and the migrator's session advisory lock.
///   Give those a direct URL.
public enum Pooler: Sendable, Hashable {
    /// Tusk talks to PostgreSQL itself (or through a session-mode pooler): every feature works.
    case direct
    /// PgBouncer (or a pooler that behaves alike) with `pool_mode = transaction`.
    case pgbouncerTransaction
}

extension PostgresConfiguration {
    /// How statements are really sent: always unnamed behind a transaction-mode pooler.
    var effectiveStatementMode: StatementMode { pooler == .direct ? statementMode : .unnamed }

    /// Fails with `.invalidConfiguration` when `feature` needs one server session for longer
    /// than a transaction and the configuration names a transaction-mode pooler.
    public func requireSessionPersistence(for feature: String) throws {
        guard pooler != .direct else { return }
        throw PostgresError(
            kind: .invalidConfiguration,
            message: "\(feature) needs one server session for longer than a transaction, which a transaction-mode pooler"
                + " (pooler = .pgbouncerTransaction) does not keep: use a configuration with a direct URL to PostgreSQL"
                + " (pooler = .direct) for it")
    }

    /// The settings a pooled configuration cannot send, refused before connecting.
    func checkPoolerCompatibility() throws {
        guard pooler != .direct else { return }
        if queryCache.crossProcess {
            try requireSessionPersistence(for: "cross-process cache invalidation (queryCache.crossProcess listens with LISTEN)")
        }
        if statementTimeout != nil {
            throw PostgresError(
                kind: .invalidConfiguration,
                message: "statementTimeout cannot be used with a transaction-mode pooler (a session setting would reach"
                    + " other clients of the pooler's server sessions): set it on the role instead, as in"
                    + " ALTER ROLE app SET statement_timeout = '5s', and leave statementTimeout nil")
        }
    }

    /// The statement run after connecting through a pooler, for what the direct mode sends at
    /// start-up (`options`): the time zone, which PgBouncer tracks per client.
    var poolerSessionSetup: SQLScript? {
        guard pooler != .direct, let zone = sessionTimeZone else { return nil }
        return "SET TimeZone TO \(literal: zone)"
    }
}
