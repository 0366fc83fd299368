import Foundation

/// Reads one column (`name: varchar(255)`, `nickname: text?` or the full mapping form) into
/// the table draft: the column itself plus its column-level key, unique, check and reference.
struct ColumnReader {
    static let keys = [
        "type", "nullable", "primary_key", "unique", "check", "default", "identity", "references",
        "on_delete", "on_update", "auto_update", "validate", "comment", "renamed_from", "swift_name",
        "swift_type", "using", "reverse_using", "relation", "inverse", "generated",
    ]

    let read: NodeReader
    let enums: [String: EnumType]
    let extensions: Set<String>
    var sink: DiagnosticSink { read.sink }

    func column(_ entry: Entry, into table: inout TableDraft) {
        let what = "column '\(table.name).\(entry.key)'"
        var column = Column(name: entry.key, swiftName: SwiftNames.propertyName(entry.key), type: .text)
        var draft = ColumnDraft(column: column, mark: entry.keyMark, typeKnown: false)

        // Shorthand: `varchar(255)` (NOT NULL) or `text?` (nullable).
        if let scalar = entry.value.scalar, !scalar.isNull {
            if let (type, identity, nullable) = parseType(scalar.text, at: entry.value.mark, what: what) {
                column.type = type
                column.isNullable = nullable
                column.identity = identity ? .byDefault : nil
                draft.typeKnown = true
                draft.typeMark = entry.value.mark
                checkType(type, at: entry.value.mark, what: what)
            }
            draft.column = column
            table.columns.append(draft)
            return
        }
        guard entry.value.pairs != nil else {
            sink.error(entry.value.mark, "\(what) must be a type (e.g. 'text', 'text?') or a mapping (e.g. { type: text, nullable: true }), found \(entry.value.kindDescription)")
            table.columns.append(draft)  // known by name, so keys and indexes naming it add no noise
            return
        }
        guard let options = read.options(entry.value, allowed: Self.keys, what: what) else {
            table.columns.append(draft)
            return
        }

        var impliedIdentity = false
        var typeNullable: Bool?
        if let typeEntry = options["type"] {
            if typeEntry.value.pairs != nil {
                // `{ sql: int4range }`: a type Tusk does not map, kept verbatim.
                if let type = opaqueType(typeEntry.value, what: what) {
                    column.type = type
                    draft.typeKnown = true
                }
            } else if let text = read.text(typeEntry.value, what: "'type' of \(what)"),
               let (type, identity, nullable) = parseType(text, at: typeEntry.value.mark, what: what) {
                column.type = type
                impliedIdentity = identity
                typeNullable = nullable ? true : nil
                draft.typeKnown = true
                draft.typeMark = typeEntry.value.mark
                checkType(type, at: typeEntry.value.mark, what: what)
            }
        } else {
            sink.error(entry.keyMark, "\(what) needs a 'type' (e.g. { type: text })")
        }
        let type = column.type
        let typeKnown = draft.typeKnown

        if let e = options["nullable"], let nullable = read.bool(e.value, what: "'nullable' of \(what)") {
            if let typeNullable, typeNullable != nullable {
                sink.error(e.value.mark, "\(what) is marked nullable by its type ending in '?' but says 'nullable: false'; keep one of the two")
            }
            column.isNullable = nullable
        } else if let typeNullable {
            column.isNullable = typeNullable
        }

        if let e = options["identity"] {
            column.identity = identity(e.value, what: what)
        } else if impliedIdentity {
            column.identity = .byDefault
        }
        if column.identity != nil {
            if typeKnown, !type.isInteger {
                sink.error(options["identity"]?.keyMark ?? entry.keyMark, "identity column '\(table.name).\(entry.key)' must be smallint, integer or bigint, not \(type.sql)")
            }
            if column.isNullable, let e = options["nullable"] ?? options["type"] {
                sink.error(e.keyMark, "identity column '\(table.name).\(entry.key)' cannot be nullable; remove the nullable marking")
            }
        }

        if let e = options["default"] {
            if column.identity != nil {
                sink.error(e.keyMark, "\(what) is an identity column and cannot also have a default; remove 'default' or 'identity'")
            } else if let pairs = e.value.pairs, pairs.count == 1, pairs[0].keyText == "sql" {
                // `{ sql: now() }`: an expression (a JSON object whose only key is `sql` needs the sql form too).
                column.defaultValue = read.sql(pairs[0].value, what: "'default: { sql }' of \(what)").map { .sql($0) }
            } else if typeKnown {
                switch DefaultLiteral(enums: enums).render(e.value, as: type) {
                case .success(let text): column.defaultValue = .literal(text)
                case .failure(let problem): sink.error(problem.mark, "\(what): \(problem.message)")
                }
            }
        }

        if let e = options["primary_key"], let isKey = read.bool(e.value, what: "'primary_key' of \(what)"), isKey {
            if column.isNullable {
                sink.error(e.keyMark, "primary key column '\(table.name).\(entry.key)' cannot be nullable; a primary key is always NOT NULL")
            }
            if let existing = table.primaryKey {
                sink.error(e.keyMark, "table '\(table.name)' already has a primary key on \(existing.columns.map(\.name).joined(separator: ", ")) (line \(existing.mark.line)); for a composite key write 'primary_key: [a, b]' at the table level")
            } else {
                table.primaryKey = KeyDraft(name: nil, columns: [Named(name: entry.key, mark: entry.keyMark)], mark: e.keyMark)
            }
        }
        if let e = options["unique"], let isUnique = read.bool(e.value, what: "'unique' of \(what)"), isUnique {
            table.uniques.append(KeyDraft(name: nil, columns: [Named(name: entry.key, mark: entry.keyMark)], mark: e.keyMark))
        }
        if let e = options["check"], let sql = read.sql(e.value, what: "'check' of \(what)") {
            table.checks.append(CheckDraft(name: nil, expression: sql, mark: e.value.mark))
        }

        ForeignKeyReader(read: read).columnReference(options, column: column, at: entry, what: what, into: &table)

        if let e = options["auto_update"], let on = read.bool(e.value, what: "'auto_update' of \(what)") {
            column.autoUpdate = on
            if on, typeKnown, !type.isTimestamp {
                sink.error(e.keyMark, "'auto_update' sets \(what) to now() on every update, so it must be timestamptz or timestamp, not \(type.sql)")
            }
        }
        if let e = options["validate"] {
            column.validations = validations(e.value, type: typeKnown ? type : nil, what: what)
        }
        if let e = options["comment"] { column.comment = read.text(e.value, what: "'comment' of \(what)") }
        if let e = options["renamed_from"], let old = read.text(e.value, what: "'renamed_from' of \(what)") {
            if read.identifier(old, at: e.value.mark, kind: "renamed_from column") { column.renamedFrom = old }
        }
        if let e = options["swift_name"], let name = read.swiftName(e.value, what: what) {
            column.swiftName = name
            draft.swiftNameMark = e.value.mark
        }
        if let e = options["swift_type"], let name = read.text(e.value, what: "'swift_type' of \(what)") {
            if typeKnown, type.elementType != .json, type.elementType != .jsonb {
                sink.error(e.keyMark, "'swift_type' applies to json and jsonb columns (a Codable type stored as JSON); \(what) is \(type.sql)")
            } else {
                column.swiftType = name
            }
        }
        if let e = options["using"] { column.usingExpression = read.sql(e.value, what: "'using' of \(what)") }
        if let e = options["reverse_using"] { column.reverseUsingExpression = read.sql(e.value, what: "'reverse_using' of \(what)") }
        if let e = options["generated"] {
            column.generated = GeneratedColumnReader(read: read).generated(e, options: options, what: what)
        }

        draft.column = column
        table.columns.append(draft)
    }

