import TuskSchema

/// The indexes, unique constraints and checks over a moved column. The old table's ones go
/// away with the old column at the contract (its down makes them again); the new table's ones
/// are built on the new column during the expand, after the backfill: indexes (and the unique
/// indexes behind unique constraints) `CONCURRENTLY`, checks `NOT VALID` then validated. A name
/// the old side still holds during the window (an index named after a column that keeps its
/// name) is used with `_tusk_new` until the contract renames it.
struct ExpandedColumnObjects {
    var oldIndexes: [Index] = []
    var oldUniques: [UniqueConstraint] = []
    var oldChecks: [CheckConstraint] = []
    var newIndexes: [Index] = []
    var newUniques: [UniqueConstraint] = []
    var newChecks: [CheckConstraint] = []
    /// Index and constraint names of the old table: held until the contract.
    let taken: Set<String>
    /// The new column's final name -> its window name.
    let columnRename: [String: String]

    init(old: Table, new: Table, oldColumn: String, newColumn: String, windowName: String) {
        taken = Set(old.indexes.map(\.name) + old.uniqueConstraints.map(\.name) + old.checks.map(\.name) + (old.primaryKey.map { [$0.name] } ?? []))
        columnRename = [newColumn: windowName]
        oldIndexes = old.indexes.filter { Self.mentions($0, oldColumn) }
        oldUniques = old.uniqueConstraints.filter { $0.columns.contains(oldColumn) }
        oldChecks = old.checks.filter { SQLRewrite.mentions($0.expression, anyOf: [oldColumn]) }
        newIndexes = new.indexes.filter { Self.mentions($0, newColumn) }
        newUniques = new.uniqueConstraints.filter { $0.columns.contains(newColumn) }
        newChecks = new.checks.filter { SQLRewrite.mentions($0.expression, anyOf: [newColumn]) }
    }

    static func mentions(_ index: Index, _ column: String) -> Bool {
        index.columns.contains(column) || (index.predicate.map { SQLRewrite.mentions($0, anyOf: [column]) } ?? false)
    }

    /// Whether anything over the column names it together with another column in `columns`.
    func mentionsAny(of columns: Set<String>) -> [String] {
        newIndexes.filter { i in columns.contains { Self.mentions(i, $0) } }.map { "index \($0.name)" }
            + newUniques.filter { !columns.isDisjoint(with: $0.columns) }.map { "unique constraint \($0.name)" }
            + newChecks.filter { SQLRewrite.mentions($0.expression, anyOf: columns) }.map { "check \($0.name)" }
    }

    func windowName(_ name: String) -> String {
        taken.contains(name) ? PostgresNames.makeObjectName(name, nil, label: "tusk_new") : name
    }

    private func map(_ columns: [String]) -> [String] { columns.map { columnRename[$0] ?? $0 } }

    /// An index of the new table as the window builds it: on the window column, under its window name.
    func windowIndex(_ index: Index) -> Index {
        var copy = index
        copy.name = windowName(index.name)
        copy.columns = map(index.columns)
        copy.predicate = index.predicate.map { SQLRewrite.renamingIdentifiers(in: $0, columnRename) }
        return copy
    }

    /// The unique index the window builds for a unique constraint (attached by the contract).
    func uniqueIndex(_ unique: UniqueConstraint) -> Index {
        Index(name: windowName(unique.name), columns: map(unique.columns), isUnique: true)
    }

    func windowCheck(_ check: CheckConstraint) -> CheckConstraint {
        CheckConstraint(name: windowName(check.name), expression: SQLRewrite.renamingIdentifiers(in: check.expression, columnRename))
    }

    /// Indexes built concurrently after the backfill: declared ones, then those behind unique constraints.
    var windowIndexes: [Index] { newIndexes.map(windowIndex) + newUniques.map(uniqueIndex) }

    // MARK: Contract

    /// After the old column (and its objects) is gone and the new one has its final name.
    func contractUp(_ table: String) -> [String] {
        newIndexes.filter { windowName($0.name) != $0.name }.map { DDL.renameIndex(windowName($0.name), to: $0.name, of: table) }
            + newUniques.map { DDL.addConstraint(table, "CONSTRAINT \(SQLText.ident($0.name)) UNIQUE USING INDEX \(SQLText.ident(windowName($0.name)))") }
            + newChecks.filter { windowName($0.name) != $0.name }.map { DDL.renameConstraint(table, windowName($0.name), to: $0.name) }
    }

    /// Contract's down, while the new column has its window name again: the window's names and
    /// the unique index without its constraint.
    func contractDownWindow(_ table: String) -> [String] {
        newUniques.flatMap { [DDL.dropConstraint(table, $0.name), DDL.createIndex(table, uniqueIndex($0))] }
            + newIndexes.filter { windowName($0.name) != $0.name }.map { DDL.renameIndex($0.name, to: windowName($0.name), of: table) }
            + newChecks.filter { windowName($0.name) != $0.name }.map { DDL.renameConstraint(table, $0.name, to: windowName($0.name)) }
    }

    /// Contract's down, once the old column is back and filled: its objects as they were.
    func contractDownOld(_ table: String) -> [String] {
        oldIndexes.map { DDL.createIndex(table, $0) }
            + oldUniques.map { DDL.addConstraint(table, DDL.uniqueClause($0)) }
            + oldChecks.map { DDL.addConstraint(table, DDL.checkClause($0)) }
    }
}
