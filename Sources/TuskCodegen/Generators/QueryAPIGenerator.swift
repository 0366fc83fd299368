import TuskSchema

/// One table -> what makes it queryable through the runtime's query builders: the `TuskTable`
/// conformance and `find`, the positional row decoder, the `Insert` write form, the `Patch`
/// type, and validators from the schema (types and `validate:` rules).
struct QueryAPIGenerator {
    let table: Table
    let schema: Schema
    let index: SchemaIndex
    let access: SwiftAccess

    var typeName: String { SwiftIdentifier.escaped(table.swiftName) }

    func declarations() -> [SwiftDeclaration] {
        [tableConformance(), rowDecoder(), insertConformance(), patch()]
    }

    static func property(_ column: Column) -> String { SwiftIdentifier.escaped(column.swiftName) }

    /// Always double-quoted, as the runtime's query builders write identifiers.
    static func quoted(_ name: String) -> String { PostgresNames.alwaysQuotedIdentifier(name) }
    /// `"public"."users"`, `"billing"."invoices"`: always qualified (``QualifiedName/quotedSQL``,
    /// as the runtime's `SQLFragment.relation`).
    static func quotedRelation(_ name: String) -> String { QualifiedName(name).quotedSQL }

    // MARK: TuskTable

    func staticConstant(_ docs: [String], _ name: String, _ type: String, _ value: SwiftExpression) -> SwiftDeclaration {
        .property(SwiftProperty(docs: docs, access: access, isStatic: true, kind: .constant, name: name, type: type, initialValue: value))
    }

    /// `columns.name.eq(row.name)`, the conditions on a key or version column.
    func equalsRowValue(_ column: Column) -> SwiftExpression {
        .method(.raw("columns.\(Self.property(column))"), "eq", [SwiftArgument("", .raw("row.\(Self.property(column))"))])
    }

    /// One condition, or `.and([...])` of several.
    static func conjunction(_ conditions: [SwiftExpression]) -> SwiftExpression {
        conditions.count == 1 ? conditions[0] : .call(".and", [SwiftArgument("", .array(conditions))])
    }

    /// `conformances`: `Tusk.TuskTable`, or a view's protocols (`ViewGenerator`), whose own
    /// members come in `extra`.
    func tableConformance(conformances: [String] = ["Tusk.TuskTable"], extra: [SwiftDeclaration] = []) -> SwiftDeclaration {
        let keyColumns = (table.primaryKey?.columns ?? []).compactMap { name in table.columns.first { $0.name == name } }
        var members: [SwiftDeclaration] = [
            staticConstant(
                ["Every column in declared order: the select list, in the order `Row` decodes."],
                "columnNames", "[Swift.String]", .array(table.readableColumns.map { .string($0.name) })),
            .property(SwiftProperty(
                docs: ["The primary key, ascending: the tie-breaker of keyset pagination."], access: access, isStatic: true,
                kind: .computed, name: "primaryKeyOrder", type: "[Tusk.OrderTerm]",
                initialValue: .array(keyColumns.map { .raw("columns.\(Self.property($0)).asc") }))),
            staticConstant(
                ["Columns every generated update sets to now() (`auto_update: true`)."],
                "autoUpdateColumns", "[Swift.String]", .array(table.columns.filter(\.autoUpdate).map { .string($0.name) })),
            staticConstant(
                ["The quoted select list and table name, as constants (they are in every statement)."],
                "selectList", "Swift.String", .string(table.readableColumns.map { Self.quoted($0.name) }.joined(separator: ", "))),
            staticConstant([], "quotedTableName", "Swift.String", .string(Self.quotedRelation(table.name))),
            staticConstant(["The relations from foreign keys, one type each (see `Relations`)."], "relations", "Relations", .raw("Relations()")),
        ]
        if !keyColumns.isEmpty {
            members.append(.function(SwiftFunction(
                access: access, isStatic: true, name: "primaryKeyPredicate",
                parameters: [SwiftParameter(name: "of", internalName: "row", type: "Row")], result: "Tusk.Predicate?",
                body: [.expression(Self.conjunction(keyColumns.map(equalsRowValue)))])))
        }
        if let name = table.versionColumn, let column = table.columns.first(where: { $0.name == name }) {
            members += [
                staticConstant(["`version_column:`: every update adds one; `update(row)` checks it."], "versionColumn", "Swift.String?", .string(name)),
                .function(SwiftFunction(
                    access: access, isStatic: true, name: "versionPredicate",
                    parameters: [SwiftParameter(name: "of", internalName: "row", type: "Row")], result: "Tusk.Predicate?",
                    body: [.expression(equalsRowValue(column))])),
            ]
        }
        let reached = index.tablesChanged(byWritesTo: table.name)
        if reached.count > 1 {
            members.append(staticConstant(
                ["What a write here can change: this table and the ones whose foreign keys act on it."],
                "writtenTables", "Swift.Set<Swift.String>", Self.tableNameSet(reached)))
        }
        if let column = table.softDeleteColumn {
            members.append(staticConstant(
                ["`soft_delete:`: reads skip rows where it is set; `delete()` sets it (`.hardDelete()` deletes)."],
                "softDeleteColumn", "Swift.String?", .string(column)))
        }
        if let name = table.tenantColumn, let column = table.column(named: name) {
            members.append(staticConstant(
                ["`tenant:`: a tenant's runner (`db.tenant(id)`) scopes every statement by it and fills it on inserts."],
                "tenantColumn", "Tusk.TenantColumn?",
                .call("Tusk.TenantColumn", [
                    SwiftArgument("table", .string(table.name)), SwiftArgument("name", .string(name)),
                    SwiftArgument("sqlType", .string(column.type.sql)),
                ])))
        }
        members += PartitioningMembers(table: table).declarations(staticConstant)
        if !keyColumns.isEmpty { members += findFunctions(keyColumns) }
        return .type(SwiftTypeDeclaration(access: .internal, kind: .extension, name: typeName, conformances: conformances, members: members + extra))
    }

