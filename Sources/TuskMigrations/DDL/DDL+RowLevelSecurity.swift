import TuskSchema

/// Row-level security: enabling it on a table, forcing it on the owner, and policies.
extension DDL {
    static func enableRowLevelSecurity(_ table: String, _ enabled: Bool) -> String {
        alterTable(table, (enabled ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY")
    }

    static func forceRowLevelSecurity(_ table: String, _ forced: Bool) -> String {
        alterTable(table, (forced ? "FORCE" : "NO FORCE") + " ROW LEVEL SECURITY")
    }

    /// `CREATE POLICY "p" ON "t" [AS RESTRICTIVE] FOR cmd TO roles USING (...) WITH CHECK (...);`
    static func createPolicy(_ table: String, _ policy: Policy) -> String {
        var sql = "CREATE POLICY \(S.ident(policy.name)) ON \(S.name(table))"
        if !policy.permissive { sql += " AS RESTRICTIVE" }
        sql += " FOR " + policy.command.rawValue.uppercased()
        sql += " TO " + (policy.roles.isEmpty ? "public" : policy.roles.map(role).joined(separator: ", "))
        if let using = policy.using { sql += " USING (\(using))" }
        if let check = policy.withCheck { sql += " WITH CHECK (\(check))" }
        return sql + ";"
    }

    static func dropPolicy(_ table: String, _ name: String) -> String {
        "DROP POLICY \(S.ident(name)) ON \(S.name(table));"
    }

    /// The statements that give a table its row-level security, after it exists.
    static func rowLevelSecurityStatements(_ table: String, _ security: RowLevelSecurity) -> [String] {
        [enableRowLevelSecurity(table, true)] + (security.force ? [forceRowLevelSecurity(table, true)] : [])
            + security.policies.map { createPolicy(table, $0) }
    }

    /// A role as SQL writes it: the keywords bare, names quoted.
    private static func role(_ name: String) -> String {
        Policy.roleKeywords.contains(name) ? name : S.ident(name)
    }
}
