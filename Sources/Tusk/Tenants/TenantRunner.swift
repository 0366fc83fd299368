/// A runner that runs every statement, and every transaction it opens, with the tenant set as
/// the transaction-local setting `tusk.tenant` (`set_config('tusk.tenant', id, true)`, the same
/// as `SET LOCAL`), so row-level-security policies can read `current_setting('tusk.tenant')`.
///
/// What it does not do yet (issue 14, item 4): add the tenant predicate to generated queries or
/// fill the tenant column on inserts. Until then, tenant isolation comes from RLS policies only:
/// a table without one is not scoped. Each statement runs in a transaction of its own on the
/// primary (a setting that outlived the statement could leak into the next lease of the
/// connection), so reads through it do not go to replicas.
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
