import TuskSchema

extension PlanBuilder {
    /// Foreign keys that go away or change, and those of dropped tables. Runs before any
    /// rename: old names.
    mutating func dropChangedForeignKeys() {
        for pair in match.tablePairs {
            for fk in diffs[pair.new.name]!.foreignKeys.dropped {
                let original = pair.old.foreignKeys.first { $0.name == fk.name }!
                add(MigrationStep(
                    summary: "drop foreign key \(fk.name) on \(pair.old.name)",
                    up: [DDL.dropConstraint(pair.old.name, fk.name)],
                    down: [DDL.addConstraint(pair.old.name, DDL.foreignKeyClause(original))]))
            }
        }
        // A dropped table's foreign keys to other tables go first: the keys they use may be
        // dropped before the table is, and its down can recreate it before those keys exist.
        for entry in dropOrder.entries.reversed() {
            for fk in entry.table.foreignKeys where fk.referencedTable != entry.table.name {
                add(MigrationStep(
                    summary: "drop foreign key \(fk.name) on \(entry.table.name)",
                    up: [DDL.dropConstraint(entry.table.name, fk.name)], down: [DDL.addConstraint(entry.table.name, DDL.foreignKeyClause(fk))]))
            }
        }
    }

    /// Indexes, checks, unique constraints and primary keys that go away or change. Old names.
    mutating func dropChangedConstraintsAndIndexes() {
        for pair in match.tablePairs {
            let diff = diffs[pair.new.name]!, table = pair.old.name
            for index in diff.indexes.dropped {
                let original = pair.old.indexes.first { $0.name == index.name }!
                add(MigrationStep(
                    summary: "drop index \(index.name) on \(table)",
                    up: [DDL.dropIndex(index.name, of: table, concurrently: options.online)],
                    down: [DDL.createIndex(table, original, concurrently: options.online)],
                    isTransactional: !options.online,
                    hazards: options.online ? [] : [Hazard(.indexNotConcurrent, "drops index \(index.name) on existing table \(table) without CONCURRENTLY")]))
            }
            for check in diff.checks.dropped {
                let original = pair.old.checks.first { $0.name == check.name }!
                dropConstraint(table, check.name, kind: "check", clause: DDL.checkClause(original))
            }
            for unique in diff.uniques.dropped {
                let original = pair.old.uniqueConstraints.first { $0.name == unique.name }!
                dropConstraint(table, unique.name, kind: "unique constraint", clause: DDL.uniqueClause(original))
            }
            if let pk = diff.primaryKey.dropped.first, let original = pair.old.primaryKey {
                dropConstraint(table, pk.name, kind: "primary key", clause: DDL.primaryKeyClause(original))
            }
        }
    }

    private mutating func dropConstraint(_ table: String, _ name: String, kind: String, clause: String) {
        add(MigrationStep(
            summary: "drop \(kind) \(name) on \(table)",
            up: [DDL.dropConstraint(table, name)], down: [DDL.addConstraint(table, clause)]))
    }

    /// Constraints and indexes whose definition is unchanged but whose name is not (for
    /// example the default names after a table rename). New table names.
    mutating func renameConstraintsAndIndexes() {
        for pair in match.tablePairs {
            let diff = diffs[pair.new.name]!, table = pair.new.name
            let constraints = diff.primaryKey.renamed.map { ($0.old.name, $0.new.name) }
                + diff.uniques.renamed.map { ($0.old.name, $0.new.name) }
                + diff.checks.renamed.map { ($0.old.name, $0.new.name) }
                + diff.foreignKeys.renamed.map { ($0.old.name, $0.new.name) }
            for (from, to) in constraints {
                add(MigrationStep(
                    summary: "rename constraint \(from) on \(table) to \(to)",
                    up: [DDL.renameConstraint(table, from, to: to)], down: [DDL.renameConstraint(table, to, to: from)]))
            }
            for (from, to) in diff.indexes.renamed {
                add(MigrationStep(
                    summary: "rename index \(from.name) to \(to.name)",
                    up: [DDL.renameIndex(from.name, to: to.name, of: table)], down: [DDL.renameIndex(to.name, to: from.name, of: table)]))
            }
        }
    }

    /// Primary keys, unique constraints and checks added to existing tables. New names.
    mutating func addConstraints() {
        for pair in match.tablePairs {
            let diff = diffs[pair.new.name]!, table = pair.new.name
            let rows = OffendingRows(pair: pair, match: match)
            if let pk = diff.primaryKey.added.first {
                addKey(table, pk.name, pk.columns, kind: "primary key", clause: DDL.primaryKeyClause(pk), usingIndex: "PRIMARY KEY USING INDEX",
                       failing: Hazard(.failsOnExistingRows, "adds primary key \(pk.name) (\(pk.columns.joined(separator: ", "))) to existing table \(table); it fails if two rows share a key",
                                       offendingRowsQuery: rows.duplicates(of: pk.columns, ignoringNulls: false)))
            }
            for unique in diff.uniques.added {
                addKey(table, unique.name, unique.columns, kind: "unique constraint", clause: DDL.uniqueClause(unique), usingIndex: "UNIQUE USING INDEX",
                       failing: Hazard(.failsOnExistingRows, "adds unique constraint \(unique.name) (\(unique.columns.joined(separator: ", "))) to existing table \(table); it fails if two rows share a value",
                                       offendingRowsQuery: rows.duplicates(of: unique.columns)))
            }
            for check in diff.checks.added {
                addValidated(table, check.name, kind: "check", clause: DDL.checkClause(check),
                             failing: Hazard(.failsOnExistingRows, "adds check \(check.name) to existing table \(table); it fails if a row does not satisfy \(check.expression)",
                                             offendingRowsQuery: rows.failing(check: check.expression)))
            }
        }
    }

