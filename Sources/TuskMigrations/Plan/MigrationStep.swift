/// One reviewable change in a migration plan: what it does, its SQL both ways, and its risks.
public struct MigrationStep: Hashable, Sendable {
    /// A one-line description for the migration header: `create table users`.
    public var summary: String
    /// Statements that apply the change, each ending in `;`.
    public var up: [String]
    /// Statements that undo it, in order; `nil` when the change cannot be undone.
    public var down: [String]?
    /// False for statements PostgreSQL refuses inside a transaction (`CREATE INDEX CONCURRENTLY`).
    public var isTransactional: Bool
    /// True when the step must run in a transaction of its own, after the previous ones
    /// committed (`VALIDATE CONSTRAINT` after `NOT VALID`, so the short lock is released first).
    public var startsNewTransaction: Bool
    public var hazards: [Hazard]

    public init(
        summary: String, up: [String], down: [String]?, isTransactional: Bool = true,
        startsNewTransaction: Bool = false, hazards: [Hazard] = []
    ) {
        self.summary = summary
        self.up = up
        self.down = down
        self.isTransactional = isTransactional
        self.startsNewTransaction = startsNewTransaction
        self.hazards = hazards
    }

    /// True when a hazard makes the step destructive (refused without `--allow-destructive`).
    public var isDestructive: Bool { hazards.contains { $0.code.isDestructive } }
}
