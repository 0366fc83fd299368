/// Reads one entry of `tables:` into a `TableDraft`, checking what can be checked within the
/// table (column names in keys and indexes, soft_delete and version_column policies).
struct TableReader {
    static let keys = [
        "comment", "columns", "primary_key", "unique", "checks", "indexes", "renamed_from",
        "soft_delete", "version_column", "swift_name", "foreign_keys", "relations", "tenant", "distribution", "lint",
        "row_level_security", "partition_by", "retention",
    ]
    static let distributionKeys = ["column", "colocate_with"]
    static let indexKeys = ["name", "columns", "using", "opclass", "where", "unique"]
    static let indexMethods = Index.methods
    /// pgvector's operator classes per access method (ivfflat defaults to vector_l2_ops; hnsw has no default).
    static let vectorOperatorClasses = [
        "hnsw": ["vector_l2_ops", "vector_ip_ops", "vector_cosine_ops", "vector_l1_ops"],
        "ivfflat": ["vector_l2_ops", "vector_ip_ops", "vector_cosine_ops"],
    ]

    let columns: ColumnReader
    var read: NodeReader { columns.read }
    var sink: DiagnosticSink { read.sink }

    func table(_ entry: Entry) -> TableDraft? {
        let what = "table '\(entry.key)'"
        var table = TableDraft(name: entry.key, mark: entry.keyMark, swiftName: SwiftNames.typeName(forTable: QualifiedName.local(entry.key)))
        guard let options = read.options(entry.value, allowed: Self.keys, what: what) else { return nil }

        table.columnsKnown = options["columns"]?.value.pairs != nil
        if let e = options["columns"], let list = read.named(e.value, what: "'columns' of \(what)", kind: "column") {
            if e.value.pairs?.isEmpty == true { sink.error(e.value.mark, "\(what) has no columns; a table needs at least one") }
            for column in list { columns.column(column, into: &table) }
        } else if options["columns"] == nil {
            sink.error(entry.keyMark, "\(what) has no 'columns'; a table needs at least one")
        }
        names(options, of: entry, what: what, into: &table)
        if let e = options["renamed_from"], let old = read.text(e.value, what: "'renamed_from' of \(what)"),
           let old = read.qualifiedName(old, at: e.value.mark, kind: "renamed_from table") {
            table.renamedFrom = Named(name: old, mark: e.value.mark)
        }

        if let e = options["primary_key"], let names = columnList(e.value, what: "'primary_key' of \(what)", table: table) {
            if let existing = table.primaryKey {
                sink.error(e.keyMark, "\(what) has 'primary_key' here and 'primary_key: true' on column '\(existing.columns[0].name)' (line \(existing.mark.line)); keep one")
            } else {
                table.primaryKey = KeyDraft(name: nil, columns: names, mark: e.keyMark)
                for name in names where table.column(name.name)?.column.isNullable == true {
                    sink.error(name.mark, "primary key column '\(table.name).\(name.name)' cannot be nullable; a primary key is always NOT NULL")
                }
            }
        }
        if let e = options["unique"], let items = read.list(e.value, what: "'unique' of \(what)") {
            for item in items { uniqueItem(item, what: what, into: &table) }
        }
        if let e = options["checks"], let items = read.list(e.value, what: "'checks' of \(what)") {
            for item in items {
                guard let o = read.options(item, allowed: ["name", "sql"], what: "a check of \(what)") else { continue }
                let name = o["name"].flatMap { n in read.text(n.value, what: "'name' of a check of \(what)").map { Named(name: $0, mark: n.value.mark) } }
                if let name { read.identifier(name.name, at: name.mark, kind: "check") }
                guard let sql = o["sql"] else {
                    sink.error(item.mark, "a check of \(what) needs 'sql' (e.g. { sql: \"price >= 0\" })")
                    continue
                }
                if let expression = read.sql(sql.value, what: "'sql' of a check of \(what)") {
                    table.checks.append(CheckDraft(name: name, expression: expression, mark: sql.value.mark))
                }
            }
        }
        if let e = options["foreign_keys"], let items = read.list(e.value, what: "'foreign_keys' of \(what)") {
            let reader = ForeignKeyReader(read: read)
            let current = table
            table.foreignKeys += items.compactMap { item in
                reader.tableForeignKey(item, table: current) { node, what in columnList(node, what: what, table: current) }
            }
        }
        if let e = options["relations"], let entries = read.named(e.value, what: "'relations' of \(what)", kind: "relation") {
            table.manyToMany = entries.compactMap { manyToMany($0, what: what) }
        }
        if let e = options["indexes"], let items = read.list(e.value, what: "'indexes' of \(what)") {
            for item in items { index(item, what: what, into: &table) }
        }
        if let e = options["soft_delete"], let name = policyColumn(e, what: what, table: table) {
            if let column = table.column(name.name)?.column, table.column(name.name)!.typeKnown,
               !(column.type.isTimestamp && column.isNullable) {
                sink.error(e.value.mark, "'soft_delete' column '\(table.name).\(name.name)' must be a nullable timestamptz or timestamp (set when a row is deleted), but it is \(column.type.sql)\(column.isNullable ? "" : " NOT NULL")")
            }
            table.softDelete = name
        }
        if let e = options["version_column"], let name = policyColumn(e, what: what, table: table) {
            if let column = table.column(name.name)?.column, table.column(name.name)!.typeKnown,
               !(column.type.isInteger && !column.isNullable) {
                sink.error(e.value.mark, "'version_column' '\(table.name).\(name.name)' must be a NOT NULL smallint, integer or bigint, but it is \(column.type.sql)\(column.isNullable ? " (nullable)" : "")")
            }
            table.versionColumn = name
        }
        if let e = options["tenant"], let name = policyColumn(e, what: what, table: table) {
            if let draft = table.column(name.name), draft.column.isNullable {
                sink.error(e.value.mark, "'tenant' column '\(table.name).\(name.name)' must be NOT NULL: a row without a tenant would belong to no tenant and be invisible to every one")
            }
            if let draft = table.column(name.name), !Self.isTenantType(draft.column.type) {
                sink.error(e.value.mark, "'tenant' column '\(table.name).\(name.name)' is \(draft.column.type.sql); a tenant id is an integer, uuid, text or varchar column (what `db.tenant(id)` compares and fills)")
            }
            table.tenant = name
        }
        if let e = options["distribution"] { table.distribution = distribution(e, what: what, table: table) }
        if let e = options["lint"] { table.lintIgnore = LintOptionsReader(read: read).ignored(e.value, what: "'lint' of \(what)") }
        if let e = options["row_level_security"] { table.rowLevelSecurity = rowLevelSecurity(e.value, what: what) }
        let partitions = PartitioningReader(read: read)
        if let e = options["partition_by"] { table.partitioning = partitions.partitioning(e, what: what, table: table) }
        if let e = options["retention"] { table.retention = partitions.retention(e, what: what, table: table) }
        return table
    }

