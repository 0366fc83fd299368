import TuskSchema

/// The two migrations of an expand/contract change: `expand` runs before the deploy of the new
/// code, `contract` after every instance runs it.
public struct ExpandContractPlan: Hashable, Sendable {
    public var expand: MigrationPlan
    public var contract: MigrationPlan
    /// The columns moved, `table.column` by their final names.
    public var columns: [String]
}

/// Plans column renames (`renamed_from`) and type changes that running code must survive, the
/// way pgroll and reshape do, as two migrations instead of one:
///
/// - **expand** adds the new column beside the old one (nullable, no default; NOT NULL stands as
///   a `CHECK (... IS NOT NULL) NOT VALID`), installs a `BEFORE INSERT OR UPDATE` trigger that
///   keeps both in step in both directions (the `using` / `reverse_using` expressions, else
///   casts), backfills the existing rows in batches of `batchSize` (``KeysetBackfill``), then
///   validates the check. Old code keeps using the old column, new code the new one.
/// - **contract** sets NOT NULL (the validated check spares the scan) and the default, drops the
///   trigger, its function and the old column, and gives the new column its final name: the
///   catalog a direct build of the new schema has.
///
/// A type change that keeps the column's name puts the new column under `<name>_tusk_new`
/// during the window (both codes then use the old column, whose type still applies), renamed at
/// the contract. Anything else in the change is refused (``ExpandContractError/otherChanges(_:)``):
/// it goes in a normal migration first.
public enum ExpandContractPlanner {
    public static let defaultBatchSize = 1000

    public static func plan(from old: Schema, to new: Schema, batchSize: Int = defaultBatchSize) throws(ExpandContractError) -> ExpandContractPlan {
        guard batchSize > 0 else { throw .badBatchSize(batchSize) }
        let match = SchemaMatch(old: old, new: new)
        var moved: [ExpandedColumn] = []
        var reverted = new
        for pair in match.tablePairs where !pair.isRenamed {
            var movedHere: [ExpandedColumn] = []
            for (oldColumn, newColumn) in pair.keptColumns where needsExpand(oldColumn, newColumn) {
                try checkMovable(oldColumn, newColumn, of: pair, in: new)
                movedHere.append(try ExpandedColumn(table: pair.old, newTable: pair.new, old: oldColumn, new: newColumn))
            }
            if movedHere.isEmpty { continue }
            let index = reverted.tables.firstIndex { $0.name == pair.new.name }!
            reverted.tables[index] = try revert(pair.new, moving: movedHere)
            moved += movedHere
        }
        if moved.isEmpty { throw .nothingToExpand }
        // New enums and extensions a moved column needs come first in the expand; with them
        // and the moved columns put back as they were, nothing may be left to do.
        var prerequisites = old
        prerequisites.enums = (old.enums + match.createdEnums).sorted { $0.name < $1.name }
        prerequisites.extensions = Array(Set(old.extensions + new.extensions)).sorted()
        let rest = MigrationPlanner.plan(from: prerequisites, to: reverted)
        if !rest.isEmpty { throw .otherChanges(rest.steps.map(\.summary)) }
        let timeout = new.migrations.statementTimeout.description
        return ExpandContractPlan(
            expand: MigrationPlan(steps: MigrationPlanner.plan(from: old, to: prerequisites).steps + moved.map(expandStep)
                + moved.map { backfillStep($0, batchSize: batchSize, statementTimeout: timeout) }
                + moved.flatMap(indexSteps) + moved.flatMap(validateSteps)),
            contract: MigrationPlan(steps: moved.map(contractStep)),
            columns: moved.map { "\($0.table.name).\($0.new.name)" })
    }

    /// The new table with the moved columns, and the indexes, unique constraints and checks over
    /// them, as the old table has them: what must equal the old table for the move to be all.
    private static func revert(_ table: Table, moving columns: [ExpandedColumn]) throws(ExpandContractError) -> Table {
        let newNames = Set(columns.map(\.new.name))
        for c in columns {
            let others = c.objects.mentionsAny(of: newNames.subtracting([c.new.name]))
            if !others.isEmpty {
                throw .unsupported(column: "\(table.name).\(c.new.name)", reason: "\(others.joined(separator: ", ")) also name\(others.count == 1 ? "s" : "") another moved column; move one column at a time")
            }
        }
        var reverted = table
        for c in columns {
            let position = reverted.columns.firstIndex { $0.name == c.new.name }!
            reverted.columns[position] = c.old
            let o = c.objects
            reverted.indexes = reverted.indexes.filter { i in !o.newIndexes.contains { $0.name == i.name } } + o.oldIndexes
            reverted.uniqueConstraints = reverted.uniqueConstraints.filter { u in !o.newUniques.contains { $0.name == u.name } } + o.oldUniques
            reverted.checks = reverted.checks.filter { k in !o.newChecks.contains { $0.name == k.name } } + o.oldChecks
        }
        return reverted
    }

