import TuskSchema

/// One table -> what makes it queryable through the runtime's query builders: the `TuskTable`
/// conformance and `find`, the positional row decoder, the `Insert` write form, the `Patch`
/// type, and validators from the schema (types and `validate:` rules).
struct QueryAPIGenerator {
    let table: Table
    let schema: Schema
    let access: SwiftAccess

    var typeName: String { SwiftIdentifier.escaped(table.swiftName) }
    var a: String { access.prefix }

    func declarations() -> [SwiftDeclaration] {
        [tableConformance(), rowDecoder(), insertConformance(), patch()]
    }

    static func property(_ column: Column) -> String { SwiftIdentifier.escaped(column.swiftName) }

    /// Always double-quoted, as the runtime's query builders write identifiers.
    static func quoted(_ name: String) -> String { PostgresNames.alwaysQuotedIdentifier(name) }

    /// `table` and, transitively, every table with a foreign key to one of them whose ON DELETE or
    /// ON UPDATE action changes rows (cascade, set null, set default): what a write to `table` can
    /// change, so cached reads of all of them are invalidated. Sorted, for deterministic output.
    static func tablesChanged(byWritesTo table: String, in schema: Schema) -> [String] {
        // Who acts on whom, built once: referenced table -> the tables whose keys act on it.
        var actors: [String: [String]] = [:]
        for other in schema.tables {
            for key in other.foreignKeys where [key.onDelete, key.onUpdate].contains(where: { $0 == .cascade || $0 == .setNull || $0 == .setDefault }) {
                actors[key.referencedTable, default: []].append(other.name)
            }
        }
        var reached: Set<String> = [table]
        var pending = [table]
        while let current = pending.popLast() {
            for other in actors[current] ?? [] where reached.insert(other).inserted { pending.append(other) }
        }
        return reached.sorted()
    }

    // MARK: TuskTable

    func tableConformance() -> SwiftDeclaration {
        let names = table.columns.map { SwiftRenderer.stringLiteral($0.name) }.joined(separator: ", ")
        let keyColumns = (table.primaryKey?.columns ?? []).compactMap { name in table.columns.first { $0.name == name } }
        let autoUpdate = table.columns.filter(\.autoUpdate).map { SwiftRenderer.stringLiteral($0.name) }
        var code = [
            "/// Every column in declared order: the select list, in the order `Row` decodes.",
            "\(a)static let columnNames: [Swift.String] = [\(names)]",
            "",
            "/// The primary key, ascending: the tie-breaker of keyset pagination.",
            "\(a)static var primaryKeyOrder: [Tusk.OrderTerm] { [\(keyColumns.map { "columns.\(Self.property($0)).asc" }.joined(separator: ", "))] }",
            "",
            "/// Columns every generated update sets to now() (`auto_update: true`).",
            "\(a)static let autoUpdateColumns: [Swift.String] = [\(autoUpdate.joined(separator: ", "))]",
            "",
            "/// The quoted select list and table name, as constants (they are in every statement).",
            "\(a)static let selectList: Swift.String = \(SwiftRenderer.stringLiteral(table.columns.map { Self.quoted($0.name) }.joined(separator: ", ")))",
            "\(a)static let quotedTableName: Swift.String = \(SwiftRenderer.stringLiteral(Self.quoted(table.name)))",
            "",
            "/// The relations from foreign keys, one type each (see `Relations`).",
            "\(a)static let relations: Relations = Relations()",
        ]
        if !keyColumns.isEmpty {
            let conditions = keyColumns.map { "columns.\(Self.property($0)).eq(row.\(Self.property($0)))" }
            code += [
                "",
                "\(a)static func primaryKeyPredicate(of row: Row) -> Tusk.Predicate? {",
                "    " + (conditions.count == 1 ? conditions[0] : ".and([\(conditions.joined(separator: ", "))])"),
                "}",
            ]
        }
        if let name = table.versionColumn, let column = table.columns.first(where: { $0.name == name }) {
            code += [
                "",
                "/// `version_column:`: every update adds one; `update(row)` checks it.",
                "\(a)static let versionColumn: Swift.String? = \(SwiftRenderer.stringLiteral(name))",
                "",
                "\(a)static func versionPredicate(of row: Row) -> Tusk.Predicate? {",
                "    columns.\(Self.property(column)).eq(row.\(Self.property(column)))",
                "}",
            ]
        }
        let reached = Self.tablesChanged(byWritesTo: table.name, in: schema)
        if reached.count > 1 {
            code += [
                "",
                "/// What a write here can change: this table and the ones whose foreign keys act on it.",
                "\(a)static let writtenTables: Swift.Set<Swift.String> = [\(reached.map(SwiftRenderer.stringLiteral).joined(separator: ", "))]",
            ]
        }
        if let column = table.softDeleteColumn {
            code += [
                "",
                "/// `soft_delete:`: reads skip rows where it is set; `delete()` sets it (`.hardDelete()` deletes).",
                "\(a)static let softDeleteColumn: Swift.String? = \(SwiftRenderer.stringLiteral(column))",
            ]
        }
        if !keyColumns.isEmpty {
            // Parameter names are fixed (`key1`, `runner`) so no column name can clash with them;
            // the argument labels are the key's property names.
            let parameters = keyColumns.enumerated().map { index, column in
                (keyColumns.count == 1 ? "_" : Self.property(column)) + " key\(index + 1): \(SwiftTypeMapping.valueType(of: column, in: schema))"
            }
            let conditions = keyColumns.enumerated().map { index, column in "$0.\(Self.property(column)).eq(key\(index + 1))" }
            let condition = conditions.count == 1 ? conditions[0] : ".and([\(conditions.joined(separator: ", "))])"
            code += [
                "",
                "/// The row with this primary key, or nil.",
                "\(a)static func find(\(parameters.joined(separator: ", ")), on runner: some Tusk.QueryRunner) async throws -> Row? {",
                "    try await Self.where { \(condition) }.first(on: runner)",
                "}",
                "",
                "/// The same, answered from the database's read cache for up to `ttl` (invalidated by writes; docs/typed-api.md).",
                "\(a)static func find(\(parameters.joined(separator: ", ")), cachedFor ttl: Swift.Duration, on runner: some Tusk.QueryRunner) async throws -> Row? {",
                "    try await Self.where { \(condition) }.cached(ttl: ttl).first(on: runner)",
                "}",
            ]
        }
        return .type(SwiftTypeDeclaration(
            access: .internal, kind: .extension, name: typeName, conformances: ["Tusk.TuskTable"], members: [.code(code)]))
    }

