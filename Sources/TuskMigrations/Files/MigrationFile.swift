import TuskMigrator

/// The text of one migration file: a header listing steps and hazards, then
/// `-- migrate:up` and `-- migrate:down` sections. A file whose statements cannot run in a
/// transaction carries `-- tusk:no-transaction`.
public struct MigrationFile: Hashable, Sendable {
    /// `20261125190500_add_tags`
    public var id: String
    public var plan: MigrationPlan

    public static let upMarker = MigrationMarkers.up
    public static let downMarker = MigrationMarkers.down
    public static let noTransactionMarker = MigrationMarkers.noTransaction

    public init(id: String, plan: MigrationPlan) {
        self.id = id
        self.plan = plan
    }

    public var fileName: String { id + ".sql" }

    public var text: String {
        var lines = ["-- Tusk migration \(id), generated from schema.yaml. Review it before committing.", "--", "-- Steps:"]
        for (i, step) in plan.steps.enumerated() { lines.append("--   \(i + 1). \(step.summary)") }
        let hazards = plan.hazards
        if !hazards.isEmpty {
            lines.append("--")
            lines.append("-- Hazards:")
            for hazard in hazards { lines.append("--   \(hazard.code.rawValue) \(hazard.code.name): \(hazard.message). \(hazard.code.advice)") }
        }
        if !plan.isTransactional { lines.append("--"); lines.append(Self.noTransactionMarker) }
        return lines.joined(separator: "\n") + "\n\n" + Self.upMarker + "\n" + plan.upSQL(annotate: true)
            + "\n" + Self.downMarker + "\n" + plan.downSQL()
    }
}
