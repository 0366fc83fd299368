import TuskSchema

extension PlanBuilder {
    /// Policies that go away or change are dropped before renames and column changes (a policy
    /// that reads a column would stop it being dropped or retyped); they speak the old names.
    mutating func dropChangedPolicies() {
        for pair in match.tablePairs {
            let old = pair.old.rowLevelSecurity?.policies ?? []
            let new = pair.new.rowLevelSecurity?.policies ?? []
            for policy in old where new.first(where: { $0.name == policy.name }) != policy {
                add(MigrationStep(
                    summary: "drop policy \(policy.name) on \(pair.old.name)",
                    up: [DDL.dropPolicy(pair.old.name, policy.name)],
                    down: [DDL.createPolicy(pair.old.name, policy)]))
            }
        }
    }

    /// Row-level security switched on, forced or off, and policies created (new, or changed:
    /// dropped above, created again here), once every table and column they may read exists.
    mutating func applyRowLevelSecurity() {
        for table in match.createdTables.sorted(by: { $0.name < $1.name }) {
            guard let security = table.rowLevelSecurity else { continue }
            add(MigrationStep(
                summary: "row-level security on \(table.name)",
                up: DDL.rowLevelSecurityStatements(table.name, security),
                down: security.policies.map { DDL.dropPolicy(table.name, $0.name) }))
        }
        for pair in match.tablePairs {
            let name = pair.new.name
            let old = pair.old.rowLevelSecurity
            let new = pair.new.rowLevelSecurity
            if (old != nil) != (new != nil) {
                add(MigrationStep(
                    summary: "\(new != nil ? "enable" : "disable") row-level security on \(name)",
                    up: [DDL.enableRowLevelSecurity(name, new != nil)], down: [DDL.enableRowLevelSecurity(name, old != nil)],
                    hazards: new == nil ? [] : [Hazard(.rowSecurityHidesRows, "enables row-level security on existing table \(name)")]))
            }
            if (old?.force ?? false) != (new?.force ?? false) {
                let force = new?.force ?? false
                add(MigrationStep(
                    summary: "\(force ? "force" : "stop forcing") row-level security on \(name)",
                    up: [DDL.forceRowLevelSecurity(name, force)], down: [DDL.forceRowLevelSecurity(name, !force)],
                    hazards: force ? [Hazard(.rowSecurityHidesRows, "forces row-level security on the owner of existing table \(name)")] : []))
            }
            for policy in new?.policies ?? [] where old?.policy(named: policy.name) != policy {
                add(MigrationStep(
                    summary: "create policy \(policy.name) on \(name)",
                    up: [DDL.createPolicy(name, policy)], down: [DDL.dropPolicy(name, policy.name)]))
            }
        }
    }
}
