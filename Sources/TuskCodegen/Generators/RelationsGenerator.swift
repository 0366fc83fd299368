import TuskSchema

/// One table's relations (`Schema.relations(of:)`) -> `extension User { struct Relations }`:
/// a computed property and a small struct per relation, conforming to the runtime's marker
/// protocol for its cardinality, so `including(\.documents)` and `$0.documents.some { ... }` are
/// checked by the compiler. Always generated, empty for a table without relations.
struct RelationsGenerator {
    let table: Table
    let schema: Schema
    let access: SwiftAccess

    var a: String { access.prefix }
    var typeName: String { SwiftIdentifier.escaped(table.swiftName) }

    /// The relations with the nested type name each gets and the key type both sides share;
    /// relations whose key column holds a `swift_type:` value (not a database key type) are left out.
    var relations: [(relation: TableRelation, typeName: String, key: KeyType)] {
        let all = schema.relations(of: table.name)
        // The properties share the scope: a written `relation: Documents` keeps its type off that name.
        var taken = Self.namesInScope(schema).union(all.map(\.name))
        return all.compactMap { relation in
            guard let key = KeyType(relation, in: schema) else { return nil }
            var name = relation.name.prefix(1).uppercased() + relation.name.dropFirst()
            while taken.contains(name) { name += "_" }
            taken.insert(name)
            return (relation, name, key)
        }
    }

    /// Names the relation structs must not take: what the code inside `Relations` refers to
    /// (tables, enums, modules) and what would read as something else.
    static func namesInScope(_ schema: Schema) -> Set<String> {
        Set(schema.tables.map(\.swiftName) + schema.enums.map(\.swiftName))
            .union(["Swift", "Foundation", "Tusk", "Relations", "Source", "Target", "Key", "Type", "Protocol", "Self", "Any"])
    }

    func declaration() -> SwiftDeclaration {
        let relations = self.relations
        let example = relations.first.map { "`\(table.swiftName).query.including(\\.\($0.relation.name))`, `$0.\($0.relation.name).some { ... }`" }
        var members: [SwiftDeclaration] = [.initializer(SwiftInitializer(access: access, parameters: [], body: []))]
        for (relation, nestedName, key) in relations {
            members.append(.property(SwiftProperty(
                docs: [propertyDoc(relation)], access: access, kind: .computed, name: SwiftIdentifier.escaped(relation.name),
                type: nestedName, initialValue: .raw("\(nestedName)()"))))
            members.append(.code(relationStruct(relation, name: nestedName, key: key)))
        }
        let relationsType = SwiftTypeDeclaration(
            docs: ["The relations of `\(table.name)`, from foreign keys" + (example.map { ": \($0)." } ?? ": none.")],
            access: access, kind: .struct, name: "Relations", conformances: ["Swift.Sendable"], members: members)
        return .type(SwiftTypeDeclaration(access: .internal, kind: .extension, name: typeName, members: [.type(relationsType)]))
    }

    /// `public var documents: Tusk.RelationFilter<User.Relations.Documents> { Tusk.RelationFilter() }`, for `Columns`.
    func filterProperties() -> [SwiftDeclaration] {
        relations.map { relation, nestedName, _ in
            .property(SwiftProperty(
                access: access, kind: .computed, name: SwiftIdentifier.escaped(relation.name),
                type: "Tusk.RelationFilter<\(typeName).Relations.\(nestedName)>", initialValue: .raw("Tusk.RelationFilter()")))
        }
    }

    func relationStruct(_ relation: TableRelation, name: String, key: KeyType) -> [String] {
        guard let target = schema.table(named: relation.targetTable) else { return [] }
        let targetType = SwiftIdentifier.escaped(target.swiftName)
        let conformance = switch relation.cardinality {
        case .requiredToOne: "Tusk.RequiredToOneRelation"
        case .toOne: "Tusk.ToOneRelation"
        case .toMany: "Tusk.ToManyRelation"
        }
        return [
            "/// \(arrows(relation)), seen from `\(relation.sourceTable)`.",
            "\(a)struct \(name): \(conformance) {",
            "    \(a)typealias Source = \(typeName)",
            "    \(a)typealias Target = \(targetType)",
            "    \(a)static let name: Swift.String = \(SwiftRenderer.stringLiteral(relation.name))",
        ] + link(relation) + [
            "    \(a)init() {}",
            "    \(a)static func sourceKey(of row: \(typeName).Row) -> \(key.type)? { \(key.sourceValue) }",
            "    \(a)static func targetKey(of row: \(targetType).Row) -> \(key.type)? { \(key.targetValue) }",
            "}",
        ]
    }

