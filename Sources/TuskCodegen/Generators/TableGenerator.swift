import TuskSchema

/// One table -> a namespace enum named after the table's Swift name, holding `Row` (what a
/// read returns), `Insert` (what a new row needs) and `Columns` (the column descriptions).
struct TableGenerator {
    let table: Table
    let schema: Schema
    let index: SchemaIndex
    let access: SwiftAccess
    /// A view's read side (`ViewGenerator`): no `Insert`.
    var isView = false

    func declaration() -> SwiftDeclaration {
        var docs = table.comment.map { [$0, ""] } ?? []
        docs.append(isView ? "The view `\(table.name)` (read-only)." : "The table `\(table.name)`.")
        let columnType = SupportGenerator.columnDescriptionType
        let members: [SwiftDeclaration] = [
            .property(SwiftProperty(
                docs: ["The table's name in the database."], access: access, isStatic: true, kind: .constant,
                name: "tableName", type: "Swift.String", initialValue: .string(table.name))),
            .property(SwiftProperty(
                docs: ["The table's columns."], access: access, isStatic: true, kind: .constant,
                name: "columns", type: "Columns", initialValue: .raw("Columns()"))),
            .property(SwiftProperty(
                docs: ["Every column, in declared order (the order the database sees)."], access: access,
                isStatic: true, kind: .constant, name: "allColumns", type: "[\(columnType)]",
                initialValue: .array(table.columns.map { column in
                    .call(columnType, [
                        SwiftArgument("name", .string(column.name)),
                        SwiftArgument("sqlType", .string(column.type.sql)),
                        SwiftArgument("isNullable", .raw(column.isNullable ? "true" : "false")),
                    ])
                }))),
            row(),
        ] + (isView ? [] : [insert()]) + [
            columns(),
        ]
        return .type(SwiftTypeDeclaration(
            docs: docs, access: access, kind: .enum, name: SwiftIdentifier.escaped(table.swiftName),
            conformances: ["Swift.Sendable"], members: members))
    }

    /// Every column but a tsvector (searched, never read back); NOT NULL columns are non-optional.
    func row() -> SwiftDeclaration {
        let fields = table.readableColumns.map { column in
            var docs = column.comment.map { [$0] } ?? []
            if let swiftType = column.swiftType {
                // Said here because a missing conformance is reported at this property.
                docs.append("`swift_type: \(swiftType)` must be Codable, Hashable and Sendable.")
            }
            return Field(column: column, type: SwiftTypeMapping.rowType(of: column, in: schema), defaultValue: nil, docs: docs)
        }
        return structure(
            name: "Row", docs: ["A row of `\(table.name)`, as the database returns it."],
            conformances: ["Swift.Sendable", "Swift.Hashable"], fields: fields)
    }

    /// What a new row needs: columns the database fills (a default or identity) and nullable
    /// columns are optional, `nil` meaning "leave it to the database". A nullable column with a
    /// default is doubly optional: `nil` takes the default, `.some(nil)` stores NULL.
    /// GENERATED ALWAYS identity columns are left out: the database always fills them.
    func insert() -> SwiftDeclaration {
        var docs = ["The values for a new row of `\(table.name)`. Optional values left `nil` are filled by the database."]
        var fields: [Field] = []
        for column in table.columns {
            let value = SwiftTypeMapping.valueType(of: column, in: schema)
            guard column.isWritable else {
                docs += ["", "`\(column.name)` is not here: \(notWrittenReason(column))."]
                continue
            }
            let type: String
            switch (table.isFilledOnInsert(column), column.isNullable) {
            case (true, true): type = value + "??"
            case (true, false), (false, true): type = value + "?"
            case (false, false): type = value
            }
            fields.append(Field(
                column: column, type: type, defaultValue: type == value ? nil : .raw("nil"),
                docs: insertDocs(for: column)))
        }
        // Not Equatable/Hashable: a draft is built and sent, and the synthesized == over many
        // optionals is a quarter of the generated code's compile time (BENCHMARKS.md).
        return structure(name: "Insert", docs: docs, conformances: ["Swift.Sendable"], fields: fields)
    }

    func notWrittenReason(_ column: Column) -> String {
        if column.identity == .always { return "it is GENERATED ALWAYS AS IDENTITY" }
        if column.generated != nil { return "the database computes it (`generated:`)" }
        return "a tsvector is searched (`matches`, `rank`), filled by the database"
    }

    func insertDocs(for column: Column) -> [String] {
        if column.name == table.tenantColumn, column.defaultValue == nil {
            return ["The tenant: `nil` lets a tenant's runner (`db.tenant(id)`) fill it; any other runner needs it set."]
        }
        if column.identity != nil { return ["`nil` lets the identity generate it."] }
        let nullNote = column.isNullable ? "; `.some(nil)` stores NULL" : ""
        switch column.defaultValue {
        case .sql(let expression): return ["`nil` takes the default `\(expression)`\(nullNote)."]
        case .literal(let literal): return ["`nil` takes the default `\(literal.isEmpty ? "''" : literal)`\(nullNote)."]
        case nil: return column.isNullable ? ["`nil` stores NULL."] : []
        }
    }