    // MARK: Row

    /// Decodes by position (the select list is `columnNames`): no Codable, no name lookups.
    func rowDecoder() -> SwiftDeclaration {
        var code = ["\(a)init(row: Tusk.Row) throws {"]
        for (index, column) in table.columns.enumerated() {
            let name = Self.property(column)
            if let swiftType = column.swiftType {
                let optional = column.isNullable ? "?" : ""
                code.append("    self.\(name) = try row.decodeJSON(\(swiftType)\(optional).self, at: \(index))")
            } else {
                code.append("    self.\(name) = try row.decode(\(SwiftTypeMapping.rowType(of: column, in: schema)).self, at: \(index))")
            }
        }
        code.append("}")
        return .type(SwiftTypeDeclaration(
            access: .internal, kind: .extension, name: typeName + ".Row", conformances: ["Tusk.PostgresRowDecodable"],
            members: [.code(code)]))
    }

    // MARK: Insert

    enum InsertShape { case required, optionalDefault, optionalNull, doubleOptional }

    static func insertShape(_ column: Column) -> InsertShape {
        switch (column.isDatabaseFilled, column.isNullable) {
        case (true, true): .doubleOptional
        case (true, false): .optionalDefault
        case (false, true): .optionalNull
        case (false, false): .required
        }
    }

    var insertColumns: [Column] { table.columns.filter { $0.identity != .always } }

    func insertConformance() -> SwiftDeclaration {
        var code = ["\(a)typealias Table = \(typeName)", ""]
        let values = insertColumns.map { column -> String in
            let value = "self.\(Self.property(column))"
            let json = column.swiftType != nil
            let expression: String
            switch (Self.insertShape(column), json) {
            case (.required, false), (.optionalNull, false): expression = ".bind(\(value))"
            case (.optionalDefault, false), (.doubleOptional, false): expression = ".bindOrDefault(\(value))"
            case (.required, true), (.optionalNull, true): expression = "try .json(\(value))"
            case (.optionalDefault, true): expression = "try .jsonOrDefault(\(value))"
            case (.doubleOptional, true): expression = "try \(value).map { try .json($0) } ?? .default"
            }
            return "Tusk.ColumnValue(\(SwiftRenderer.stringLiteral(column.name)), \(expression)),"
        }
        code.append("\(a)func columnValues() throws -> [Tusk.ColumnValue] {")
        if values.isEmpty {
            code.append("    []")
        } else {
            code.append("    [")
            code += values.map { "        " + $0 }
            code.append("    ]")
        }
        code.append("}")
        code += [""] + validateFunction(fields: insertColumns.map { column in
            (column, Self.insertShape(column) == .doubleOptional ? "self.\(Self.property(column)) ?? nil" : "self.\(Self.property(column))")
        })
        return .type(SwiftTypeDeclaration(
            access: .internal, kind: .extension, name: typeName + ".Insert", conformances: ["Tusk.TuskInsert"],
            members: [.code(code)]))
    }