    /// `comment:` and `swift_name:` of a table or view, and the warning for a Swift name that
    /// shadows one of the standard library's.
    func names(_ options: [String: Entry], of entry: Entry, what: String, into table: inout TableDraft) {
        if let e = options["comment"] { table.comment = read.text(e.value, what: "'comment' of \(what)") }
        if let e = options["swift_name"], let name = read.swiftName(e.value, what: what) {
            table.swiftName = name
            table.swiftNameMark = e.value.mark
        }
        if let warning = ShadowedSwiftNames.warning(for: table.swiftName, of: what, chosen: options["swift_name"] != nil) {
            sink.warning(entry.keyMark, warning)
        }
    }

    /// The types a tenant id may have: their text form is the id's (`db.tenant(42)`, a UUID, a name).
    static func isTenantType(_ type: SQLType) -> Bool {
        switch type {
        case .smallint, .integer, .bigint, .uuid, .text, .varchar: true
        default: false
        }
    }

    /// `distribution: reference` or `distribution: { column: c, colocate_with: t }`.
    private func distribution(_ e: Entry, what: String, table: TableDraft) -> DistributionDraft? {
        let itemWhat = "'distribution' of \(what)"
        if e.value.pairs == nil {
            guard let word = read.text(e.value, what: itemWhat) else { return nil }
            guard word == "reference" else {
                sink.error(e.value.mark, "\(itemWhat) must be 'reference' or a mapping { column: c, colocate_with: t }, found '\(word)'\(didYouMean(word, ["reference"]))")
                return nil
            }
            return DistributionDraft(column: nil, colocateWith: nil, mark: e.value.mark)
        }
        guard let o = read.options(e.value, allowed: Self.distributionKeys, what: itemWhat) else { return nil }
        guard let c = o["column"] else {
            sink.error(e.value.mark, "\(itemWhat) needs 'column', the distribution column (e.g. { column: tenant_id }), or 'distribution: reference' for a reference table")
            return nil
        }
        guard let column = policyColumn(c, what: itemWhat, table: table) else { return nil }
        if let draft = table.column(column.name), draft.column.isNullable {
            sink.error(c.value.mark, "distribution column '\(table.name).\(column.name)' must be NOT NULL; Citus cannot place a row whose distribution column is NULL")
        }
        let colocate = o["colocate_with"].flatMap { n in read.text(n.value, what: "'colocate_with' of \(itemWhat)").map { Named(name: $0, mark: n.value.mark) } }
        return DistributionDraft(column: column, colocateWith: colocate, mark: e.value.mark)
    }