    /// A set of table names: a set literal, or past `namesInSetLiteral` one name per line of one
    /// string literal (`Tusk.tableNames(lines:)`), which compiles to a fraction of the code (a
    /// long chain of foreign keys reaches hundreds of tables); the set literal again when a name
    /// cannot be written on a line of its own.
    static func tableNameSet(_ names: [String]) -> SwiftExpression {
        let lines = names.joined(separator: "\n")
        guard names.count > namesInSetLiteral,
              names.allSatisfy(Self.standsOnALineOfItsOwn),
              SwiftRenderer.multilineLiteralCanHold(lines)
        else { return .array(names.map { .string($0) }) }
        return .call("Tusk.tableNames", [SwiftArgument("lines", .multilineString(lines))])
    }

    static let namesInSetLiteral = 16

    /// Not empty, no line break, no space at either end: `Tusk.tableNames(lines:)` reads it back
    /// whole. One pass over the name's bytes (a 200-table schema checks 40,000 names).
    static func standsOnALineOfItsOwn(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: " "), last != UInt8(ascii: " ") else { return false }
            return !bytes.contains(UInt8(ascii: "\n"))
        }
    }

    /// `find(key, on:)` and `find(key, cachedFor:on:)`.
    func findFunctions(_ keyColumns: [Column]) -> [SwiftDeclaration] {
        // Parameter names are fixed (`key1`, `runner`) so no column name can clash with them;
        // the argument labels are the key's property names.
        let keys = keyColumns.enumerated().map { index, column in
            SwiftParameter(
                name: keyColumns.count == 1 ? "_" : Self.property(column), internalName: "key\(index + 1)",
                type: SwiftTypeMapping.valueType(of: column, in: schema))
        }
        let condition = Self.conjunction(keyColumns.enumerated().map { index, column in
            .method(.raw("$0.\(Self.property(column))"), "eq", [SwiftArgument("", .raw("key\(index + 1)"))])
        })
        let query = SwiftExpression.trailingClosure(.raw("Self.where"), SwiftClosure([.expression(condition)]))
        let runner = SwiftParameter(name: "on", internalName: "runner", type: "some Tusk.QueryRunner")
        let onRunner = SwiftArgument("on", .raw("runner"))
        func find(_ docs: String, extra: [SwiftParameter], body: SwiftExpression) -> SwiftDeclaration {
            .function(SwiftFunction(
                docs: [docs], access: access, isStatic: true, name: "find", parameters: keys + extra + [runner],
                isAsync: true, isThrowing: true, result: "Row?", body: [.expression(.tryAwait(body))]))
        }
        // The uncached find runs the statement `keyLookup` rendered once (Tusk.KeyLookup); the
        // cached one goes through the builder, whose fragment the cache keys and invalidates by.
        let bindings = SwiftExpression.array(keys.map { .call("Tusk.PostgresBinding", [SwiftArgument("", .raw($0.internalName ?? $0.name))]) })
        return [
            .property(SwiftProperty(
                docs: ["`find`'s statement, rendered once."], access: .private, isStatic: true, kind: .constant,
                name: "keyLookup", type: "Tusk.KeyLookup<\(typeName)>",
                initialValue: .call("Tusk.KeyLookup", [
                    SwiftArgument("keyColumns", .array(keyColumns.map { .string($0.name) })),
                ]))),
            find(
                "The row with this primary key, or nil.", extra: [],
                body: .method(.raw("Self.keyLookup"), "first", [SwiftArgument("", bindings), onRunner])),
            find(
                "The same, answered from the database's read cache for up to `ttl` (invalidated by writes; docs/typed-api.md).",
                extra: [SwiftParameter(name: "cachedFor", internalName: "ttl", type: "Swift.Duration")],
                body: .method(.method(query, "cached", [SwiftArgument("ttl", .raw("ttl"))]), "first", [onRunner])),
        ]
    }

    // MARK: Row

    /// Decodes by position (the select list is `columnNames`): no Codable, no name lookups.
    func rowDecoder() -> SwiftDeclaration {
        let body: [SwiftStatement] = table.readableColumns.enumerated().map { index, column in
            let type = column.swiftType.map { $0 + (column.isNullable ? "?" : "") } ?? SwiftTypeMapping.rowType(of: column, in: schema)
            let decode = column.swiftType == nil ? "row.decode" : "row.decodeJSON"
            return .assign("self.\(Self.property(column))", .try(.call(decode, [
                SwiftArgument("", .raw(type + ".self")), SwiftArgument("at", .raw("\(index)")),
            ])))
        }
        return .type(SwiftTypeDeclaration(
            access: .internal, kind: .extension, name: typeName + ".Row", conformances: ["Tusk.PostgresRowDecodable"],
            members: [.initializer(SwiftInitializer(
                access: access, isThrowing: true, parameters: [SwiftParameter(name: "row", type: "Tusk.Row")], body: body))]))
    }

    // MARK: Insert

    enum InsertShape { case required, optionalDefault, optionalNull, doubleOptional }

    func insertShape(_ column: Column) -> InsertShape {
        switch (table.isFilledOnInsert(column), column.isNullable) {
        case (true, true): .doubleOptional
        case (true, false): .optionalDefault
        case (false, true): .optionalNull
        case (false, false): .required
        }
    }

    /// What `Insert` and `Patch` write: not GENERATED ALWAYS identities, generated or tsvector columns.
    var insertColumns: [Column] { table.columns.filter(\.isWritable) }

    var tableAlias: SwiftDeclaration { .typeAlias(SwiftTypeAlias(access: access, name: "Table", type: typeName)) }

    func insertConformance() -> SwiftDeclaration {
        let values = insertColumns.map { column -> SwiftExpression in
            let value = "self.\(Self.property(column))"
            let json = column.swiftType != nil
            let expression: SwiftExpression
            switch (insertShape(column), json) {
            case (.required, false), (.optionalNull, false): expression = .call(".bind", [SwiftArgument("", .raw(value))])
            case (.optionalDefault, false), (.doubleOptional, false): expression = .call(".bindOrDefault", [SwiftArgument("", .raw(value))])
            case (.required, true), (.optionalNull, true): expression = .try(.call(".json", [SwiftArgument("", .raw(value))]))
            case (.optionalDefault, true): expression = .try(.call(".jsonOrDefault", [SwiftArgument("", .raw(value))]))
            case (.doubleOptional, true):
                expression = .try(.binary(
                    .method(.raw(value), "map", [SwiftArgument("", .closure(SwiftClosure([.expression(.try(.call(".json", [SwiftArgument("", .raw("$0"))])))])))]),
                    "??", .raw(".default")))
            }
            return .call("Tusk.ColumnValue", [SwiftArgument("", .string(column.name)), SwiftArgument("", expression)])
        }
        let columnValues = SwiftFunction(
            access: access, name: "columnValues", isThrowing: true, result: "[Tusk.ColumnValue]",
            body: [.expression(.array(values))])
        let validate = validateFunction(fields: insertColumns.map { column in
            (column, insertShape(column) == .doubleOptional ? "self.\(Self.property(column)) ?? nil" : "self.\(Self.property(column))")
        })
        return .type(SwiftTypeDeclaration(
            access: .internal, kind: .extension, name: typeName + ".Insert", conformances: ["Tusk.TuskInsert"],
            members: [tableAlias, .function(columnValues), validate]))
    }

    // MARK: Patch

    func patch() -> SwiftDeclaration {
        let columns = insertColumns
        let fields: [SwiftDeclaration] = columns.map { column in
            .property(SwiftProperty(
                access: access, kind: .variable, name: Self.property(column),
                type: "Tusk.Patchable<\(SwiftTypeMapping.rowType(of: column, in: schema))>", initialValue: .raw(".unchanged")))
        }
        // One call per field with nothing to infer (a closure per field made this the generated
        // code's slowest function to type-check), in one array the runtime filters: an `if let`
        // and an `append` per field compiled to nearly three times the code.
        let fieldValues = columns.map { column -> SwiftExpression in
            .method(
                .raw("self.\(Self.property(column))"), column.swiftType != nil ? "jsonColumnValue" : "columnValue",
                [SwiftArgument("", .string(column.name))])
        }
        let changed = SwiftExpression.call("Tusk.ColumnValue.changed", fieldValues.map { SwiftArgument("", $0) })
        let columnValues = SwiftFunction(
            access: access, name: "columnValues", isThrowing: true, result: "[Tusk.ColumnValue]",
            body: [.expression(columns.isEmpty ? .array([]) : columns.contains { $0.swiftType != nil } ? .try(changed) : changed)])
        let validate = validateFunction(fields: columns.map { column in
            (column, column.isNullable ? "self.\(Self.property(column)).value ?? nil" : "self.\(Self.property(column)).value")
        })
        let patch = SwiftTypeDeclaration(
            docs: [
                "Changes to rows of `\(table.name)`: every field is `.unchanged` until set. Literals set",
                "(`$0.name = \"Ann\"`), `nil` sets NULL on a nullable column, `.set(value)` sets any value.",
            ],
            access: access, kind: .struct, name: "Patch", conformances: ["Tusk.TuskPatch"],
            members: [tableAlias] + fields + [
                .initializer(SwiftInitializer(access: access, parameters: [], body: [])),
                .function(columnValues),
                validate,
            ])
        return .type(SwiftTypeDeclaration(access: .internal, kind: .extension, name: typeName, members: [.type(patch)]))
    }

    // MARK: Validators

    /// `validate()`: one check per rule that applies to the field's value (`value` is an
    /// expression of the optional or non-optional value).
    func validateFunction(fields: [(column: Column, value: String)]) -> SwiftDeclaration {
        let checks = fields.flatMap { ValidatorRules.checks(for: $0.column, value: $0.value, in: schema) }
        let body: [SwiftStatement] = checks.isEmpty ? [] : [
            .declare(name: "validator", type: nil, mutable: true, .call("Tusk.Validator", [SwiftArgument("table", .string(table.name))])),
        ] + checks.map { .expression($0) } + [.expression(.try(.method(.raw("validator"), "check", [])))]
        return .function(SwiftFunction(
            docs: ["Checks the schema's rules (types and `validate:`); throws one `Tusk.ValidationError` listing every failing field."],
            access: access, name: "validate", isThrowing: true, body: body))
    }
}

