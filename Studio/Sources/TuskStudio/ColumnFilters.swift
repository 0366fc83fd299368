import Foundation
import TuskSchema

/// Typed conditions on a table's rows, read from the query string: `f.<column>.<op>=value`.
/// Which ops a column offers follows its type: text contains, number and time ranges, enum and
/// boolean choice, equality (uuid, inet, and any column a relation link filters on), JSONB
/// containment (`@>`), and null / not null for nullable columns.
struct ColumnFilter: Sendable, Equatable {
    enum Operation: String, Sendable, CaseIterable {
        case contains, min, max, eq, null, json
    }
    var column: String
    var operation: Operation
    var value: String

    var parameterName: String { "f.\(column).\(operation.rawValue)" }

    /// The longest filter value accepted (a longer one is a message, not a query).
    static let maximumLength = 1_000

    enum Kind { case text, range, choice, equality, jsonb, other }

    static func kind(of type: SQLType) -> Kind {
        switch type {
        case .text, .varchar, .char: .text
        case .smallint, .integer, .bigint, .real, .doublePrecision, .numeric, .date, .time, .timestamp, .timestamptz, .interval: .range
        case .enumType, .boolean: .choice
        case .uuid, .inet: .equality
        case .jsonb: .jsonb
        default: .other
        }
    }

    /// The filters in `query` for `table`; every problem (unknown column, a number that is not
    /// one, JSON that does not parse, a value too long) is a message.
    static func read(_ query: FormData, table: Table, schema: Schema) -> (filters: [ColumnFilter], problems: [String]) {
        var filters: [ColumnFilter] = []
        var problems: [String] = []
        for (key, value) in query.pairs where key.hasPrefix("f.") && !value.isEmpty {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let operation = Operation(rawValue: parts[2]) else {
                problems.append("Unknown filter \(key).")
                continue
            }
            guard let column = table.column(named: parts[1]) else {
                problems.append("Unknown filter: \(table.name) has no column \(parts[1]).")
                continue
            }
            guard value.count <= maximumLength else {
                problems.append("The filter on \(column.name) is \(value.count) characters long; the limit is \(maximumLength).")
                continue
            }
            if let problem = check(value, operation, column, schema: schema) {
                problems.append("Filter on \(column.name): \(problem)")
                continue
            }
            filters.append(ColumnFilter(column: column.name, operation: operation, value: value))
        }
        return (filters, problems)
    }

    /// What is wrong with `value` for this filter, or nil. Checks what Swift can check; a date
    /// that does not parse is PostgreSQL's message (SQLSTATE 22007), shown on the page.
    static func check(_ value: String, _ operation: Operation, _ column: Column, schema: Schema) -> String? {
        switch operation {
        case .null:
            return ["null", "notnull"].contains(value) ? nil : "choose null or not null."
        case .json:
            guard column.type == .jsonb else { return "containment (@>) applies to jsonb columns only." }
            return (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed])) == nil
                ? "\(value) is not valid JSON (for example {\"key\": \"value\"})." : nil
        case .contains:
            return kind(of: column.type) == .text ? nil : "contains applies to text columns only."
        case .min, .max:
            switch column.type {
            case .smallint, .integer, .bigint:
                return Int64(value.trimmingCharacters(in: .whitespaces)) == nil ? "\(value) is not a whole number." : nil
            case .real, .doublePrecision, .numeric:
                return Double(value.trimmingCharacters(in: .whitespaces)) == nil ? "\(value) is not a number." : nil
            default:
                return kind(of: column.type) == .range ? nil : "a range applies to number and time columns only."
            }
        case .eq:
            if case .enumType(let name) = column.type, let labels = schema.enumType(named: name)?.valueNames, !labels.contains(value) {
                return "\(value) is not a label of \(name) (\(labels.joined(separator: ", ")))."
            }
            if column.type == .boolean, !["true", "false"].contains(value) { return "choose true or false." }
            if column.type == .uuid, UUID(uuidString: value) == nil { return "\(value) is not a UUID." }
            if [.smallint, .integer, .bigint].contains(column.type), Int64(value) == nil { return "\(value) is not a whole number." }
            return nil
        }
    }

    /// The condition, its value a parameter of `statement`.
    func condition(_ column: Column, _ statement: inout StatementBuilder) -> String {
        let name = TableSQL.name(column.name)
        switch operation {
        case .contains: return "strpos(lower(\(name)::text), lower(\(statement.parameter(value, as: "text")))) > 0"
        case .min: return "\(name) >= \(statement.parameter(value, as: TableSQL.castType(column.type)))"
        case .max: return "\(name) <= \(statement.parameter(value, as: TableSQL.castType(column.type)))"
        case .eq: return "\(name) = \(statement.parameter(value, as: TableSQL.castType(column.type)))"
        case .null: return value == "null" ? "\(name) IS NULL" : "\(name) IS NOT NULL"
        case .json: return "\(name) @> \(statement.parameter(value, as: "jsonb"))"
        }
    }
}
