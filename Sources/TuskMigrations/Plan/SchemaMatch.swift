import TuskSchema

/// Which objects of the old schema become which objects of the new one. Renames come only
/// from `renamed_from`, and only when the old name is gone from the new schema (so a schema
/// that still says `renamed_from` after the rename was applied means nothing more).
struct SchemaMatch {
    struct TablePair {
        /// The old table as it is in the database.
        var old: Table
        var new: Table
        /// Old column name -> new column name, for columns renamed via `renamed_from`.
        var columnRenames: [String: String]
        var addedColumns: [Column]
        var droppedColumns: [Column]
        /// Pairs of (old column, new column) that exist on both sides.
        var keptColumns: [(old: Column, new: Column)]
        var isRenamed: Bool { old.name != new.name }
    }

    struct EnumPair {
        var old: EnumType
        var new: EnumType
        /// Old value -> new value, for values renamed via `renamed_from`.
        var valueRenames: [String: String]
    }

    var tablePairs: [TablePair] = []
    var createdTables: [Table] = []
    var droppedTables: [Table] = []
    var enumPairs: [EnumPair] = []
    var createdEnums: [EnumType] = []
    var droppedEnums: [EnumType] = []

    init(old: Schema, new: Schema) {
        let oldTables = Dictionary(uniqueKeysWithValues: old.tables.map { ($0.name, $0) })
        let newNames = Set(new.tables.map(\.name))
        var usedOld = Set<String>()
        for table in new.tables {
            if let previous = Self.counterpart(table.name, table.renamedFrom, in: oldTables, newNames: newNames, used: usedOld) {
                usedOld.insert(previous.name)
                tablePairs.append(Self.pair(previous, table))
            } else {
                createdTables.append(table)
            }
        }
        droppedTables = old.tables.filter { !usedOld.contains($0.name) }

        let oldEnums = Dictionary(uniqueKeysWithValues: old.enums.map { ($0.name, $0) })
        let newEnumNames = Set(new.enums.map(\.name))
        var usedEnums = Set<String>()
        for e in new.enums {
            if let previous = Self.counterpart(e.name, e.renamedFrom, in: oldEnums, newNames: newEnumNames, used: usedEnums) {
                usedEnums.insert(previous.name)
                var renames: [String: String] = [:]
                let newValues = Set(e.valueNames), oldValues = Set(previous.valueNames)
                for value in e.values where !oldValues.contains(value.name) {
                    if let from = value.renamedFrom, oldValues.contains(from), !newValues.contains(from) { renames[from] = value.name }
                }
                enumPairs.append(EnumPair(old: previous, new: e, valueRenames: renames))
            } else {
                createdEnums.append(e)
            }
        }
        droppedEnums = old.enums.filter { !usedEnums.contains($0.name) }
    }

    /// The old object a new one continues: same name, else its `renamed_from` if that name
    /// is not also in the new schema.
    private static func counterpart<T>(_ name: String, _ renamedFrom: String?, in old: [String: T], newNames: Set<String>, used: Set<String>) -> T? {
        if let same = old[name], !used.contains(name) { return same }
        if let from = renamedFrom, !newNames.contains(from), !used.contains(from), let previous = old[from] { return previous }
        return nil
    }

    private static func pair(_ old: Table, _ new: Table) -> TablePair {
        let oldColumns = Dictionary(uniqueKeysWithValues: old.columns.map { ($0.name, $0) })
        let newNames = Set(new.columns.map(\.name))
        var used = Set<String>()
        var renames: [String: String] = [:]
        var added: [Column] = []
        var kept: [(Column, Column)] = []
        for column in new.columns {
            if let previous = counterpart(column.name, column.renamedFrom, in: oldColumns, newNames: newNames, used: used) {
                used.insert(previous.name)
                if previous.name != column.name { renames[previous.name] = column.name }
                kept.append((previous, column))
            } else {
                added.append(column)
            }
        }
        let dropped = old.columns.filter { !used.contains($0.name) }
        return TablePair(old: old, new: new, columnRenames: renames, addedColumns: added, droppedColumns: dropped, keptColumns: kept)
    }

    // MARK: Old objects in the new vocabulary

    var tableRenames: [String: String] {
        Dictionary(uniqueKeysWithValues: tablePairs.filter(\.isRenamed).map { ($0.old.name, $0.new.name) })
    }
    var enumRenames: [String: String] {
        Dictionary(uniqueKeysWithValues: enumPairs.filter { $0.old.name != $0.new.name }.map { ($0.old.name, $0.new.name) })
    }

    /// The old table's name for a new one, when the table existed before.
    func oldName(ofTable new: String) -> String? { tablePairs.first { $0.new.name == new }?.old.name }

    /// The old table's constraints and indexes with table, column and enum renames applied,
    /// so they compare equal to the new ones when nothing but names changed.
    func translated(_ pair: TablePair) -> Table {
        var table = pair.old
        let columns = pair.columnRenames
        func map(_ names: [String]) -> [String] { names.map { columns[$0] ?? $0 } }
        table.name = pair.new.name
        table.primaryKey = table.primaryKey.map { PrimaryKey(name: $0.name, columns: map($0.columns)) }
        table.uniqueConstraints = table.uniqueConstraints.map { UniqueConstraint(name: $0.name, columns: map($0.columns)) }
        table.checks = table.checks.map { CheckConstraint(name: $0.name, expression: SQLRewrite.renamingIdentifiers(in: $0.expression, columns)) }
        table.indexes = table.indexes.map {
            var index = $0
            index.columns = map(index.columns)
            index.predicate = index.predicate.map { SQLRewrite.renamingIdentifiers(in: $0, columns) }
            return index
        }
        table.foreignKeys = table.foreignKeys.map { fk in
            var fk = fk
            fk.columns = map(fk.columns)
            let target = tablePairs.first { $0.old.name == fk.referencedTable }
            fk.referencedTable = target?.new.name ?? fk.referencedTable
            fk.referencedColumns = fk.referencedColumns.map { target?.columnRenames[$0] ?? $0 }
            return fk
        }
        if let column = table.partitioning?.column { table.partitioning?.column = columns[column] ?? column }
        if let column = table.retention?.column { table.retention?.column = columns[column] ?? column }
        return table
    }

    /// The old column with the new column's name and enum renames applied.
    func translated(_ column: Column, to newName: String) -> Column {
        var column = column
        column.name = newName
        column.type = SQLRewrite.renamingEnum(in: column.type, enumRenames)
        if case .literal(let value)? = column.defaultValue, let e = column.type.referencedEnum,
           let pair = enumPairs.first(where: { $0.new.name == e }), let renamed = pair.valueRenames[value] {
            column.defaultValue = .literal(renamed)
        }
        return column
    }
}
