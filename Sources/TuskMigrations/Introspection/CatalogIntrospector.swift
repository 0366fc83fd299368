import Foundation
import Tusk
import TuskSchema

/// Reads the `public` schema of a live database into the Schema model: what `tusk introspect`
/// prints and what catalog comparisons use. Defaults and checks keep the server's own spelling
/// (`pg_get_expr`, `pg_get_constraintdef`); a default that is a plain typed literal
/// (`'free'::bpchar`, `0.50`, `true`) becomes a literal default.
public enum CatalogIntrospector {
    public static func read(_ db: some QueryRunner) async throws -> Schema {
        func rows(_ sql: String) async throws -> [[String?]] {
            let result = try await db.query(SQL(sql))
            return try result.map { row in try (0..<row.columnCount).map { try row.decode(String?.self, at: $0) } }
        }
        var schema = Schema()
        schema.extensions = try await rows(CatalogQueries.extensions).compactMap { $0[0] }
        for row in try await rows(CatalogQueries.enums) {
            let name = row[0]!
            let labels = try JSONDecoder().decode([String].self, from: Data(row[1]!.utf8))
            schema.enums.append(EnumType(
                name: name, swiftName: SwiftNames.typeName(forEnum: name),
                values: labels.map { EnumValue(name: $0, swiftName: SwiftNames.propertyName($0)) }, comment: row[2]))
        }
        let enumNames = Set(schema.enums.map(\.name))
        var tables: [String: Table] = [:]
        var order: [String] = []
        for row in try await rows(CatalogQueries.tables) {
            tables[row[0]!] = Table(name: row[1]!, swiftName: SwiftNames.typeName(forTable: row[1]!), comment: row[2], columns: [])
            order.append(row[0]!)
        }
        for row in try await rows(CatalogQueries.columns) {
            guard tables[row[0]!] != nil else { continue }
            let type = try SQLType.parse(row[2]!, enumNames: enumNames).get().type
            tables[row[0]!]!.columns.append(Column(
                name: row[1]!, swiftName: SwiftNames.propertyName(row[1]!), type: type, isNullable: row[3] == "false",
                defaultValue: row[5].map { defaultValue($0, type: type) },
                identity: row[4] == "a" ? .always : row[4] == "d" ? .byDefault : nil, comment: row[6]))
        }
        for row in try await rows(CatalogQueries.constraints) {
            guard tables[row[0]!] != nil else { continue }
            let name = row[1]!, columns = try names(row[3])
            switch row[2] {
            case "p": tables[row[0]!]!.primaryKey = PrimaryKey(name: name, columns: columns)
            case "u": tables[row[0]!]!.uniqueConstraints.append(UniqueConstraint(name: name, columns: columns))
            case "c": tables[row[0]!]!.checks.append(CheckConstraint(name: name, expression: checkExpression(row[8]!)))
            default:
                tables[row[0]!]!.foreignKeys.append(ForeignKey(
                    name: name, columns: columns, referencedTable: row[4]!, referencedColumns: try names(row[5]),
                    onDelete: action(row[7]), onUpdate: action(row[6])))
            }
        }
        for row in try await rows(CatalogQueries.indexes) where row[7] == "false" {
            guard tables[row[0]!] != nil else { continue }
            let opclasses = try JSONDecoder().decode([String?].self, from: Data((row[5] ?? "[]").utf8))
            tables[row[0]!]!.indexes.append(Index(
                name: row[1]!, columns: try names(row[4]), method: row[2]!, opclass: opclasses.compactMap { $0 }.first,
                isUnique: row[3] == "true", predicate: row[6]))
        }
        schema.tables = order.compactMap { tables[$0] }
        return schema
    }

    private static func names(_ json: String?) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data((json ?? "[]").utf8))
    }

    private static func action(_ code: String?) -> ReferentialAction {
        switch code {
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: .noAction
        }
    }

    /// `CHECK ((n > 0))` -> `n > 0`.
    public static func checkExpression(_ definition: String) -> String {
        var text = definition
        if text.hasSuffix(" NOT VALID") { text = String(text.dropLast(" NOT VALID".count)) }
        if text.hasPrefix("CHECK (") && text.hasSuffix(")") { text = String(text.dropFirst(7).dropLast()) }
        while text.hasPrefix("(") && text.hasSuffix(")") && isWrapped(text) { text = String(text.dropFirst().dropLast()) }
        return text
    }

    /// Whether the first `(` closes at the very end (outside string literals).
    private static func isWrapped(_ text: String) -> Bool {
        var depth = 0
        var inString = false
        for (i, ch) in text.enumerated() {
            if ch == "'" { inString.toggle() }
            if inString { continue }
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1; if depth == 0 && i != text.count - 1 { return false } }
        }
        return depth == 0
    }

    /// A server-spelled default as a literal when it is one, else as SQL.
    public static func defaultValue(_ expression: String, type: SQLType) -> ColumnDefault {
        switch type {
        case .array, .json, .jsonb, .vector: return .sql(expression)
        case .boolean where expression == "true" || expression == "false": return .literal(expression)
        case .smallint, .integer, .bigint, .real, .doublePrecision, .numeric:
            if SQLText.isNumber(expression) { return .literal(expression) }
        default: break
        }
        guard expression.hasPrefix("'"), let close = closingQuote(expression), expression[close...].hasPrefix("'::") else {
            return .sql(expression)
        }
        let body = expression[expression.index(after: expression.startIndex)..<close]
        let cast = expression[expression.index(close, offsetBy: 3)...]
        guard cast.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " || $0 == "\"" }) else { return .sql(expression) }
        return .literal(body.replacingOccurrences(of: "''", with: "'"))
    }

    private static func closingQuote(_ text: String) -> String.Index? {
        var i = text.index(after: text.startIndex)
        while i < text.endIndex {
            if text[i] == "'" {
                let next = text.index(after: i)
                if next < text.endIndex && text[next] == "'" { i = text.index(after: next); continue }
                return i
            }
            i = text.index(after: i)
        }
        return nil
    }
}