    /// Renamed, or retyped in a way that is more than a catalog update (or with a declared `using`).
    static func needsExpand(_ old: Column, _ new: Column) -> Bool {
        if old.name != new.name { return true }
        guard old.type != new.type else { return false }
        return TypeChange.classify(from: old.type, to: new.type) != .metadataOnly || new.usingExpression != nil
    }

    /// Refuses columns whose move would also have to move the primary key, foreign keys or other
    /// objects naming them (not done by this mode yet), identity and generated columns, and
    /// tables without a primary key (the backfill walks it). Indexes, unique constraints and
    /// checks over the column move with it (``ExpandedColumnObjects``).
    private static func checkMovable(_ old: Column, _ new: Column, of pair: SchemaMatch.TablePair, in schema: Schema) throws(ExpandContractError) {
        let column = "\(pair.new.name).\(new.name)"
        if old.identity != nil || new.identity != nil || old.generated != nil || new.generated != nil {
            throw .unsupported(column: column, reason: "identity and generated columns are filled by the database, not by the writers the trigger keeps in step")
        }
        guard pair.old.primaryKey != nil else {
            throw .unsupported(column: column, reason: "table \(pair.old.name) has no primary key, which the batched backfill walks")
        }
        let names: Set<String> = [old.name, new.name]
        var users: [String] = []
        for (table, name) in [(pair.old, old.name), (pair.new, new.name)] {
            if table.primaryKey?.columns.contains(name) == true { users.append("the primary key") }
            users += table.foreignKeys.filter { $0.columns.contains(name) }.map { "foreign key \($0.name)" }
            if table.partitioning?.column == name { users.append("the partition key") }
            if table.retention?.column == name { users.append("the retention rule") }
            users += (table.rowLevelSecurity?.policies ?? []).filter { policy in
                [policy.using, policy.withCheck].contains { $0.map { SQLRewrite.mentions($0, anyOf: [name]) } ?? false }
            }.map { "policy \($0.name)" }
        }
        for table in schema.tables {
            users += table.foreignKeys.filter { $0.referencedTable == pair.new.name && !names.isDisjoint(with: $0.referencedColumns) }
                .map { "foreign key \($0.name) of \(table.name)" }
        }
        users += schema.views.filter { SQLRewrite.mentions($0.sql, anyOf: [pair.new.name]) && SQLRewrite.mentions($0.sql, anyOf: names) }
            .map { "view \($0.name)" }
        var seen = Set<String>()
        users = users.filter { seen.insert($0).inserted }
        if !users.isEmpty {
            throw .unsupported(column: column, reason: "\(users.joined(separator: ", ")) use\(users.count == 1 ? "s" : "") it; expand/contract moves a column alone: change \(users.count == 1 ? "that" : "those") in a normal migration before or after")
        }
    }

    // MARK: Steps

    private static func expandStep(_ c: ExpandedColumn) -> MigrationStep {
        let table = c.table.name
        return MigrationStep(
            summary: "expand \(c.qualifiedOld) into \(c.qualifiedWindow) \(c.new.type.sql), kept in step by trigger \(c.syncName)",
            up: [DDL.addColumn(table, c.windowColumn)]
                + (c.needsNotNullCheck ? [DDL.addConstraint(table, c.notNullClause, notValid: true)] : [])
                + c.objects.newChecks.map { DDL.addConstraint(table, DDL.checkClause(c.objects.windowCheck($0)), notValid: true) }
                + [c.createFunction, c.createTrigger],
            down: c.dropTriggerAndFunction + [DDL.dropColumn(table, c.windowName)])
    }

    private static func backfillStep(_ c: ExpandedColumn, batchSize: Int, statementTimeout: String) -> MigrationStep {
        let key = (c.table.primaryKey?.columns ?? []).map { name in (name, c.table.columns.first { $0.name == name }!.type) }
        let backfill = KeysetBackfill(table: c.table.name, key: key, touch: c.old.name, batchSize: batchSize, statementTimeout: statementTimeout)
        var hazards: [Hazard] = []
        if TypeChange.classify(from: c.old.type, to: c.new.type) == .narrowing && c.new.usingExpression == nil {
            hazards.append(Hazard(.narrowingType, "converts \(c.qualifiedOld) (\(c.old.type.sql)) into \(c.qualifiedWindow) (\(c.new.type.sql)); a value that does not convert stops the backfill (the batches before it stay committed)"))
        }
        return MigrationStep(
            summary: "backfill \(c.qualifiedWindow) from \(c.qualifiedOld) in batches of \(batchSize) rows",
            up: backfill.statements, down: [], isTransactional: false, hazards: hazards)
    }

