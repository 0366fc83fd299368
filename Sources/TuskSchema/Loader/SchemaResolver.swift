/// Checks what spans tables (references, renames, Swift name clashes) and gives every
/// constraint and index its name, then builds the canonical model tables.
struct SchemaResolver {
    let sink: DiagnosticSink
    let tables: [TableDraft]
    /// Each enum with the mark of its name and of its `renamed_from` value.
    let enums: [(EnumType, YAMLMark, YAMLMark?)]
    /// `views:`: their names and index names share the tables' namespace.
    let views: [ViewDraft]
    /// The views, indexes named, after `resolve()`.
    private(set) var resolvedViews: [View] = []

    init(sink: DiagnosticSink, tables: [TableDraft], enums: [(EnumType, YAMLMark, YAMLMark?)], views: [ViewDraft] = []) {
        self.sink = sink
        self.tables = tables.sorted { $0.name < $1.name }
        self.enums = enums
        self.views = views.sorted { $0.name < $1.name }
    }

    mutating func resolve() -> [Table] {
        checkRenames()
        checkSwiftNames()
        for table in tables {
            for fk in table.foreignKeys { checkReference(fk, in: table) }
            checkRedundantKeys(table)
        }
        DistributionRules(sink: sink, tables: tables).check()
        var namer = ConstraintNamer(sink: sink, tables: tables + views.map(\.table))
        let resolved = tables.map { namer.table($0) }
        resolvedViews = views.map { draft in
            let table = namer.table(draft.table)
            return View(
                name: draft.name, swiftName: table.swiftName, comment: table.comment, sql: draft.sql, columns: table.columns,
                isMaterialized: draft.isMaterialized, indexes: table.indexes, refreshesConcurrently: draft.concurrentRefresh != nil)
        }
        return resolved
    }

    private func byName(_ name: String) -> TableDraft? { tables.first { $0.name == name } }

    private func checkRenames() {
        var oldTables: [String: String] = [:]
        for table in tables {
            if let old = table.renamedFrom {
                if byName(old.name) != nil {
                    sink.error(old.mark, "table '\(table.name)' says 'renamed_from: \(old.name)', but table '\(old.name)' still exists; remove 'renamed_from' or the old table")
                } else if let other = oldTables[old.name] {
                    sink.error(old.mark, "tables '\(other)' and '\(table.name)' are both 'renamed_from: \(old.name)'; only one can be")
                }
                oldTables[old.name] = table.name
            }
            var oldColumns: [String: String] = [:]
            for draft in table.columns {
                guard let old = draft.column.renamedFrom else { continue }
                if table.column(old) != nil {
                    sink.error(draft.mark, "column '\(table.name).\(draft.column.name)' says 'renamed_from: \(old)', but column '\(old)' still exists; remove 'renamed_from' or the old column")
                } else if let other = oldColumns[old] {
                    sink.error(draft.mark, "columns '\(other)' and '\(draft.column.name)' of table '\(table.name)' are both 'renamed_from: \(old)'; only one can be")
                }
                oldColumns[old] = oldColumns[old] ?? draft.column.name
            }
        }
        let enumNames = Set(enums.map(\.0.name))
        for (type, mark, renamedMark) in enums {
            if let old = type.renamedFrom, enumNames.contains(old) {
                sink.error(renamedMark ?? mark, "enum '\(type.name)' says 'renamed_from: \(old)', but enum '\(old)' still exists; remove 'renamed_from' or the old enum")
            }
            if let table = byName(type.name) {
                sink.error(mark, "enum '\(type.name)' has the name of table '\(table.name)'; PostgreSQL gives every table a type of its own name, so choose another name")
            }
        }
    }

    /// Generated Swift types (tables and enums) and properties must not collide.
    private func checkSwiftNames() {
        var types: [String: String] = [:]
        var entries: [(String, String, YAMLMark)] = tables.map { ($0.swiftName, "table '\($0.name)'", $0.swiftNameMark ?? $0.mark) }
        entries += views.map { ($0.table.swiftName, "view '\($0.name)'", $0.table.swiftNameMark ?? $0.mark) }
        entries += enums.map { ($0.0.swiftName, "enum '\($0.0.name)'", $0.1) }
        for (swiftName, owner, mark) in entries.sorted(by: { $0.2 < $1.2 }) {
            if let other = types[swiftName] {
                sink.error(mark, "\(owner) and \(other) would both become the Swift type '\(swiftName)'; give one a 'swift_name'")
            } else {
                types[swiftName] = owner
            }
        }
        for table in tables + views.map(\.table) {
            var properties: [String: String] = [:]
            for draft in table.columns {
                if let other = properties[draft.column.swiftName] {
                    sink.error(draft.swiftNameMark ?? draft.mark, "columns '\(other)' and '\(draft.column.name)' of table '\(table.name)' would both become the Swift property '\(draft.column.swiftName)'; give one a 'swift_name'")
                } else {
                    properties[draft.column.swiftName] = draft.column.name
                }
            }
        }
    }

