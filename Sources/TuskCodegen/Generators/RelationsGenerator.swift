import TuskSchema

/// One table's relations (`Schema.relations(of:)`) -> `extension User { struct Relations }`:
/// a computed property and a small struct per relation, conforming to the runtime's marker
/// protocol for its cardinality, so `including(\.documents)` and `$0.documents.some { ... }` are
/// checked by the compiler. Always generated, empty for a table without relations.
struct RelationsGenerator {
    let table: Table
    let schema: Schema
    let index: SchemaIndex
    let access: SwiftAccess

    var typeName: String { SwiftIdentifier.escaped(table.swiftName) }

    /// The relations with the nested type name each gets and the key type both sides share;
    /// relations whose key column holds a `swift_type:` value (not a database key type) are left out.
    var relations: [(relation: TableRelation, typeName: String, key: KeyType)] {
        let all = index.relationsBySource[table.name] ?? []
        // The properties share the scope: a written `relation: Documents` keeps its type off that name.
        var taken = index.namesInScope.union(all.map(\.name))
        return all.compactMap { relation in
            guard let key = KeyType(relation, in: schema, tables: index) else { return nil }
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
            relationStruct(relation, name: nestedName, key: key).map { members.append($0) }
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

    func relationStruct(_ relation: TableRelation, name: String, key: KeyType) -> SwiftDeclaration? {
        guard let target = index.table(named: relation.targetTable) else { return nil }
        let targetType = SwiftIdentifier.escaped(target.swiftName)
        let conformance = switch relation.cardinality {
        case .requiredToOne: "Tusk.RequiredToOneRelation"
        case .toOne: "Tusk.ToOneRelation"
        case .toMany: "Tusk.ToManyRelation"
        }
        func keyFunction(_ name: String, of row: String, _ value: String) -> SwiftDeclaration {
            .function(SwiftFunction(
                access: access, isStatic: true, name: name, parameters: [SwiftParameter(name: "of", internalName: "row", type: row)],
                result: key.type + "?", body: [.expression(.raw(value))]))
        }
        return .type(SwiftTypeDeclaration(
            docs: ["\(arrows(relation)), seen from `\(relation.sourceTable)`."],
            access: access, kind: .struct, name: name, conformances: [conformance],
            members: [
                .typeAlias(SwiftTypeAlias(access: access, name: "Source", type: typeName)),
                .typeAlias(SwiftTypeAlias(access: access, name: "Target", type: targetType)),
                .property(SwiftProperty(access: access, isStatic: true, kind: .constant, name: "name", type: "Swift.String", initialValue: .string(relation.name))),
                .property(SwiftProperty(access: access, isStatic: true, kind: .constant, name: "link", type: "Tusk.RelationLink", initialValue: link(relation))),
                .initializer(SwiftInitializer(access: access, parameters: [], body: [])),
                keyFunction("sourceKey", of: "\(typeName).Row", key.sourceValue),
                keyFunction("targetKey", of: "\(targetType).Row", key.targetValue),
            ]))
    }

    /// How the relation's rows are found: `.foreignKeyOnSource(...)`, `.foreignKeyOnTarget(...)` or `.through(...)`.
    func link(_ relation: TableRelation) -> SwiftExpression {
        let keys = [SwiftArgument("sourceColumn", .string(relation.sourceColumn)), SwiftArgument("targetColumn", .string(relation.targetColumn))]
        switch relation.kind {
        case .belongsTo: return .call(".foreignKeyOnSource", keys)
        case .hasOne, .hasMany: return .call(".foreignKeyOnTarget", keys)
        case .manyToMany:
            let join = relation.through!
            return .call(".through", [
                SwiftArgument("table", .string(join.table)), SwiftArgument("sourceJoinColumn", .string(join.sourceColumn)),
                SwiftArgument("targetJoinColumn", .string(join.targetColumn)),
            ] + keys)
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

    init?(_ relation: TableRelation, in schema: Schema, tables: SchemaIndex) {
        guard let source = tables.table(named: relation.sourceTable)?.column(named: relation.sourceColumn),
              let target = tables.table(named: relation.targetTable)?.column(named: relation.targetColumn),
              source.swiftType == nil, target.swiftType == nil
        else { return nil }
        let (sourceType, targetType) = (SwiftTypeMapping.valueType(of: source, in: schema), SwiftTypeMapping.valueType(of: target, in: schema))
        var types = [sourceType, targetType]
        if let join = relation.through, let table = tables.table(named: join.table) {
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
