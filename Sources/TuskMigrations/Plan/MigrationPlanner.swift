import TuskSchema

/// Options that change how a plan is written.
public struct PlanOptions: Hashable, Sendable {
    /// Lock-friendly forms on existing tables: `CREATE/DROP INDEX CONCURRENTLY` as their own
    /// non-transactional steps, foreign keys and checks added `NOT VALID` then validated in a
    /// transaction of their own.
    public var online: Bool
    public init(online: Bool = false) { self.online = online }
}

/// Diffs two schemas into an ordered, reversible plan. Pure and deterministic: equal inputs
/// give byte-identical SQL.
///
/// Order (each phase only depends on earlier ones): views that go away, change or read
/// something that changes are dropped (dependents first); named schemas objects move into;
/// extensions; enums (rename, create, values);
/// sequences created or altered, and released from owners that change; foreign keys,
/// constraints and indexes that go away or change are dropped; tables, columns, constraints,
/// indexes and identity sequences are renamed; new tables are created in dependency order;
/// columns are added, altered and dropped; sequences get their owners; keys, checks, indexes
/// are added; Citus distributions are declared; the remaining foreign keys are added;
/// row-level security and policies are applied (changed policies were dropped before the
/// renames); views are created (new, or dropped above) and replaced in dependency order; old
/// tables, sequences, enums and extensions are dropped last, then schemas left empty.
/// Steps before the renames speak the old names, steps after them the new names.
public enum MigrationPlanner {
    public static func plan(from old: Schema, to new: Schema, options: PlanOptions = PlanOptions()) -> MigrationPlan {
        var builder = PlanBuilder(old: old, new: new, options: options)
        builder.build()
        return MigrationPlan(steps: builder.steps)
    }

    /// The plan that creates `schema` in an empty database: what `tusk sql` prints.
    public static func createPlan(for schema: Schema) -> MigrationPlan {
        plan(from: Schema(), to: schema)
    }
}

/// Accumulates the steps of one plan, phase by phase.
struct PlanBuilder {
    let old: Schema
    let new: Schema
    let options: PlanOptions
    let match: SchemaMatch
    /// Per matched table (by new name): the constraint and index differences.
    let diffs: [String: TableDiff]
    var steps: [MigrationStep] = []

    init(old: Schema, new: Schema, options: PlanOptions) {
        self.old = old
        self.new = new
        self.options = options
        let match = SchemaMatch(old: old, new: new)
        self.match = match
        var diffs: [String: TableDiff] = [:]
        for pair in match.tablePairs { diffs[pair.new.name] = TableDiff(match.translated(pair), pair.new) }
        self.diffs = diffs
    }

    mutating func add(_ step: MigrationStep) { steps.append(step) }

    mutating func build() {
        let views = viewChanges
        dropViews(views)
        createSchemas()
        createExtensions()
        changeEnums()
        createAndAlterSequences()
        releaseSequenceOwners()
        dropChangedForeignKeys()
        dropChangedConstraintsAndIndexes()
        dropChangedPolicies()
        renameTablesAndColumns()
        renameConstraintsAndIndexes()
        createTables()
        changeColumns()
        changePartitions()
        ownSequences()
        addConstraints()
        createIndexes()
        distributeTables()
        addForeignKeys()
        applyRowLevelSecurity()
        createViews(views)
        dropTables()
        dropSequences()
        dropEnumsAndExtensions()
        dropSchemas()
    }

    // MARK: Extensions

    mutating func createExtensions() {
        for name in new.extensions where !old.extensions.contains(name) {
            add(MigrationStep(summary: "create extension \(name)", up: [DDL.createExtension(name)], down: [DDL.dropExtension(name)]))
        }
    }

    mutating func dropEnumsAndExtensions() {
        for e in match.droppedEnums {
            add(MigrationStep(summary: "drop enum \(e.name)", up: [DDL.dropType(e.name)], down: createEnumStatements(e)))
        }
        for name in old.extensions where !new.extensions.contains(name) {
            add(MigrationStep(summary: "drop extension \(name)", up: [DDL.dropExtension(name)], down: [DDL.createExtension(name)]))
        }
    }

    func createEnumStatements(_ e: EnumType) -> [String] {
        [DDL.createEnum(e)] + (e.comment.map { [DDL.commentOnType(e.name, $0)] } ?? [])
    }

    // MARK: Hazard helpers

    /// Whether a table exists before the plan runs (lint applies to existing tables only).
    func isExisting(_ table: String) -> Bool { diffs[table] != nil }

    static let volatileFunctions = ["random(", "gen_random_uuid(", "uuid_generate_v", "clock_timestamp(", "timeofday(", "nextval(", "txid_current("]

    static func isVolatile(_ value: ColumnDefault?) -> Bool {
        guard case .sql(let sql)? = value else { return false }
        let lowered = sql.lowercased().replacingOccurrences(of: " (", with: "(")
        return volatileFunctions.contains { lowered.contains($0) }
    }
}
