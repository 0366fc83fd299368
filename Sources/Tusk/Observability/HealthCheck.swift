import CLibPQ

/// What ``Database/healthCheck()`` found: enough for a readiness endpoint.
public struct HealthReport: Sendable {
    /// `server_version_num` (150004 for 15.4).
    public var serverVersion: Int
    public var database: String
    /// The host (or socket directory) and port the checked connection uses.
    public var host: String
    public var port: Int?
    /// Time for one round trip to the server on a pooled connection.
    public var roundTrip: Duration
    public var pool: PoolStats
    /// The read replicas as their monitor last saw them (empty without replicas).
    public var replicas: [ReplicaStatus]
}

extension Database {
    /// Leases a connection, measures a round trip, and reports server, pool and replica state.
    /// Throws the connection or pool error when the primary is not reachable.
    public func healthCheck() async throws -> HealthReport {
        let (version, database, host, port, roundTrip) = try await withConnection(fencing: false) { connection in
            let start = ContinuousClock.now
            try await connection.ping()
            let roundTrip = ContinuousClock.now - start
            let (database, host, port) = try await connection.performUncancellable(nil) { session in
                let connection = session.connection
                return (
                    String(cString: PQdb(connection)), String(cString: PQhost(connection)),
                    Int(String(cString: PQport(connection)))
                )
            }
            return (connection.serverVersion, database, host, port, roundTrip)
        }
        return HealthReport(
            serverVersion: version, database: database, host: host, port: port, roundTrip: roundTrip,
            pool: await stats, replicas: replicaStatuses)
    }
}
