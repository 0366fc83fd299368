import Tusk
import TuskSchema

/// The schema's column (Tusk has a query-builder `Column` too).
typealias Column = TuskSchema.Column

/// SQL text for the studio's statements, built from the schema model. Names are quoted with
/// TuskSchema's ``PostgresNames``; values are never in the text: each is a `$n` parameter, bound
/// as text and cast to the column's type (`$1::integer`), so PostgreSQL parses it as it would
/// parse a literal, and a value that does not fit is PostgreSQL's clear error (SQLSTATE 22…).
enum TableSQL {
    static func name(_ identifier: String) -> String { PostgresNames.quoteIdentifier(identifier) }

    /// A table, view or enum of the schema, always with its schema (`"public"."users"`,
    /// `"billing"."invoices"`), as the runtime writes it: the `search_path` never decides.
    static func relation(_ modelName: String) -> String { QualifiedName(modelName).quotedSQL }

    /// The type to cast a text parameter to: enums by their qualified name, arrays of them too.
    static func castType(_ type: SQLType) -> String {
        switch type {
        case .enumType(let enumName): relation(enumName)
        case .array(let element): castType(element) + "[]"
        default: type.sql
        }
    }

    /// `"col"::text`: every value is read as PostgreSQL's text form (one decoder for every type).
    static func selectList(_ table: Table) -> String {
        table.columns.map { name($0.name) + "::text" }.joined(separator: ", ")
    }

    /// The key the studio pages and addresses rows by: the primary key, else `ctid` (such a table
    /// is browsed but not edited: a ctid is not a stable address); none for a plain view (no
    /// ctid either: paged by OFFSET).
    static func keyColumns(_ table: Table, plainView: Bool = false) -> [KeyColumn] {
        if let key = table.primaryKey, !key.columns.isEmpty {
            return key.columns.compactMap { column in table.column(named: column).map { KeyColumn(expression: name($0.name), cast: castType($0.type), column: $0.name) } }
        }
        return plainView ? [] : [KeyColumn(expression: "ctid", cast: "tid", column: nil)]
    }

    /// `"id" = $n::uuid AND …` for the primary key values in `key` (the row's address);
    /// nil when a key column's value is missing.
    static func keyCondition(_ table: Table, _ key: FormData, _ builder: inout StatementBuilder) -> String? {
        var conditions: [String] = []
        for name in table.primaryKey?.columns ?? [] {
            guard let column = table.column(named: name), let value = key[name] else { return nil }
            conditions.append("\(Self.name(name)) = \(builder.parameter(value, as: castType(column.type)))")
        }
        return conditions.isEmpty ? nil : conditions.joined(separator: " AND ")
    }

    struct KeyColumn: Sendable {
        var expression: String
        var cast: String
        /// The schema column, nil for ctid.
        var column: String?
    }
}

/// A statement under construction: text plus text parameters (each one `$n::type`).
struct StatementBuilder {
    var text = ""
    var values: [String?] = []

    /// Appends `$n::type` bound to `value` (nil: NULL).
    mutating func parameter(_ value: String?, as type: String) -> String {
        values.append(value)
        return "$\(values.count)::\(type)"
    }

    var sql: SQL {
        SQL(text: text, bindings: values.map { PostgresBinding($0) })
    }
}

extension SQL {
    /// Text the studio wrote (names quoted, no values), or the SQL page's query as typed: never
    /// read as an interpolation (which would bind the pieces as parameters).
    init(trusted text: String) { self.init(text) }
}
