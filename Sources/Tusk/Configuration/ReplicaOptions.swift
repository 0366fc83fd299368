/// How a ``Database`` with read replicas (``PostgresConfiguration/replicas``) spreads reads.
///
/// Reads outside a transaction (``Database/query(_:)`` of a statement that writes nothing and
/// locks nothing: the typed API's reads, raw `SELECT`s) go to a healthy replica; everything
/// else goes to the primary. A replica is healthy while its health check (every
/// ``checkInterval``, on a connection of its own) answers, it is still a standby
/// (`pg_is_in_recovery()`) and it lags the primary by no more than ``maxLag``.
public struct ReplicaOptions: Sendable, Hashable {
    /// Which healthy replica serves a read.
    public var balancing: ReplicaBalancing = .roundRobin
    /// A replica further behind than this (the age of the oldest primary WAL position it has
    /// not replayed, as the health checks measure it) leaves the rotation until it catches up.
    public var maxLag: Duration = .seconds(5)
    /// How often each replica's replayed position and the primary's WAL position are read.
    public var checkInterval: Duration = .milliseconds(200)

    public init(balancing: ReplicaBalancing = .roundRobin, maxLag: Duration = .seconds(5), checkInterval: Duration = .milliseconds(200)) {
        self.balancing = balancing
        self.maxLag = maxLag
        self.checkInterval = checkInterval
    }
}

/// Which healthy replica serves a read.
public enum ReplicaBalancing: Sendable, Hashable {
    /// Each in turn.
    case roundRobin
    /// The one with the fewest reads in flight from this process.
    case leastBusy
}

extension PostgresConfiguration {
    /// Adds a read replica reached by `connectionString` (a URI or `key=value` string), with
    /// every other setting (pool sizes, timeouts, logger, ...) copied from this configuration.
    public mutating func addReplica(_ connectionString: String) throws {
        var replica = self
        replica.parameters = try PostgresConfiguration(connectionString).parameters
        replica.replicas = []
        replicas.append(replica)
    }
}
