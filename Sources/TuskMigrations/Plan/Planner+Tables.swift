import TuskSchema

extension PlanBuilder {
    /// Table and column renames from `renamed_from`, and the identity sequences that follow them.
    mutating func renameTablesAndColumns() {
        for pair in match.tablePairs where pair.isRenamed {
            add(MigrationStep(
                summary: "rename table \(pair.old.name) to \(pair.new.name)",
                up: DDL.renameTable(pair.old.name, to: pair.new.name), down: DDL.renameTable(pair.new.name, to: pair.old.name),
                hazards: [Hazard(.renameBreaksClients, "renames table \(pair.old.name) to \(pair.new.name)")]))
        }
        for pair in match.tablePairs {
            for (oldColumn, newColumn) in pair.keptColumns where oldColumn.name != newColumn.name {
                add(MigrationStep(
                    summary: "rename column \(pair.new.name).\(oldColumn.name) to \(newColumn.name)",
                    up: [DDL.renameColumn(pair.new.name, oldColumn.name, to: newColumn.name)],
                    down: [DDL.renameColumn(pair.new.name, newColumn.name, to: oldColumn.name)],
                    hazards: [Hazard(.renameBreaksClients, "renames column \(pair.new.name).\(oldColumn.name) to \(newColumn.name)")]))
            }
            // PostgreSQL keeps an identity sequence's name when its table or column is renamed;
            // rename it to the name a fresh CREATE TABLE would give, so both catalogs match.
            for (oldColumn, newColumn) in pair.keptColumns where oldColumn.identity != nil {
                // The sequence moved with its table; both names are in the table's new schema.
                let new = QualifiedName(pair.new.name)
                let from = new.sibling(PostgresNames.makeObjectName(QualifiedName.local(pair.old.name), oldColumn.name, label: "seq")).description
                let to = new.sibling(PostgresNames.makeObjectName(new.name, newColumn.name, label: "seq")).description
                if from != to {
                    add(MigrationStep(summary: "rename sequence \(from) to \(to)", up: [DDL.renameSequence(from, to: to)], down: [DDL.renameSequence(to, to: from)]))
                }
            }
        }
    }

    /// New tables in dependency order; foreign keys that cannot go inline wait for `addForeignKeys`.
    mutating func createTables() {
        for entry in creationOrder.entries {
            add(MigrationStep(
                summary: "create table \(entry.table.name)",
                up: [DDL.createTable(entry.table, foreignKeys: entry.inlineForeignKeys)] + DDL.createPartitions(of: entry.table)
                    + commentStatements(entry.table),
                down: [DDL.dropTable(entry.table.name)]))
        }
    }

    var creationOrder: TableOrder {
        TableOrder(creating: match.createdTables, existing: Dictionary(uniqueKeysWithValues: match.tablePairs.map { ($0.new.name, match.translated($0)) }))
    }

    /// The order dropped tables were (or would have been) created in; they are dropped in reverse.
    var dropOrder: TableOrder {
        TableOrder(creating: match.droppedTables, existing: Dictionary(uniqueKeysWithValues: match.tablePairs.map { ($0.old.name, $0.old) }))
    }

    /// Old tables, last: referencing tables before the tables they reference. Their foreign
    /// keys to other tables were dropped with the changed foreign keys.
    mutating func dropTables() {
        for entry in dropOrder.entries.reversed() {
            let table = entry.table
            var hazards = [Hazard(.dropTable, "drops table \(table.name) and its rows")]
            if let twin = match.createdTables.first(where: { Set($0.columns.map(\.name)) == Set(table.columns.map(\.name)) }) {
                hazards.append(Hazard(.possibleRename, "table \(table.name) is dropped and \(twin.name) created with the same columns; write `renamed_from: \(table.name)` on \(twin.name) to rename it"))
            }
            add(MigrationStep(
                summary: "drop table \(table.name)",
                up: [DDL.dropTable(table.name)],
                down: [DDL.createTable(table, foreignKeys: table.foreignKeys.filter { $0.referencedTable == table.name })] + DDL.createPartitions(of: table)
                    + commentStatements(table)
                    + table.indexes.map { DDL.createIndex(table.name, $0) } + ownedSequencesDroppedWith(table)
                    + (table.distribution.map { [DDL.distribute(table.name, $0)] } ?? [])
                    + (table.rowLevelSecurity.map { DDL.rowLevelSecurityStatements(table.name, $0) } ?? []),
                hazards: hazards))
        }
    }

    /// Sequences the table owned that the plan drops too: the down migration recreates them
    /// before the table (they are dropped after it), so the table's step gives them back their owner.
    func ownedSequencesDroppedWith(_ table: Table) -> [String] {
        old.sequences.filter { $0.ownedBy?.table == table.name && new.sequence(named: $0.name) == nil }
            .map { DDL.ownSequence($0.name, by: $0.ownedBy) }
    }

    func commentStatements(_ table: Table) -> [String] {
        (table.comment.map { [DDL.commentOnTable(table.name, $0)] } ?? [])
            + table.columns.compactMap { column in column.comment.map { DDL.commentOnColumn(table.name, column.name, $0) } }
    }
}
