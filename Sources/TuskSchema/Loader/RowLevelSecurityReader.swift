/// `row_level_security:` of a table: `true`, or `{ force, policies: { name: { command, roles,
/// using, with_check, permissive } } }`. The expressions are SQL the server checks; what is
/// checked here is what PostgreSQL would refuse for the command (a `with_check` on a select
/// policy, a `using` on an insert one) and a policy that says nothing.
extension TableReader {
    static let rowLevelSecurityKeys = ["force", "policies"]
    static let policyKeys = ["command", "roles", "using", "with_check", "permissive"]

    func rowLevelSecurity(_ node: YAMLNode, what table: String) -> RowLevelSecurity? {
        let what = "'row_level_security' of \(table)"
        if node.pairs == nil {
            guard let enabled = node.scalar?.bool else {
                sink.error(node.mark, "\(what) must be true, false or a mapping { force, policies }, found \(node.kindDescription)")
                return nil
            }
            return enabled ? RowLevelSecurity() : nil
        }
        guard let options = read.options(node, allowed: Self.rowLevelSecurityKeys, what: what) else { return nil }
        let force = options["force"].flatMap { read.bool($0.value, what: "'force' of \(what)") } ?? false
        var policies: [Policy] = []
        if let e = options["policies"], let entries = read.named(e.value, what: "'policies' of \(what)", kind: "policy") {
            policies = entries.compactMap { policy($0, of: what) }
        }
        return RowLevelSecurity(force: force, policies: policies)
    }

    private func policy(_ entry: Entry, of owner: String) -> Policy? {
        let what = "policy '\(entry.key)' of \(owner)"
        guard let options = read.options(entry.value, allowed: Self.policyKeys, what: what) else { return nil }
        var policy = Policy(name: entry.key)
        if let e = options["command"], let word = read.text(e.value, what: "'command' of \(what)") {
            let commands = Policy.Command.allCases.map(\.rawValue)
            guard let command = Policy.Command(rawValue: word.lowercased()) else {
                sink.error(e.value.mark, "'command' of \(what) must be one of \(commands.joined(separator: ", ")), found '\(word)'\(didYouMean(word, commands))")
                return nil
            }
            policy.command = command
        }
        if let e = options["roles"], let roles = read.names(e.value, what: "'roles' of \(what)") {
            for (role, mark) in roles where !Policy.roleKeywords.contains(role.lowercased()) {
                read.identifier(role, at: mark, kind: "role")
            }
            policy.roles = roles.map { Policy.roleKeywords.contains($0.0.lowercased()) ? $0.0.lowercased() : $0.0 }
        }
        if let e = options["permissive"], let permissive = read.bool(e.value, what: "'permissive' of \(what)") {
            policy.permissive = permissive
        }
        let command = policy.command.rawValue.uppercased()
        if let e = options["using"], let sql = read.sql(e.value, what: "'using' of \(what)") {
            if Policy.allowsUsing(policy.command) {
                policy.using = sql
            } else {
                sink.error(e.keyMark, "\(what) is for \(command), which has no existing rows to filter: use 'with_check' (PostgreSQL refuses USING on an INSERT policy)")
            }
        }
        if let e = options["with_check"], let sql = read.sql(e.value, what: "'with_check' of \(what)") {
            if Policy.allowsWithCheck(policy.command) {
                policy.withCheck = sql
            } else {
                sink.error(e.keyMark, "\(what) is for \(command), which writes no new rows: use 'using' (PostgreSQL refuses WITH CHECK on a \(command) policy)")
            }
        }
        if options["using"] == nil && options["with_check"] == nil {
            sink.error(entry.keyMark, "\(what) has neither 'using' nor 'with_check': say which rows it lets through (e.g. using: \"account_id = current_setting('tusk.tenant')::bigint\")")
            return nil
        }
        return policy
    }
}