    /// A key on an existing table builds a unique index under a lock that blocks writes;
    /// online, the index is built concurrently first and then attached.
    private mutating func addKey(
        _ table: String, _ name: String, _ columns: [String], kind: String, clause: String, usingIndex: String, failing: Hazard
    ) {
        if options.online {
            let index = Index(name: name, columns: columns, isUnique: true)
            add(MigrationStep(
                summary: "create unique index \(name) on \(table) concurrently",
                up: [DDL.createIndex(table, index, concurrently: true)],
                down: ["DROP INDEX CONCURRENTLY IF EXISTS \(SQLText.name(name, besideTable: table));"], isTransactional: false, hazards: [failing]))
            add(MigrationStep(
                summary: "add \(kind) \(name) on \(table) using its index",
                up: [DDL.alterTable(table, "ADD CONSTRAINT \(SQLText.ident(name)) \(usingIndex) \(SQLText.ident(name))")],
                down: [DDL.dropConstraint(table, name)]))
        } else {
            add(MigrationStep(
                summary: "add \(kind) \(name) on \(table)",
                up: [DDL.addConstraint(table, clause)], down: [DDL.dropConstraint(table, name)],
                hazards: [Hazard(.indexNotConcurrent, "builds the index of \(kind) \(name) on existing table \(table) while blocking writes"), failing]))
        }
    }

    /// A check or foreign key on an existing table scans it under a lock; online, it is added
    /// NOT VALID and validated in a transaction of its own.
    /// `failing` (the rows that make it fail) goes on the step that checks them: VALIDATE online.
    private mutating func addValidated(_ table: String, _ name: String, kind: String, clause: String, failing: Hazard) {
        if options.online {
            add(MigrationStep(
                summary: "add \(kind) \(name) on \(table) not valid",
                up: [DDL.addConstraint(table, clause, notValid: true)], down: [DDL.dropConstraint(table, name)]))
            add(MigrationStep(
                summary: "validate \(kind) \(name) on \(table)",
                up: [DDL.validateConstraint(table, name)], down: [], startsNewTransaction: true, hazards: [failing]))
        } else {
            add(MigrationStep(
                summary: "add \(kind) \(name) on \(table)",
                up: [DDL.addConstraint(table, clause)], down: [DDL.dropConstraint(table, name)],
                hazards: [Hazard(.constraintNotValid, "adds \(kind) \(name) to existing table \(table) and validates it while blocking writes"), failing]))
        }
    }

    /// Indexes of new tables, then new or changed indexes of existing tables.
    mutating func createIndexes() {
        for entry in creationOrder.entries {
            for index in entry.table.indexes {
                add(MigrationStep(
                    summary: "create index \(index.name) on \(entry.table.name)",
                    up: [DDL.createIndex(entry.table.name, index)], down: [DDL.dropIndex(index.name, of: entry.table.name)]))
            }
        }
        for pair in match.tablePairs {
            let table = pair.new.name
            for index in diffs[table]!.indexes.added {
                var hazards = options.online ? [] : [Hazard(.indexNotConcurrent, "creates index \(index.name) on existing table \(table) without CONCURRENTLY")]
                if index.isUnique {
                    hazards.append(Hazard(
                        .failsOnExistingRows, "creates unique index \(index.name) (\(index.columns.joined(separator: ", "))) on existing table \(table); it fails if two rows share a value",
                        offendingRowsQuery: OffendingRows(pair: pair, match: match).duplicates(of: index.columns, predicate: index.predicate)))
                }
                add(MigrationStep(
                    summary: "create index \(index.name) on \(table)",
                    up: [DDL.createIndex(table, index, concurrently: options.online)],
                    down: [DDL.dropIndex(index.name, of: table, concurrently: options.online)],
                    isTransactional: !options.online, hazards: hazards))
            }
        }
    }

    /// Foreign keys of new tables that could not go inline, then new or changed foreign keys
    /// of existing tables.
    mutating func addForeignKeys() {
        for (table, fk) in creationOrder.deferred {
            add(MigrationStep(
                summary: "add foreign key \(fk.name) on \(table)",
                up: [DDL.addConstraint(table, DDL.foreignKeyClause(fk))], down: [DDL.dropConstraint(table, fk.name)]))
        }
        for pair in match.tablePairs {
            for fk in diffs[pair.new.name]!.foreignKeys.added {
                let link = "\(fk.columns.joined(separator: ", ")) has no match in \(fk.referencedTable) (\(fk.referencedColumns.joined(separator: ", ")))"
                addValidated(pair.new.name, fk.name, kind: "foreign key", clause: DDL.foreignKeyClause(fk),
                             failing: Hazard(.failsOnExistingRows, "adds foreign key \(fk.name) to existing table \(pair.new.name); it fails if a row's \(link)",
                                             offendingRowsQuery: OffendingRows(pair: pair, match: match).orphans(of: fk)))
            }
        }
    }
}
