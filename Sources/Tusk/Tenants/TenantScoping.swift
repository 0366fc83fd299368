/// How a statement Tusk built over a `tenant:` table is rendered for one tenant.
enum TenantForm: Sendable {
    /// The statement as built: tenant conditions, checks and fills are parts of it.
    case fragment(SQLFragment)
    /// The built statement was appended to or composed into another: its tenant parts can no
    /// longer be placed, so a tenant's runner refuses it rather than run it unscoped.
    case changed
}

extension SQL {
    /// This statement as a runner for `tenant` (its id as text) sends it: every `tenant:`
    /// table it reads or writes limited to the tenant's rows, the tenant column filled on
    /// inserts, a write of another tenant's id refused (``QueryError/Kind/otherTenant``).
    /// Statements Tusk did not build over a tenant table (hand-written SQL) are unchanged:
    /// row-level security on `current_setting('tusk.tenant')` is what scopes those.
    public func scoped(toTenant tenant: String) throws -> SQL {
        switch tenantForm {
        case nil:
            return self
        case .fragment(let fragment):
            var statement = try fragment.render(tenant: tenant)
            statement.writes = writes
            return statement
        case .changed:
            throw QueryError(
                .otherTenant,
                "a statement Tusk built over a tenant table was changed or composed into another, so a tenant's runner cannot scope it: "
                    + "run the built statement as it is, or write the SQL by hand (row-level security then scopes it)")
        }
    }
}
