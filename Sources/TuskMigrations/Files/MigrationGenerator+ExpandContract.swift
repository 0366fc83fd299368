import Foundation
import TuskMigrator
import TuskSchema

extension MigrationGenerator {
    /// `--expand-contract`: the change as two migrations, `<name>_expand` (one file per segment:
    /// the new columns and triggers, each backfill on its own outside a transaction, the
    /// validations) and `<name>_contract`, whose header names the columns it finishes
    /// (`-- tusk:contract users.full_name`) so the migrator holds it back until asked.
    ///
    /// The snapshot written is the new schema, the state after the contract: the next diff starts
    /// from there and never plans the contract again. A column that is the new side of the
    /// newest migration's contract cannot be expanded again (``ExpandContractError/alreadyExpanding(column:contract:)``).
    /// `nil` when the schema has no changes; throws ``ExpandContractError`` or ``MigrationFileError``.
    public static func generateExpandContract(
        name: String, from snapshot: Schema, to schema: Schema, existing: [(name: String, contents: String)],
        batchSize: Int = ExpandContractPlanner.defaultBatchSize, allowDestructive: Bool = false, now: Date = Date()
    ) throws -> GeneratedMigration? {
        try checkName(name)
        if MigrationPlanner.plan(from: snapshot, to: schema).isEmpty { return nil }
        let plan = try ExpandContractPlanner.plan(from: snapshot, to: schema, batchSize: batchSize)
        if let newest = existing.max(by: { $0.name < $1.name }) {
            let pending = Set(MigrationSource.contractColumns(in: newest.contents))
            if let column = plan.columns.first(where: { pending.contains(SchemaMatchColumn.oldName(of: $0, from: snapshot, to: schema)) }) {
                throw ExpandContractError.alreadyExpanding(column: column, contract: newest.name)
            }
        }
        let options = Options(allowDestructive: allowDestructive)
        try checkDestructive(plan.expand, options)
        try checkDestructive(plan.contract, options)
        var version = firstVersion(existing: existing, now: now)
        let files = Self.files(for: plan.expand, name: name + "_expand", settings: schema.migrations, version: &version)
            + Self.files(
                for: plan.contract, name: name + "_contract", settings: schema.migrations,
                markers: plan.columns.map { "\(MigrationMarkers.contract) \($0)" }, version: &version)
        let sum = TuskSum(files: existing + files.map { ($0.fileName, $0.text) })
        return GeneratedMigration(files: files, schema: schema, sum: sum)
    }
}

/// The name a moved column had before the change (`table.column`), to compare with the columns
/// an earlier contract finished.
enum SchemaMatchColumn {
    static func oldName(of qualified: String, from old: Schema, to new: Schema) -> String {
        let parts = qualified.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return qualified }
        let match = SchemaMatch(old: old, new: new)
        guard let pair = match.tablePairs.first(where: { $0.new.name == parts[0] }),
              let kept = pair.keptColumns.first(where: { $0.new.name == parts[1] })
        else { return qualified }
        return "\(pair.old.name).\(kept.old.name)"
    }
}
