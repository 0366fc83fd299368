import Foundation
import TuskSchema

/// Writes a Schema as schema.yaml (for `tusk introspect`): names PostgreSQL would choose
/// anyway are left out, every other name is kept, so loading the file gives the same database.
public enum SchemaYAMLWriter {
    public static func render(_ schema: Schema, header: String? = nil) -> String {
        var out = header.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined() + "\n" } ?? ""
        if !schema.extensions.isEmpty { out += "extensions: [\(schema.extensions.map(scalar).joined(separator: ", "))]\n\n" }
        if !schema.enums.isEmpty {
            out += "enums:\n"
            for e in schema.enums {
                let values = "[\(e.values.map(value).joined(separator: ", "))]"
                out += e.comment.map { "  \(scalar(e.name)): { comment: \(quoted($0)), values: \(values) }\n" } ?? "  \(scalar(e.name)): \(values)\n"
            }
            out += "\n"
        }
        if !schema.sequences.isEmpty {
            out += "sequences:\n"
            for sequence in schema.sequences { out += "  \(scalar(sequence.name)): \(render(sequence))\n" }
            out += "\n"
        }
        out += "tables:\n"
        for table in schema.tables { out += render(table, in: schema) }
        if !schema.views.isEmpty {
            out += "\nviews:\n"
            for view in schema.views { out += render(view) }
        }
        return out
    }

    /// A view: its SELECT as a block, its columns (nullable as the server reports them:
    /// tighten them by hand where the SELECT guarantees a value), a materialized view's indexes.
    private static func render(_ view: View) -> String {
        var out = "  \(scalar(view.name)):\n"
        if let comment = view.comment { out += "    comment: \(quoted(comment))\n" }
        if view.isMaterialized { out += "    materialized: true\n" }
        out += "    sql: \(quoted(view.sql))\n"
        out += "    columns:\n"
        for column in view.columns { out += "      \(scalar(column.name)): \(columnFields(column))\n" }
        out += indexes(view.indexes, of: view.name)
        return out
    }

    /// An enum value: its name, or `{ name, swift_name }` when the Swift case is not the derived one.
    private static func value(_ value: EnumValue) -> String {
        value.swiftName == SwiftNames.propertyName(value.name) ? scalar(value.name) : "{ name: \(quoted(value.name)), swift_name: \(scalar(value.swiftName)) }"
    }

    /// Only what differs from PostgreSQL's defaults for the sequence's type and direction.
    private static func render(_ sequence: SchemaSequence) -> String {
        let defaults = SchemaSequence(name: sequence.name, type: sequence.type, increment: sequence.increment)
        var fields: [String] = []
        if sequence.type != .bigint { fields.append("type: \(sequence.type.sql)") }
        if sequence.start != sequence.defaultStart { fields.append("start: \(sequence.start)") }
        if sequence.increment != 1 { fields.append("increment: \(sequence.increment)") }
        if sequence.minValue != defaults.minValue { fields.append("min: \(sequence.minValue)") }
        if sequence.maxValue != defaults.maxValue { fields.append("max: \(sequence.maxValue)") }
        if sequence.cache != 1 { fields.append("cache: \(sequence.cache)") }
        if sequence.cycle { fields.append("cycle: true") }
        if let owner = sequence.ownedBy { fields.append("owned_by: \(quotedIfNeeded(owner.table + "." + owner.column))") }
        return fields.isEmpty ? "{}" : "{ \(fields.joined(separator: ", ")) }"
    }

    /// `table.column` bare when YAML reads it back unchanged.
    private static func quotedIfNeeded(_ text: String) -> String {
        text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { scalar(String($0)) == String($0) } ? text : quoted(text)
    }

    /// A column type: its spelling, or `{ sql: ... }` for a type Tusk does not map.
    private static func type(_ type: SQLType) -> String {
        if case .opaque(let sql) = type { return "{ sql: \(quoted(sql)) }" }
        return scalar(type.sql)
    }

    /// `partition_by:` in one flow mapping; an interval table's own default partition and a hash
    /// table's partitions are implied (`interval:`, `modulus:`).
    private static func partitionBy(_ partitioning: Partitioning, of table: String) -> String {
        var fields = ["\(partitioning.method.rawValue): \(scalar(partitioning.column))"]
        if let interval = partitioning.interval { fields.append("interval: \(interval.rawValue)") }
        var declared: [String] = []
        for partition in partitioning.partitions {
            switch partition.bound {
            case .hash(let modulus, _):
                if !fields.contains(where: { $0.hasPrefix("modulus") }) { fields.append("modulus: \(modulus)") }
            case .default:
                if partitioning.interval == nil || partition.name != Partitioning.defaultPartitionName(of: table) {
                    declared.append("\(scalar(partition.name)): { default: true }")
                }
            case .range(let from, let to): declared.append("\(scalar(partition.name)): { from: \(quoted(from)), to: \(quoted(to)) }")
            case .list(let values): declared.append("\(scalar(partition.name)): { values: [\(values.map(quoted).joined(separator: ", "))] }")
            }
        }
        if !declared.isEmpty { fields.append("partitions: { \(declared.joined(separator: ", ")) }") }
        return "    partition_by: { \(fields.joined(separator: ", ")) }\n"
    }

    private static func render(_ table: Table, in schema: Schema) -> String {
        var out = "  \(scalar(table.name)):\n"
        if let comment = table.comment { out += "    comment: \(quoted(comment))\n" }
        out += "    columns:\n"
        for column in table.columns { out += "      \(scalar(column.name)): \(columnFields(column))\n" }
        if let pk = table.primaryKey { out += "    primary_key: \(list(pk.columns))\n" }
        if let partitioning = table.partitioning { out += partitionBy(partitioning, of: table.name) }
        if !table.uniqueConstraints.isEmpty {
            out += "    unique:\n"
            for u in table.uniqueConstraints {
                let isDefault = u.name == PostgresNames.uniqueConstraintName(table: table.name, columns: u.columns)
                out += isDefault ? "      - \(list(u.columns))\n" : "      - { name: \(scalar(u.name)), columns: \(list(u.columns)) }\n"
            }
        }
        if !table.checks.isEmpty {
            out += "    checks:\n"
            for c in table.checks { out += "      - { name: \(scalar(c.name)), sql: \(quoted(c.expression)) }\n" }
        }
        if !table.foreignKeys.isEmpty {
            out += "    foreign_keys:\n"
            for fk in table.foreignKeys {
                var fields: [String] = []
                if fk.name != PostgresNames.foreignKeyName(table: table.name, columns: fk.columns) { fields.append("name: \(scalar(fk.name))") }
                fields.append("columns: \(list(fk.columns))")
                fields.append("references: { table: \(scalar(fk.referencedTable)), columns: \(list(fk.referencedColumns)) }")
                if let relation = relationName(fk, of: table, in: schema) { fields.append("relation: \(relation)") }
                if fk.onDelete != .noAction { fields.append("on_delete: \(fk.onDelete.rawValue)") }
                if fk.onUpdate != .noAction { fields.append("on_update: \(fk.onUpdate.rawValue)") }
                out += "      - { \(fields.joined(separator: ", ")) }\n"
            }
        }
        out += indexes(table.indexes, of: table.name)
        if let security = table.rowLevelSecurity { out += rowLevelSecurity(security) }
        return out
    }

    /// `{ type: ..., nullable: true, ... }`: a table's or a view's column.
    private static func columnFields(_ column: Column) -> String {
        var fields = ["type: \(type(column.type))"]
        if column.isNullable { fields.append("nullable: true") }
        if let identity = column.identity { fields.append("identity: \(identity == .always ? "always" : "true")") }
        switch column.defaultValue {
        case .literal(let text)?: fields.append("default: \(literal(text, type: column.type))")
        case .sql(let sql)?: fields.append("default: { sql: \(quoted(sql)) }")
        case nil: break
        }
        if let generated = column.generated { fields.append("generated: { sql: \(quoted(generated.sql)) }") }
        if let comment = column.comment { fields.append("comment: \(quoted(comment))") }
        if column.swiftName != SwiftNames.propertyName(column.name) { fields.append("swift_name: \(scalar(column.swiftName))") }
        return "{ \(fields.joined(separator: ", ")) }"
    }

    /// `indexes:` of a table or materialized view (nothing when it has none).
    private static func indexes(_ indexes: [Index], of relation: String) -> String {
        guard !indexes.isEmpty else { return "" }
        var out = "    indexes:\n"
        for index in indexes {
            var fields: [String] = []
            if index.name != PostgresNames.indexName(table: relation, columns: index.columns) { fields.append("name: \(scalar(index.name))") }
            fields.append("columns: \(list(index.columns))")
            if index.method != "btree" { fields.append("using: \(scalar(index.method))") }
            if let opclass = index.opclass { fields.append("opclass: \(scalar(opclass))") }
            if index.isUnique { fields.append("unique: true") }
            if let predicate = index.predicate { fields.append("where: \(quoted(predicate))") }
            out += "      - { \(fields.joined(separator: ", ")) }\n"
        }
        return out
    }

    private static func rowLevelSecurity(_ security: RowLevelSecurity) -> String {
        if security.policies.isEmpty && !security.force { return "    row_level_security: true\n" }
        var out = "    row_level_security:\n"
        if security.force { out += "      force: true\n" }
        if !security.policies.isEmpty { out += "      policies:\n" }
        for policy in security.policies {
            var fields: [String] = []
            if policy.command != .all { fields.append("command: \(policy.command.rawValue)") }
            if !policy.roles.isEmpty { fields.append("roles: \(list(policy.roles))") }
            if !policy.permissive { fields.append("permissive: false") }
            if let using = policy.using { fields.append("using: \(quoted(using))") }
            if let check = policy.withCheck { fields.append("with_check: \(quoted(check))") }
            out += "        \(scalar(policy.name)): { \(fields.joined(separator: ", ")) }\n"
        }
        return out
    }

    /// A name for the to-one relation of a foreign key whose derived name is one of the table's
    /// own column properties (`shipment.parcel` referencing `parcel`), which the loader refuses.
    private static func relationName(_ fk: ForeignKey, of table: Table, in schema: Schema) -> String? {
        guard fk.columns.count == 1, let target = schema.table(named: fk.referencedTable) else { return nil }
        let derived = SwiftNames.belongsToRelationName(column: fk.columns[0], targetSwiftName: target.swiftName)
        return table.columns.contains { $0.swiftName == derived } ? derived + "Record" : nil
    }

    private static func list(_ names: [String]) -> String { "[\(names.map(scalar).joined(separator: ", "))]" }

    /// A literal default: numbers and booleans bare, anything else quoted.
    private static func literal(_ text: String, type: SQLType) -> String {
        switch type {
        case .smallint, .integer, .bigint, .real, .doublePrecision, .numeric:
            // NaN and the infinities stay strings: YAML would read a bare .nan/.inf its own way.
            SQLText.isNumber(text) ? text : quoted(text)
        case .boolean:
            text == "true" || text == "false" ? text : quoted(text)
        default:
            quoted(text)
        }
    }

    static let plain = try! NSRegularExpression(pattern: "^[A-Za-z_][A-Za-z0-9_]*$")
    static let yamlWords: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]

    /// A name or type, bare when YAML reads it back unchanged.
    static func scalar(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        return plain.firstMatch(in: text, range: range) != nil && !yamlWords.contains(text.lowercased()) ? text : quoted(text)
    }

    /// A double-quoted YAML string (JSON escaping is valid YAML).
    static func quoted(_ text: String) -> String {
        let data = try! JSONEncoder().encode(text)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
    }
}
