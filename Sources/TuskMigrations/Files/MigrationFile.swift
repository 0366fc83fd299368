import TuskMigrator
import TuskSchema

/// The text of one migration file: a header listing steps and hazards, then
/// `-- migrate:up` and `-- migrate:down` sections. A file whose statements cannot run in a
/// transaction carries `-- tusk:no-transaction`. Each section starts by setting the timeouts of
/// schema.yaml's `migrations:` (``MigrationTimeouts``), so the file is protected however it is run.
public struct MigrationFile: Hashable, Sendable {
    /// `20261125190500_add_tags`
    public var id: String
    public var plan: MigrationPlan
    public var settings: MigrationSettings
    /// Extra marker lines for the header (`-- tusk:contract users.full_name`).
    public var markers: [String]

    public static let upMarker = MigrationMarkers.up
    public static let downMarker = MigrationMarkers.down
    public static let noTransactionMarker = MigrationMarkers.noTransaction

    public init(id: String, plan: MigrationPlan, settings: MigrationSettings = MigrationSettings(), markers: [String] = []) {
        self.id = id
        self.plan = plan
        self.settings = settings
        self.markers = markers
    }

    public var fileName: String { id + ".sql" }

    public var text: String {
        var lines = ["-- Tusk migration \(id), generated from schema.yaml. Review it before committing.", "--", "-- Steps:"]
        for (i, step) in plan.steps.enumerated() { lines.append("--   \(i + 1). \(step.summary)") }
        let hazards = plan.hazards
        if !hazards.isEmpty {
            lines.append("--")
            lines.append("-- Hazards:")
            for hazard in hazards {
                lines.append("--   \(hazard.code.rawValue) \(hazard.code.name): \(hazard.message). \(hazard.code.advice)")
                if let query = hazard.offendingRowsQuery { lines.append("--     rows that make it fail: \(query)") }
            }
        }
        if !markers.isEmpty { lines.append("--"); lines += markers }
        if !plan.isTransactional { lines.append("--"); lines.append(Self.noTransactionMarker) }
        let timeouts = MigrationTimeouts(settings: settings, transactional: plan.isTransactional)
        return lines.joined(separator: "\n") + "\n\n"
            + Self.upMarker + "\n" + timeouts.section(plan.upSQL(annotate: true))
            + "\n" + Self.downMarker + "\n" + timeouts.section(plan.downSQL())
    }
}