    private func checkReference(_ fk: ForeignKeyDraft, in table: TableDraft) {
        let what = fk.what
        guard let target = byName(fk.table.name) else {
            sink.error(fk.table.mark, "\(what) names table '\(fk.table.name)', which does not exist" + missingTableHint(fk.table.name))
            return
        }
        guard target.columnsKnown else { return }
        var referenced: [ColumnDraft] = []
        for name in fk.referencedColumns {
            guard let column = target.column(name.name) else {
                let names = target.columns.map(\.column.name)
                sink.error(name.mark, "\(what) names column '\(fk.table.name).\(name.name)', which does not exist\(didYouMean(name.name, names)) (columns of '\(target.name)': \(names.joined(separator: ", ")))")
                return
            }
            referenced.append(column)
        }
        for (source, target) in zip(fk.columns.compactMap { table.column($0.name) }, referenced) where source.typeKnown && target.typeKnown {
            if !source.column.type.canReference(target.column.type) {
                let subject = fk.columns.count == 1 ? "column type" : "column '\(source.column.name)' of type"
                sink.error(fk.table.mark, "\(what): \(subject) \(source.column.type.sql) cannot reference '\(fk.table.name).\(target.column.name)' of type \(target.column.type.sql); make the types match")
            }
        }
        let wanted = Set(referenced.map(\.column.name))
        let keys = ([target.primaryKey].compactMap { $0 } + target.uniques).map { Set($0.columns.map(\.name)) }
            + target.indexes.filter { $0.isUnique && $0.predicate == nil }.map { Set($0.columns.map(\.name)) }
        if !keys.contains(wanted) {
            let mark = fk.referencedColumns[0].mark
            if referenced.count == 1 {
                sink.error(mark, "\(what): '\(target.name).\(referenced[0].column.name)' is neither the primary key nor unique, and PostgreSQL only references those; add 'unique: true' to it or reference the primary key")
            } else {
                sink.error(mark, "\(what): (\(referenced.map(\.column.name).joined(separator: ", "))) of table '\(target.name)' is neither its primary key nor a unique constraint, and PostgreSQL only references those; add 'unique: [[\(referenced.map(\.column.name).joined(separator: ", "))]]' to '\(target.name)'")
            }
        }
    }

    /// What to say about a referenced table that is not declared: the tables of that name in
    /// other schemas (an unqualified name means `public`), else the nearest names.
    private func missingTableHint(_ name: String) -> String {
        let wanted = QualifiedName(name)
        let names = tables.map(\.name)
        let elsewhere = names.filter { QualifiedName($0).name == wanted.name }
        if !elsewhere.isEmpty {
            return " in schema '\(wanted.schema)'; a table of that name is in another schema: write \(quotedList(elsewhere))"
                + (wanted.isInDefaultSchema ? " (an unqualified name means schema 'public')" : "")
        }
        let inSchema = names.filter { QualifiedName($0).schema == wanted.schema }
        let schemaNote = wanted.isInDefaultSchema ? "" : " in schema '\(wanted.schema)'"
        return "\(schemaNote)\(didYouMean(name, names)) (tables: \((inSchema.isEmpty ? names : inSchema).joined(separator: ", ")))"
    }

    /// PostgreSQL silently drops a unique constraint that repeats the primary key or another one.
    private func checkRedundantKeys(_ table: TableDraft) {
        var seen: [[String]: String] = [:]
        if let pk = table.primaryKey { seen[pk.columns.map(\.name)] = "the primary key" }
        for unique in table.uniques {
            let columns = unique.columns.map(\.name)
            if let other = seen[columns] {
                sink.error(unique.mark, "unique constraint on (\(columns.joined(separator: ", "))) of table '\(table.name)' repeats \(other); remove it")
            } else {
                seen[columns] = "the unique constraint at line \(unique.mark.line)"
            }
        }
    }
}