    // MARK: Patch

    func patch() -> SwiftDeclaration {
        let columns = insertColumns
        var fields: [String] = []
        for column in columns {
            fields.append("\(a)var \(Self.property(column)): Tusk.Patchable<\(SwiftTypeMapping.rowType(of: column, in: schema))> = .unchanged")
        }
        var code = fields + ["", "\(a)init() {}", "", "\(a)func columnValues() throws -> [Tusk.ColumnValue] {"]
        if columns.isEmpty {
            code.append("    []")
        } else {
            code.append("    var values: [Tusk.ColumnValue] = []")
            for column in columns {
                let name = Self.property(column)
                let literal = SwiftRenderer.stringLiteral(column.name)
                if column.swiftType != nil {
                    code.append("    if let value = try self.\(name).columnValue(\(literal), encode: { try Tusk.jsonBinding($0) }) { values.append(value) }")
                } else {
                    code.append("    if let value = self.\(name).columnValue(\(literal), encode: { Tusk.PostgresBinding($0) }) { values.append(value) }")
                }
            }
            code.append("    return values")
        }
        code.append("}")
        code += [""] + validateFunction(fields: columns.map { column in
            (column, column.isNullable ? "self.\(Self.property(column)).value ?? nil" : "self.\(Self.property(column)).value")
        })
        let patch = SwiftTypeDeclaration(
            docs: [
                "Changes to rows of `\(table.name)`: every field is `.unchanged` until set. Literals set",
                "(`$0.name = \"Ann\"`), `nil` sets NULL on a nullable column, `.set(value)` sets any value.",
            ],
            access: access, kind: .struct, name: "Patch", conformances: ["Tusk.TuskPatch"],
            members: [.code(["\(a)typealias Table = \(typeName)", ""] + code)])
        return .type(SwiftTypeDeclaration(access: .internal, kind: .extension, name: typeName, members: [.type(patch)]))
    }

    // MARK: Validators

    /// `validate()`: one check per rule that applies to the field's value (`value` is an
    /// expression of the optional or non-optional value).
    func validateFunction(fields: [(column: Column, value: String)]) -> [String] {
        let checks = fields.flatMap { ValidatorRules.checks(for: $0.column, value: $0.value, in: schema) }
        let docs = "/// Checks the schema's rules (types and `validate:`); throws one `Tusk.ValidationError` listing every failing field."
        if checks.isEmpty { return [docs, "\(a)func validate() throws {}"] }
        return [docs, "\(a)func validate() throws {", "    var validator = Tusk.Validator(table: \(SwiftRenderer.stringLiteral(table.name)))"]
            + checks.map { "    " + $0 }
            + ["    try validator.check()", "}"]
    }
}

/// The validator calls for one column.
enum ValidatorRules {
    static func checks(for column: Column, value: String, in schema: Schema) -> [String] {
        guard column.swiftType == nil else { return [] }
        let name = SwiftRenderer.stringLiteral(column.name)
        var checks: [String] = []
        switch column.type {
        case .varchar(let length?):
            checks.append("validator.maxLength(\(name), \(value), \(length), rule: \"varchar(\(length))\")")
        case .char(let length):
            checks.append("validator.maxLength(\(name), \(value), \(length), rule: \"char(\(length))\")")
        case .numeric(let precision?, let scale):
            checks.append("validator.numeric(\(name), \(value), precision: \(precision), scale: \(scale ?? 0))")
        case .vector(let dimensions):
            checks.append("validator.dimensions(\(name), \(value), \(dimensions))")
        case .enumType:
            checks.append("validator.known(\(name), \(value))")
        default:
            break
        }
        if column.type.isArray { return checks }
        for rule in column.validations {
            switch rule {
            case .min(let limit): checks.append("validator.min(\(name), \(value), \(limit))")
            case .max(let limit): checks.append("validator.max(\(name), \(value), \(limit))")
            case .minLength(let limit): checks.append("validator.minLength(\(name), \(value), \(limit))")
            case .maxLength(let limit): checks.append("validator.maxLength(\(name), \(value), \(limit))")
            case .pattern(let pattern): checks.append("validator.pattern(\(name), \(value), \(SwiftRenderer.stringLiteral(pattern)))")
            case .format(let format): checks.append("validator.format(\(name), \(value), .\(format.rawValue))")
            }
        }
        return checks
    }
}