    /// One typed column per column, as instance properties so query closures can say
    /// `$0.email`. Computed, not stored: an empty struct costs the compiler far less (BENCHMARKS.md).
    /// Each column is a typed `Tusk.Column<Table, Value>` (its `value` key path reads the value
    /// from a row, for keyset pagination; `swift_type:` columns have none).
    func columns() -> SwiftDeclaration {
        let tableType = SwiftIdentifier.escaped(table.swiftName)
        var members = table.columns.map { column in
            let property = SwiftIdentifier.escaped(column.swiftName)
            if column.type == .tsvector { return textSearchColumn(column) }
            return SwiftDeclaration.property(SwiftProperty(
                access: access, kind: .computed, name: property,
                type: "Tusk.Column<\(tableType), \(SwiftTypeMapping.rowType(of: column, in: schema))>",
                initialValue: .call("Tusk.Column", [
                    SwiftArgument("name", .string(column.name)),
                    SwiftArgument("sqlType", .string(column.type.sql)),
                    SwiftArgument("isNullable", .raw(column.isNullable ? "true" : "false")),
                    SwiftArgument("alias", .raw("alias_")),
                    // The row value, for keyset pagination; a `swift_type:` (JSON) value has no parameter form.
                ] + (column.swiftType == nil ? [SwiftArgument("value", .raw("\\.\(property)"))] : []))))
        }
        // Relation filters: `$0.documents.some { ... }`.
        members += RelationsGenerator(table: table, schema: schema, index: index, access: access).filterProperties()
        // The one stored property (a trailing underscore: no derived column name has one).
        members.append(.property(SwiftProperty(
            docs: ["The table's alias in a self-join's second side; nil: the table's own name."],
            access: .private, kind: .constant, name: "alias_", type: "Swift.String?")))
        members.append(.initializer(SwiftInitializer(
            access: access,
            parameters: [SwiftParameter(name: "alias", type: "Swift.String?", defaultValue: .raw("nil"))],
            body: [.assign("self.alias_", .raw("alias"))])))
        return .type(SwiftTypeDeclaration(
            docs: ["The columns of `\(table.name)`."], access: access, kind: .struct, name: "Columns",
            conformances: ["Swift.Sendable", "Tusk.AliasableColumns"], members: members))
    }

    /// A tsvector column: `$0.search.matches("...")`, `$0.search.rank("...")`, parsed with the
    /// text search configuration its generated expression names (`to_tsvector('english', ...)`).
    func textSearchColumn(_ column: Column) -> SwiftDeclaration {
        let config = column.generated.flatMap { TextSearchConfiguration.named(in: $0.sql) }
        return .property(SwiftProperty(
            access: access, kind: .computed, name: SwiftIdentifier.escaped(column.swiftName),
            type: "Tusk.TextSearchColumn<\(SwiftIdentifier.escaped(table.swiftName))>",
            initialValue: .call("Tusk.TextSearchColumn", [
                SwiftArgument("name", .string(column.name)),
                SwiftArgument("configuration", config.map { .string($0) } ?? .raw("nil")),
                SwiftArgument("alias", .raw("alias_")),
            ])))
    }

    struct Field {
        var column: Column
        var type: String
        var defaultValue: SwiftExpression?
        var docs: [String]
    }

    /// A struct of stored properties with an initializer taking every one of them.
    func structure(name: String, docs: [String], conformances: [String], fields: [Field]) -> SwiftDeclaration {
        var members = fields.map { field in
            SwiftDeclaration.property(SwiftProperty(
                docs: field.docs, access: access, kind: .variable,
                name: SwiftIdentifier.escaped(field.column.swiftName), type: field.type))
        }
        // A parameter called `self` would hide `self` in the body, so it gets another inside name.
        func inside(_ field: Field) -> String? { field.column.swiftName == "self" ? "self_" : nil }
        members.append(.initializer(SwiftInitializer(
            access: access,
            parameters: fields.map { field in
                SwiftParameter(
                    name: SwiftIdentifier.escaped(field.column.swiftName), internalName: inside(field),
                    type: field.type, defaultValue: field.defaultValue)
            },
            body: fields.map { field in
                let name = SwiftIdentifier.escaped(field.column.swiftName)
                return .assign("self.\(name)", .raw(inside(field) ?? name))
            })))
        return .type(SwiftTypeDeclaration(docs: docs, access: access, kind: .struct, name: name, conformances: conformances, members: members))
    }
}