    /// The new column's indexes (and unique constraints' indexes), built without blocking writes.
    private static func indexSteps(_ c: ExpandedColumn) -> [MigrationStep] {
        c.objects.windowIndexes.map { index in
            MigrationStep(
                summary: "create index \(index.name) on \(c.table.name) concurrently",
                up: [DDL.createIndex(c.table.name, index, concurrently: true)], down: [DDL.dropIndex(index.name, of: c.table.name, concurrently: true)],
                isTransactional: false)
        }
    }

    /// The NOT NULL check and the new column's checks, added NOT VALID by the expand, validated
    /// once the backfill has filled the column, each in a transaction of its own.
    private static func validateSteps(_ c: ExpandedColumn) -> [MigrationStep] {
        var steps: [MigrationStep] = []
        if c.needsNotNullCheck {
            var hazards: [Hazard] = []
            if let rows = c.nullRows {
                hazards.append(Hazard(.failsOnExistingRows, "\(c.qualifiedWindow) is NOT NULL while \(c.qualifiedOld) may be NULL", offendingRowsQuery: rows))
            }
            steps.append(MigrationStep(
                summary: "validate check \(c.notNullCheck) on \(c.table.name)",
                up: [DDL.validateConstraint(c.table.name, c.notNullCheck)], down: [], startsNewTransaction: true, hazards: hazards))
        }
        for check in c.objects.newChecks.map(c.objects.windowCheck) {
            steps.append(MigrationStep(
                summary: "validate check \(check.name) on \(c.table.name)",
                up: [DDL.validateConstraint(c.table.name, check.name)], down: [], startsNewTransaction: true))
        }
        return steps
    }

    private static func contractStep(_ c: ExpandedColumn) -> MigrationStep {
        let table = c.table.name
        var window = c.new
        window.name = c.windowName
        let renamed = c.windowName != c.new.name
        let up: [String] = (c.needsNotNullCheck ? [DDL.setNotNull(table, c.windowName, true), DDL.dropConstraint(table, c.notNullCheck)] : [])
            + (c.new.defaultValue != nil ? [DDL.setDefault(table, window)] : [])
            + c.dropTriggerAndFunction
            + [DDL.dropColumn(table, c.old.name)]
            + (renamed ? [DDL.renameColumn(table, c.windowName, to: c.new.name)] : [])
            + c.objects.contractUp(table)
            + (c.new.comment.map { [DDL.commentOnColumn(table, c.new.name, $0)] } ?? [])
        // Back to the window: the old column again (filled from the new one by the trigger in
        // one UPDATE of this transaction), then the new column's window form.
        var down: [String] = (renamed ? [DDL.renameColumn(table, c.new.name, to: c.windowName)] : [])
            + c.objects.contractDownWindow(table)
            + (c.new.comment != nil ? [DDL.commentOnColumn(table, c.windowName, nil)] : [])
            + [DDL.addColumn(table, c.restoredOldColumn)]
            + (c.old.comment.map { [DDL.commentOnColumn(table, c.old.name, $0)] } ?? [])
            + [c.createFunction, c.createTrigger]
            + ["UPDATE \(SQLText.name(table)) SET \(SQLText.ident(c.windowName)) = \(SQLText.ident(c.windowName));"]
        if c.old.defaultValue != nil { down.append(DDL.setDefault(table, c.old)) }
        if !c.old.isNullable { down.append(DDL.setNotNull(table, c.old.name, true)) }
        down += c.objects.contractDownOld(table)
        if c.new.defaultValue != nil { down.append(DDL.alterColumn(table, c.windowName, "DROP DEFAULT")) }
        if c.needsNotNullCheck { down += [DDL.addConstraint(table, c.notNullClause), DDL.setNotNull(table, c.windowName, false)] }
        return MigrationStep(
            summary: "contract \(c.qualifiedOld) into \(table).\(c.new.name) \(c.new.type.sql): drop the old column and trigger \(c.syncName)",
            up: up, down: down,
            hazards: [Hazard(.renameBreaksClients, "drops \(c.qualifiedOld) \(c.old.type.sql) (its values live on in \(table).\(c.new.name) \(c.new.type.sql)); instances still running the old code fail")])
    }
}
