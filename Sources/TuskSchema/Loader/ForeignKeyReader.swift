/// Reads foreign keys: a column's `references: table.column` (or `{ table, column }`) with its
/// actions, and the items of a table's `foreign_keys:` list for composite keys
/// (`{ columns: [a, b], references: { table: t, columns: [x, y] }, on_delete, name }`).
struct ForeignKeyReader {
    static let actions: [(String, ReferentialAction)] = ReferentialAction.allCases.map { ($0.rawValue, $0) }
    static let tableKeys = ["name", "columns", "references", "on_delete", "on_update", "relation", "inverse"]

    let read: NodeReader
    var sink: DiagnosticSink { read.sink }

    /// The column-level form; `column` is the column as read so far (nullability and default known).
    func columnReference(_ options: [String: Entry], column: Column, at entry: Entry, what: String, into table: inout TableDraft) {
        guard let e = options["references"] else {
            for key in ["on_delete", "on_update", "relation", "inverse"] {
                if let action = options[key] {
                    sink.error(action.keyMark, "'\(key)' of \(what) needs 'references' (e.g. references: users.id)")
                }
            }
            return
        }
        let (onDelete, onUpdate) = actions(options, columns: [column], what: what)
        var target: (Named, Named)?
        if let scalar = e.value.scalar, !scalar.isNull {
            // `table.column`, or `schema.table.column` for a table in a named schema.
            let parts = scalar.text.split(separator: ".", omittingEmptySubsequences: false)
            if (parts.count == 2 || parts.count == 3), !parts.contains(where: \.isEmpty) {
                let table = QualifiedName.canonical(parts.dropLast().joined(separator: "."))
                target = (Named(name: table, mark: e.value.mark), Named(name: String(parts[parts.count - 1]), mark: e.value.mark))
            } else {
                sink.error(e.value.mark, "'references' of \(what) must be 'table.column' (e.g. users.id), 'schema.table.column' (e.g. billing.invoices.id) or { table: users, column: id }, found '\(scalar.text)'")
            }
        } else if let o = read.options(e.value, allowed: ["table", "column"], what: "'references' of \(what)") {
            let t = named(o["table"], what: "'references.table' of \(what)").map { Named(name: QualifiedName.canonical($0.name), mark: $0.mark) }
            let c = named(o["column"], what: "'references.column' of \(what)")
            if o["table"] == nil { sink.error(e.value.mark, "'references' of \(what) needs 'table'") }
            if o["column"] == nil { sink.error(e.value.mark, "'references' of \(what) needs 'column'") }
            if let t, let c { target = (t, c) }
        }
        if let (t, c) = target {
            table.foreignKeys.append(ForeignKeyDraft(
                name: nil, columns: [Named(name: column.name, mark: entry.keyMark)], table: t, referencedColumns: [c],
                onDelete: onDelete, onUpdate: onUpdate, what: "'references' of \(what)", mark: entry.keyMark,
                relation: relationName(options["relation"], what: what), inverse: relationName(options["inverse"], what: what)))
        }
    }

    /// One item of a table's `foreign_keys:`; `columnList` reads and checks the table's own columns.
    func tableForeignKey(_ item: YAMLNode, table: TableDraft, columnList: (YAMLNode, String) -> [Named]?) -> ForeignKeyDraft? {
        let what = "a foreign key of table '\(table.name)'"
        guard let o = read.options(item, allowed: Self.tableKeys, what: what) else { return nil }
        let name = named(o["name"], what: "'name' of \(what)")
        if let name { read.identifier(name.name, at: name.mark, kind: "foreign key") }
        guard let c = o["columns"], let r = o["references"] else {
            sink.error(item.mark, "\(what) needs 'columns' and 'references' (e.g. { columns: [a, b], references: { table: t, columns: [x, y] } })")
            return nil
        }
        let columns = columnList(c.value, "'columns' of \(what)")
        guard let ro = read.options(r.value, allowed: ["table", "columns"], what: "'references' of \(what)") else { return nil }
        guard let t = named(ro["table"], what: "'references.table' of \(what)").map({ Named(name: QualifiedName.canonical($0.name), mark: $0.mark) }),
              let rc = ro["columns"] else {
            sink.error(r.value.mark, "'references' of \(what) needs 'table' and 'columns'")
            return nil
        }
        guard let referenced = read.names(rc.value, what: "'references.columns' of \(what)"), let columns else { return nil }
        if referenced.count != columns.count {
            sink.error(rc.value.mark, "\(what) has \(columns.count) column(s) but references \(referenced.count); they pair up one to one")
            return nil
        }
        let (onDelete, onUpdate) = actions(o, columns: columns.compactMap { table.column($0.name)?.column }, what: what)
        return ForeignKeyDraft(
            name: name, columns: columns, table: t, referencedColumns: referenced.map { Named(name: $0.0, mark: $0.1) },
            onDelete: onDelete, onUpdate: onUpdate, what: what, mark: item.mark,
            relation: relationName(o["relation"], what: what), inverse: relationName(o["inverse"], what: what))
    }

    /// `relation:` or `inverse:`: a Swift property name.
    private func relationName(_ entry: Entry?, what: String) -> Named? {
        guard let entry, let name = read.text(entry.value, what: "'\(entry.key)' of \(what)") else { return nil }
        guard SwiftNames.isValidIdentifier(name) else {
            sink.error(entry.value.mark, "'\(entry.key)' of \(what) must be a Swift property name (letters, digits and '_', not starting with a digit), found '\(name)'")
            return nil
        }
        return Named(name: name, mark: entry.value.mark)
    }

    /// `on_delete` and `on_update`, checking that set_null and set_default can work on `columns`.
    private func actions(_ options: [String: Entry], columns: [Column], what: String) -> (ReferentialAction, ReferentialAction) {
        var result: [ReferentialAction] = []
        for key in ["on_delete", "on_update"] {
            guard let e = options[key], let action = read.choice(e.value, what: "'\(key)' of \(what)", Self.actions) else {
                result.append(.noAction)
                continue
            }
            let subject = { (column: Column) in what.hasPrefix("column ") ? what : "column '\(column.name)'" }
            if action == .setNull, let column = columns.first(where: { !$0.isNullable }) {
                sink.error(e.value.mark, "'\(key): set_null' cannot work: \(subject(column)) is NOT NULL; make it 'nullable: true' or choose another action")
            }
            if action == .setDefault, let column = columns.first(where: { !$0.isNullable && $0.defaultValue == nil }) {
                sink.error(e.value.mark, "'\(key): set_default' would set the NOT NULL \(subject(column)) to NULL: it has no default; add a default or choose another action")
            }
            result.append(action)
        }
        return (result[0], result[1])
    }

    private func named(_ entry: Entry?, what: String) -> Named? {
        guard let entry else { return nil }
        return read.text(entry.value, what: what).map { Named(name: $0, mark: entry.value.mark) }
    }
}