/// The validator calls for one column.
enum ValidatorRules {
    static func checks(for column: Column, value: String, in schema: Schema) -> [SwiftExpression] {
        guard column.swiftType == nil else { return [] }
        func check(_ rule: String, _ limit: SwiftExpression? = nil, _ extra: [SwiftArgument] = []) -> SwiftExpression {
            let arguments = [SwiftArgument("", .string(column.name)), SwiftArgument("", .raw(value))]
                + (limit.map { [SwiftArgument("", $0)] } ?? []) + extra
            return .call("validator." + rule, arguments)
        }
        var checks: [SwiftExpression] = []
        switch column.type {
        case .varchar(let length?):
            checks.append(check("maxLength", .raw("\(length)"), [SwiftArgument("rule", .string("varchar(\(length))"))]))
        case .char(let length):
            checks.append(check("maxLength", .raw("\(length)"), [SwiftArgument("rule", .string("char(\(length))"))]))
        case .numeric(let precision?, let scale):
            checks.append(check("numeric", nil, [SwiftArgument("precision", .raw("\(precision)")), SwiftArgument("scale", .raw("\(scale ?? 0)"))]))
        case .vector(let dimensions):
            checks.append(check("dimensions", .raw("\(dimensions)")))
        case .enumType:
            checks.append(check("known"))
        default:
            break
        }
        if column.type.isArray { return checks }
        for rule in column.validations {
            switch rule {
            case .min(let limit): checks.append(check("min", .raw("\(limit)")))
            case .max(let limit): checks.append(check("max", .raw("\(limit)")))
            case .minLength(let limit): checks.append(check("minLength", .raw("\(limit)")))
            case .maxLength(let limit): checks.append(check("maxLength", .raw("\(limit)")))
            case .pattern(let pattern): checks.append(check("pattern", .string(pattern)))
            case .format(let format): checks.append(check("format", .raw(".\(format.rawValue)")))
            }
        }
        return checks
    }
}
