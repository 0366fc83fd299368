/// A table's `tenant:` column, as generated: what a tenant's runner (``TenantRunner``) adds to
/// every statement over the table (`"account_id" = CAST($n AS bigint)`) and fills on inserts.
public struct TenantColumn: Sendable, Hashable {
    public let table: String
    public let name: String
    /// The column's type as SQL spells it: the tenant id (bound as text) is cast to it, so a
    /// comparison uses the column's own operator and index.
    public let sqlType: String

    public init(table: String, name: String, sqlType: String) {
        self.table = table
        self.name = name
        self.sqlType = sqlType
    }

    /// Whether a value written to the column is `tenant`'s id. Values are compared by their
    /// text (an `Int32` 7 and the id "7" agree); a uuid's letters in either case.
    func holds(_ binding: PostgresBinding, tenant: String) -> Bool {
        let written = String(describing: binding.value)
        if written == tenant { return true }
        return sqlType == "uuid" && written.lowercased() == tenant.lowercased()
    }

    /// `"account_id" = CAST($n AS bigint)` for the table under `name` (a join's alias), with
    /// the connector in front, rendered only for a tenant.
    func condition(of name: String) -> Predicate {
        Predicate(
            SQLFragment.column(self.name, of: name) + SQLFragment(" = ") + SQLFragment(parts: [.tenantValue(sqlType: sqlType)]),
            kind: .atom, onlyForTenant: true)
    }
}