    /// `[a, b]` naming existing columns of the table, each once.
    func columnList(_ node: YAMLNode, what: String, table: TableDraft) -> [Named]? {
        guard let names = read.names(node, what: what) else { return nil }
        var result: [Named] = []
        var ok = true
        for (name, mark) in names {
            if result.contains(where: { $0.name == name }) {
                sink.error(mark, "\(what) names column '\(name)' twice")
                ok = false
            } else if table.columnsKnown, table.column(name) == nil {
                sink.error(mark, "\(what) names column '\(name)', which table '\(table.name)' does not have\(didYouMean(name, table.columns.map(\.column.name)))")
                ok = false
            }
            result.append(Named(name: name, mark: mark))
        }
        return ok ? result : nil
    }

    /// `[a, b]` or `{ name: x, columns: [a, b] }`.
    private func uniqueItem(_ item: YAMLNode, what: String, into table: inout TableDraft) {
        let itemWhat = "a unique constraint of \(what)"
        if item.pairs != nil {
            guard let o = read.options(item, allowed: ["name", "columns"], what: itemWhat) else { return }
            let name = o["name"].flatMap { n in read.text(n.value, what: "'name' of \(itemWhat)").map { Named(name: $0, mark: n.value.mark) } }
            if let name { read.identifier(name.name, at: name.mark, kind: "unique constraint") }
            guard let c = o["columns"] else {
                sink.error(item.mark, "\(itemWhat) needs 'columns'")
                return
            }
            if let names = columnList(c.value, what: "'columns' of \(itemWhat)", table: table) {
                table.uniques.append(KeyDraft(name: name, columns: names, mark: item.mark))
            }
        } else if let names = columnList(item, what: itemWhat, table: table) {
            table.uniques.append(KeyDraft(name: nil, columns: names, mark: item.mark))
        }
    }

