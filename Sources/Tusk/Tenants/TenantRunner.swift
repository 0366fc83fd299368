/// A runner for one tenant's work (`db.tenant(accountID)`).
///
/// Every statement Tusk builds over a table with `tenant:` in schema.yaml, run through it (or
/// through a transaction it opens), is limited to the tenant's rows: reads, `find`, counts,
/// aggregates, projections, streams, both sides of a join, eager loads, relation filters,
/// updates, deletes and an upsert's update get `"tenant_column" = <id>`; inserts fill the
/// tenant column when the row leaves it `nil`, and a write that sets it to another tenant's id
/// is refused (``QueryError/Kind/otherTenant``) before anything is sent.
///
/// Every statement also runs with the tenant as the transaction-local setting `tusk.tenant`
/// (`set_config('tusk.tenant', id, true)`, the same as `SET LOCAL`), so row-level-security
/// policies can read `current_setting('tusk.tenant')`: what scopes SQL written by hand.
/// Each statement runs in a transaction of its own on the primary (a setting that outlived the
/// statement could leak into the next lease of the connection), so reads through it do not go to
/// replicas, and reads asking for the cache (`.cached(ttl:)`) are not cached.
public struct TenantRunner: QueryRunner {
    public let database: Database
    /// The tenant id as the setting holds it (text).
    public let tenant: String

    public init(database: Database, tenant: String) {
        self.database = database
        self.tenant = tenant
    }

    public func query(_ statement: SQL) async throws -> QueryResult {
        try await transaction { try await $0.query(statement) }
    }

    public func execute(_ script: SQLScript) async throws {
        try await transaction { try await $0.execute(script) }
    }

    /// `Database.transaction(isolation:readOnly:deferrable:retry:_:)` with `tusk.tenant` set
    /// first (again on each retry).
    public func transaction<Result>(
        isolation: IsolationLevel? = nil, readOnly: Bool = false, deferrable: Bool = false,
        retry: RetryPolicy = .never, _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        try await database.transaction(isolation: isolation, readOnly: readOnly, deferrable: deferrable, retry: retry) { tx in
            _ = try await tx.query("SELECT set_config('tusk.tenant', \(tenant), true)")
            tx.scope(toTenant: tenant)
            return try await body(tx)
        }
    }
}

extension Database {
    /// A runner for one tenant's work: see ``TenantRunner``.
    public func tenant(_ id: some CustomStringConvertible & Sendable) -> TenantRunner {
        TenantRunner(database: self, tenant: id.description)
    }
}