    /// The `static let link` lines (the many-to-many arguments on a line of their own).
    func link(_ relation: TableRelation) -> [String] {
        let (source, target) = (SwiftRenderer.stringLiteral(relation.sourceColumn), SwiftRenderer.stringLiteral(relation.targetColumn))
        let head = "    \(a)static let link: Tusk.RelationLink = "
        switch relation.kind {
        case .belongsTo: return [head + ".foreignKeyOnSource(sourceColumn: \(source), targetColumn: \(target))"]
        case .hasOne, .hasMany: return [head + ".foreignKeyOnTarget(sourceColumn: \(source), targetColumn: \(target))"]
        case .manyToMany:
            let join = relation.through!
            return [
                head + ".through(",
                "        table: \(SwiftRenderer.stringLiteral(join.table)), sourceJoinColumn: \(SwiftRenderer.stringLiteral(join.sourceColumn)), "
                    + "targetJoinColumn: \(SwiftRenderer.stringLiteral(join.targetColumn)),",
                "        sourceColumn: \(source), targetColumn: \(target))",
            ]
        }
    }

    /// "`documents.user_id` → `users.id`".
    func arrows(_ relation: TableRelation) -> String {
        let (s, t) = (relation.sourceTable, relation.targetTable)
        switch relation.kind {
        case .belongsTo: return "`\(s).\(relation.sourceColumn)` → `\(t).\(relation.targetColumn)`"
        case .hasOne, .hasMany: return "`\(t).\(relation.targetColumn)` → `\(s).\(relation.sourceColumn)`"
        case .manyToMany:
            let join = relation.through!
            return "`\(join.table).\(join.sourceColumn)` → `\(s).\(relation.sourceColumn)` and `\(join.table).\(join.targetColumn)` → `\(t).\(relation.targetColumn)`"
        }
    }

    func propertyDoc(_ relation: TableRelation) -> String {
        let (s, t) = (relation.sourceTable, relation.targetTable)
        switch relation.kind {
        case .belongsTo:
            let which = relation.cardinality == .requiredToOne ? "the" : "the (optional)"
            return "`\(s).\(relation.sourceColumn)` references `\(t).\(relation.targetColumn)`: \(which) `\(t)` row this row references."
        case .hasOne:
            return "`\(t).\(relation.targetColumn)` references `\(s).\(relation.sourceColumn)` and is unique: this row's `\(t)` row, if any."
        case .hasMany:
            return "`\(t).\(relation.targetColumn)` references `\(s).\(relation.sourceColumn)`: this row's `\(t)` rows."
        case .manyToMany:
            return "Through `\(relation.through!.table)`: the `\(t)` rows linked to this row."
        }
    }
}

/// The Swift type of a relation's key and how each side's row gives it. Both columns normally
/// map to one type; integers of different widths (an `integer` referencing a `bigint`) meet at
/// the widest, counting a many-to-many's join columns too (the runtime decodes the join
/// table's key as this type, and a wider integer type decodes the narrower ones).
struct KeyType {
    var type: String
    var sourceValue: String
    var targetValue: String

    init?(_ relation: TableRelation, in schema: Schema) {
        guard let source = schema.table(named: relation.sourceTable)?.column(named: relation.sourceColumn),
              let target = schema.table(named: relation.targetTable)?.column(named: relation.targetColumn),
              source.swiftType == nil, target.swiftType == nil
        else { return nil }
        let (sourceType, targetType) = (SwiftTypeMapping.valueType(of: source, in: schema), SwiftTypeMapping.valueType(of: target, in: schema))
        var types = [sourceType, targetType]
        if let join = relation.through, let table = schema.table(named: join.table) {
            types += [join.sourceColumn, join.targetColumn].compactMap { table.column(named: $0) }.map { SwiftTypeMapping.valueType(of: $0, in: schema) }
        }
        let widths = ["Swift.Int16": 16, "Swift.Int32": 32, "Swift.Int64": 64]
        let type: String
        if Set(types).count == 1 {
            type = sourceType
        } else if let widest = types.max(by: { (widths[$0] ?? 0) < (widths[$1] ?? 0) }), types.allSatisfy({ widths[$0] != nil }) {
            type = widest
        } else {
            return nil
        }
        func value(_ column: Column, _ columnType: String) -> String {
            let property = "row." + SwiftIdentifier.escaped(column.swiftName)
            guard columnType != type else { return property }
            return column.isNullable ? "\(property).map { \(type)($0) }" : "\(type)(\(property))"
        }
        self.type = type
        sourceValue = value(source, sourceType)
        targetValue = value(target, targetType)
    }
}