    /// One item of `indexes:` (a table's, or a materialized view's).
    func index(_ item: YAMLNode, what: String, into table: inout TableDraft) {
        let itemWhat = "an index of \(what)"
        guard let o = read.options(item, allowed: Self.indexKeys, what: itemWhat) else { return }
        let name = o["name"].flatMap { n in read.text(n.value, what: "'name' of \(itemWhat)").map { Named(name: $0, mark: n.value.mark) } }
        if let name { read.identifier(name.name, at: name.mark, kind: "index") }
        guard let c = o["columns"] else {
            sink.error(item.mark, "\(itemWhat) needs 'columns' (e.g. { columns: [user_id] })")
            return
        }
        let names = columnList(c.value, what: "'columns' of \(itemWhat)", table: table)
        var method = "btree"
        if let u = o["using"], let m = read.text(u.value, what: "'using' of \(itemWhat)") {
            if Self.indexMethods.contains(m) {
                method = m
                if ["hnsw", "ivfflat"].contains(m), !columns.extensions.contains("vector") {
                    sink.error(u.value.mark, "index method '\(m)' comes with the pgvector extension; add 'vector' to 'extensions:'")
                }
            } else {
                sink.error(u.value.mark, "unknown index method '\(m)' in \(itemWhat)\(didYouMean(m, Self.indexMethods)) (known: \(Self.indexMethods.joined(separator: ", ")))")
            }
        }
        if ["hnsw", "ivfflat"].contains(method), let names {
            for n in names {
                if let col = table.column(n.name), col.typeKnown, col.column.type.referencedEnum == nil, !isVector(col.column.type) {
                    sink.error(n.mark, "index method '\(method)' needs a vector column, but '\(table.name).\(n.name)' is \(col.column.type.sql)")
                }
            }
        }
        let opclass = o["opclass"].flatMap { read.text($0.value, what: "'opclass' of \(itemWhat)") }
        if let classes = Self.vectorOperatorClasses[method] {
            if let opclass, !classes.contains(opclass) {
                sink.error(o["opclass"]!.value.mark, "operator class '\(opclass)' does not work with \(method) indexes\(didYouMean(opclass, classes)) (\(method) takes \(quotedList(classes)))")
            } else if opclass == nil, method == "hnsw" {
                sink.error(o["using"]!.value.mark, "an hnsw index needs an 'opclass' for its distance: \(quotedList(classes)) (e.g. opclass: vector_cosine_ops)")
            }
        }
        let predicate = o["where"].flatMap { read.sql($0.value, what: "'where' of \(itemWhat)") }
        let unique = o["unique"].flatMap { read.bool($0.value, what: "'unique' of \(itemWhat)") } ?? false
        if unique, !["btree"].contains(method) {
            sink.error(o["unique"]!.keyMark, "a unique index must use btree; \(method) indexes cannot be unique")
        }
        if let names {
            table.indexes.append(IndexDraft(name: name, columns: names, method: method, opclass: opclass, isUnique: unique, predicate: predicate, mark: item.mark))
        }
    }

    /// `name: { through: join_table, source: column, target: column }` (source and target optional).
    private func manyToMany(_ entry: Entry, what: String) -> ManyToManyDraft? {
        let itemWhat = "relation '\(entry.key)' of \(what)"
        guard SwiftNames.isValidIdentifier(entry.key) else {
            sink.error(entry.keyMark, "relation name '\(entry.key)' of \(what) must be a Swift property name (letters, digits and '_', not starting with a digit)")
            return nil
        }
        guard let o = read.options(entry.value, allowed: ["through", "source", "target"], what: itemWhat) else { return nil }
        func named(_ key: String) -> Named? {
            o[key].flatMap { e in read.text(e.value, what: "'\(key)' of \(itemWhat)").map { Named(name: $0, mark: e.value.mark) } }
        }
        guard let through = named("through") else {
            if o["through"] == nil {
                sink.error(entry.keyMark, "\(itemWhat) needs 'through', the join table (e.g. { through: memory_links, source: from_id, target: to_id })")
            }
            return nil
        }
        return ManyToManyDraft(name: Named(name: entry.key, mark: entry.keyMark), through: through, source: named("source"), target: named("target"))
    }

    private func isVector(_ type: SQLType) -> Bool { if case .vector = type { true } else { false } }

    private func policyColumn(_ e: Entry, what: String, table: TableDraft) -> Named? {
        guard let name = read.text(e.value, what: "'\(e.key)' of \(what)") else { return nil }
        guard table.column(name) != nil || !table.columnsKnown else {
            sink.error(e.value.mark, "'\(e.key)' of \(what) names column '\(name)', which the table does not have\(didYouMean(name, table.columns.map(\.column.name)))")
            return nil
        }
        return Named(name: name, mark: e.value.mark)
    }
}
