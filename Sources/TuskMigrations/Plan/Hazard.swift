/// A risk found in a migration step: a stable code, what is wrong, and one line of advice.
public struct Hazard: Hashable, Sendable, CustomStringConvertible {
    public var code: HazardCode
    /// What this step does that is risky, naming the objects: `drops column users.nickname`.
    public var message: String
    /// For a step that fails on some existing rows (adding NOT NULL, UNIQUE, CHECK or a foreign
    /// key to a table that has rows): the query that lists those rows, run before the migration.
    public var offendingRowsQuery: String?

    public init(_ code: HazardCode, _ message: String, offendingRowsQuery: String? = nil) {
        self.code = code
        self.message = message
        self.offendingRowsQuery = offendingRowsQuery
    }

    /// `TK101 drop-column: drops column users.nickname and its data. Advice: ...`, then the
    /// query for the rows that make the step fail, when it has one.
    public var description: String {
        "\(code.rawValue) \(code.name): \(message). \(code.advice)" + (offendingRowsQuery.map { "\n  rows that make it fail: \($0)" } ?? "")
    }
}

/// Stable hazard codes. `TK1xx` are destructive (refused unless `--allow-destructive`);
/// `TK2xx` are lint warnings written into the migration header. Never renumber.
public enum HazardCode: String, Hashable, Sendable, CaseIterable, Comparable {
    case dropTable = "TK100"
    case dropColumn = "TK101"
    case narrowingType = "TK102"
    case removeEnumValue = "TK103"
    case setNotNull = "TK104"
    case repartition = "TK105"

    case notNullWithoutDefault = "TK200"
    case volatileDefault = "TK201"
    case typeChangeRewrite = "TK202"
    case indexNotConcurrent = "TK203"
    case constraintNotValid = "TK204"
    case renameBreaksClients = "TK205"
    case enumValueUsedInSameMigration = "TK206"
    case possibleRename = "TK207"
    case failsOnExistingRows = "TK208"
    case rowSecurityHidesRows = "TK209"
    case generatedColumnRewrite = "TK210"

    public static func < (a: HazardCode, b: HazardCode) -> Bool { a.rawValue < b.rawValue }

    public var isDestructive: Bool { rawValue.hasPrefix("TK1") }

    /// A short kebab-case name.
    public var name: String {
        switch self {
        case .dropTable: "drop-table"
        case .dropColumn: "drop-column"
        case .narrowingType: "narrowing-type-change"
        case .removeEnumValue: "enum-value-removed"
        case .setNotNull: "set-not-null"
        case .repartition: "partitioning-changed"
        case .notNullWithoutDefault: "not-null-without-default"
        case .volatileDefault: "volatile-default"
        case .typeChangeRewrite: "type-change-rewrites-table"
        case .indexNotConcurrent: "index-without-concurrently"
        case .constraintNotValid: "constraint-without-not-valid"
        case .renameBreaksClients: "rename-breaks-running-clients"
        case .enumValueUsedInSameMigration: "enum-value-used-in-same-migration"
        case .possibleRename: "possible-rename"
        case .failsOnExistingRows: "fails-on-existing-rows"
        case .rowSecurityHidesRows: "row-security-hides-rows"
        case .generatedColumnRewrite: "generated-column-rewrites-table"
        }
    }

    /// One line of advice.
    public var advice: String {
        switch self {
        case .dropTable: "Its rows are lost; the down migration recreates the table empty. Back up first."
        case .dropColumn: "Its values are lost; deploy code that no longer reads the column before dropping it."
        case .narrowingType: "Values that do not fit make the migration fail or lose precision; check the data first."
        case .removeEnumValue: "Rows holding the removed value make the type swap fail; update them first."
        case .setNotNull: "Fails if any row is NULL and scans the table under an exclusive lock; backfill first, or add a CHECK (col IS NOT NULL) NOT VALID and validate it."
        case .repartition: "PostgreSQL cannot partition an existing table or change how it is partitioned: create the new table beside it (another name), copy the rows in batches, then drop the old one and rename."
        case .notNullWithoutDefault: "Fails on a table with rows; add a default, or add the column nullable, backfill, then set NOT NULL."
        case .volatileDefault: "A volatile default rewrites every row under an exclusive lock; add the column without it and backfill in batches."
        case .typeChangeRewrite: "The table is rewritten under an exclusive lock; for big tables add a new column, backfill, and swap."
        case .indexNotConcurrent: "Blocks writes while it runs; use --online for CREATE/DROP INDEX CONCURRENTLY."
        case .constraintNotValid: "Validating scans the table under a lock that blocks writes; use --online for NOT VALID then VALIDATE."
        case .renameBreaksClients: "Running instances still use the old name; deploy code that tolerates both, or add-copy-drop."
        case .enumValueUsedInSameMigration: "A value added by ALTER TYPE ... ADD VALUE cannot be used before the transaction commits; use it in a later migration."
        case .possibleRename: "If this is a rename, write renamed_from in schema.yaml so the data is kept."
        case .failsOnExistingRows: "Run the query below on the real data before migrating and fix the rows it lists; it lists none when the step will succeed."
        case .rowSecurityHidesRows: "From this migration on, roles that are not superusers or the table's owner see and write only the rows a policy lets through (none without a policy): deploy the code that sets what the policies read (db.tenant(id) sets tusk.tenant) first."
        case .generatedColumnRewrite: "A stored generated column is computed for every row, rewriting the table under an exclusive lock; on a big table add a plain column filled by a trigger and backfill it in batches instead."
        }
    }
}
