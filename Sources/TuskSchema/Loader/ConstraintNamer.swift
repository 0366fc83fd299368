/// Gives constraints and indexes their names the way PostgreSQL would (`PostgresNames`):
/// names written in the YAML are taken first, then defaults are chosen, numbered on a conflict.
///
/// PostgreSQL keeps two namespaces per schema: relations (tables, indexes, sequences; primary
/// key and unique constraints are indexes too) and constraints.
struct ConstraintNamer {
    let sink: DiagnosticSink
    /// Per PostgreSQL schema, the names taken in each namespace.
    private var relationsBySchema: [String: Set<String>] = [:]
    private var constraintsBySchema: [String: Set<String>] = [:]
    /// The schema of the table being named (`table(_:)`), whose namespaces `relations` and
    /// `constraints` are.
    private var schema = QualifiedName.defaultSchema

    private var relations: Set<String> { relationsBySchema[schema] ?? [] }
    private var constraints: Set<String> { constraintsBySchema[schema] ?? [] }

    /// Taken in either namespace (primary keys and unique constraints are both). Asked of the
    /// two sets, not their union: a union per table copied them, a twentieth of loading 200 tables.
    private func isRelationOrConstraint(_ name: String) -> Bool {
        relationsBySchema[schema]?.contains(name) == true || constraintsBySchema[schema]?.contains(name) == true
    }

    /// Inserted in place (through the dictionary's subscript, so no set is copied).
    private mutating func reserve(_ name: String, relation: Bool, constraint: Bool) {
        if relation { relationsBySchema[schema, default: []].insert(name) }
        if constraint { constraintsBySchema[schema, default: []].insert(name) }
    }

    init(sink: DiagnosticSink, tables: [TableDraft]) {
        self.sink = sink
        for table in tables { relationsBySchema[QualifiedName.schema(of: table.name), default: []].insert(QualifiedName.local(table.name)) }
        // Identity columns own a sequence `{table}_{column}_seq`, created with the table.
        for table in tables {
            schema = QualifiedName.schema(of: table.name)
            for draft in table.columns where draft.column.identity != nil {
                reserve(PostgresNames.chooseName(QualifiedName.local(table.name), draft.column.name, label: "seq", taken: relations), relation: true, constraint: false)
            }
        }
        for table in tables {
            schema = QualifiedName.schema(of: table.name)
            reserveWrittenNames(table)
        }
    }

    private mutating func reserveWrittenNames(_ table: TableDraft) {
        var tableConstraints: Set<String> = []
        for name in table.uniques.compactMap(\.name) + table.indexes.compactMap(\.name) {
            if relations.contains(name.name) {
                let place = schema == QualifiedName.defaultSchema ? "the schema" : "schema '\(schema)'"
                sink.error(name.mark, "the name '\(name.name)' is already used by another table, index or constraint; index and key names must be unique in \(place)")
            }
            reserve(name.name, relation: true, constraint: true)
        }
        for name in table.uniques.compactMap(\.name) { tableConstraints.insert(name.name) }
        for name in table.checks.compactMap(\.name) + table.foreignKeys.compactMap(\.name) {
            if tableConstraints.contains(name.name) {
                sink.error(name.mark, "table '\(table.name)' already has a constraint named '\(name.name)'")
            }
            tableConstraints.insert(name.name)
            reserve(name.name, relation: false, constraint: true)
        }
    }

    mutating func table(_ draft: TableDraft) -> Table {
        schema = QualifiedName.schema(of: draft.name)
        // Default names are made from the name inside the schema, as PostgreSQL makes them.
        let t = QualifiedName.local(draft.name)
        let columnNames = draft.columns.map(\.column.name)
        var table = Table(
            name: draft.name, swiftName: draft.swiftName, comment: draft.comment, columns: draft.columns.map(\.column),
            renamedFrom: draft.renamedFrom?.name, softDeleteColumn: draft.softDelete?.name,
            versionColumn: draft.versionColumn?.name, tenantColumn: draft.tenant?.name,
            distribution: draft.distribution?.model, rowLevelSecurity: draft.rowLevelSecurity,
            partitioning: draft.partitioning, retention: draft.retention)
        if let pk = draft.primaryKey {
            let name = PostgresNames.primaryKeyName(table: t, isTaken: isRelationOrConstraint)
            take(name, relation: true)
            table.primaryKey = PrimaryKey(name: name, columns: pk.columns.map(\.name))
        }
        for unique in draft.uniques {
            let columns = unique.columns.map(\.name)
            let name = unique.name?.name ?? PostgresNames.uniqueConstraintName(table: t, columns: columns, isTaken: isRelationOrConstraint)
            take(name, relation: true)
            table.uniqueConstraints.append(UniqueConstraint(name: name, columns: columns))
        }
        for check in draft.checks {
            let mentioned = CheckExpression.mentionedColumns(check.expression, columns: columnNames)
            let name = check.name?.name ?? PostgresNames.checkName(table: t, column: mentioned.count == 1 ? mentioned[0] : nil, taken: constraints)
            take(name, relation: false)
            table.checks.append(CheckConstraint(name: name, expression: check.expression))
        }
        for fk in draft.foreignKeys {
            let columns = fk.columns.map(\.name)
            let name = fk.name?.name ?? PostgresNames.foreignKeyName(table: t, columns: columns, taken: constraints)
            take(name, relation: false)
            table.foreignKeys.append(ForeignKey(
                name: name, columns: columns, referencedTable: fk.table.name,
                referencedColumns: fk.referencedColumns.map(\.name), onDelete: fk.onDelete, onUpdate: fk.onUpdate))
        }
        for index in draft.indexes {
            let columns = index.columns.map(\.name)
            let name = index.name?.name ?? PostgresNames.indexName(table: t, columns: columns, taken: relations)
            take(name, relation: true)
            table.indexes.append(Index(name: name, columns: columns, method: index.method, opclass: index.opclass, isUnique: index.isUnique, predicate: index.predicate))
        }
        return table
    }

    private mutating func take(_ name: String, relation: Bool) {
        reserve(name, relation: relation, constraint: true)
    }
}