    /// `type` text -> (type, implies identity, nullable by a trailing `?`).
    func parseType(_ written: String, at mark: YAMLMark, what: String) -> (SQLType, Bool, Bool)? {
        var text = written.trimmingCharacters(in: .whitespaces)
        let nullable = text.hasSuffix("?")
        if nullable { text = String(text.dropLast()) }
        switch SQLType.parse(text, enumNames: Set(enums.keys)) {
        case .success(let parsed): return (parsed.type, parsed.impliesIdentity, nullable)
        case .failure(let error):
            sink.error(mark, "\(what): \(error)")
            return nil
        }
    }

    /// `type: { sql: int4range }`: any type PostgreSQL knows, written as SQL. Types Tusk maps
    /// are refused here so they keep their Swift type.
    func opaqueType(_ node: YAMLNode, what: String) -> SQLType? {
        guard let o = read.options(node, allowed: ["sql"], what: "'type' of \(what)") else { return nil }
        guard let e = o["sql"] else {
            sink.error(node.mark, "'type' of \(what) as a mapping needs 'sql' (e.g. type: { sql: int4range }) for a type Tusk does not map")
            return nil
        }
        guard let sql = read.sql(e.value, what: "'type: { sql }' of \(what)") else { return nil }
        if case .success(let parsed) = SQLType.parse(sql, enumNames: Set(enums.keys)) {
            sink.error(e.value.mark, "\(what): '\(sql)' is a type Tusk maps; write 'type: \(parsed.type.sql)' instead of the sql form")
            return nil
        }
        return .opaque(sql)
    }

    /// Rules a type alone must satisfy (pgvector declared for vector columns).
    func checkType(_ type: SQLType, at mark: YAMLMark, what: String) {
        if case .vector = type.elementType, !extensions.contains("vector") {
            sink.error(mark, "\(what) has type \(type.sql), which needs the pgvector extension; add 'vector' to 'extensions:'")
        }
    }


    private func identity(_ node: YAMLNode, what: String) -> IdentityGeneration? {
        if let on = node.scalar?.bool { return on ? .byDefault : nil }
        return read.choice(node, what: "'identity' of \(what)", [("always", .always), ("by_default", .byDefault), ("true", .byDefault)])
    }
}
