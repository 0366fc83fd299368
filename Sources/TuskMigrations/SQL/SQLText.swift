import TuskSchema

/// Small, pure helpers that spell schema objects as SQL text.
public enum SQLText {
    /// An identifier, quoted only when PostgreSQL needs it (`users`, `"default"`, `"Order"`).
    public static func ident(_ name: String) -> String { PostgresNames.quoteIdentifier(name) }

    /// A table, view, type or sequence of the model: `invoices`, or `billing.invoices` for one
    /// in a named schema, each part quoted only where needed. Objects outside `public` are
    /// always written qualified, so the `search_path` never decides which one is meant.
    public static func name(_ modelName: String) -> String {
        let name = QualifiedName(modelName)
        return name.isInDefaultSchema ? ident(name.name) : ident(name.schema) + "." + ident(name.name)
    }

    /// An index or constraint-backed relation next to `table` (in its schema), for statements
    /// that name it alone (`DROP INDEX billing.invoices_total_idx`).
    public static func name(_ relation: String, besideTable table: String) -> String {
        name(QualifiedName(table).sibling(relation).description)
    }

    /// A comma-separated list of identifiers.
    public static func idents(_ names: [String]) -> String { names.map(ident).joined(separator: ", ") }

    /// A string literal with standard_conforming_strings semantics: only `'` is doubled.
    public static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A column type as DDL: the canonical spelling, with enum names quoted where needed.
    public static func type(_ type: SQLType) -> String {
        switch type {
        case .enumType(let enumName): name(enumName)
        case .array(let element): Self.type(element) + "[]"
        default: type.sql
        }
    }

    /// The SQL of a column default: `{ sql: ... }` as written; a literal as a typed literal
    /// keeping its written form (`0.50`, `true`, `'{}'::jsonb`, `'WORKING'::memory_tier`).
    public static func defaultExpression(_ value: ColumnDefault, type: SQLType) -> String {
        switch value {
        case .sql(let expression):
            return expression
        case .literal(let text):
            switch type {
            case .smallint, .integer, .bigint, .real, .doublePrecision, .numeric:
                if isNumber(text) { return text }
            case .boolean:
                let lowered = text.lowercased()
                if lowered == "true" || lowered == "false" { return lowered }
            default:
                break
            }
            return literal(text) + "::" + literalType(type)
        }
    }

    /// The type a literal is cast to: the column type without its modifier, as PostgreSQL
    /// itself stores an unmodified literal (`'x'::character varying`, `'abc'::bpchar`); the
    /// column applies the length, and `::char` alone would mean char(1).
    static func literalType(_ type: SQLType) -> String {
        switch type {
        case .varchar: "varchar"
        case .char: "bpchar"
        case .numeric: "numeric"
        case .vector: "vector"
        case .array(let element): literalType(element) + "[]"
        default: Self.type(type)
        }
    }

    /// A plain decimal number (`0`, `-1`, `0.50`, `1e3`): safe to write without quotes.
    static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text)
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        guard let mantissa = parts.first, !mantissa.isEmpty else { return false }
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) }) else { return false }
        if parts.count == 2 {
            var exponent = parts[1]
            if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
            return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigitCharacter)
        }
        return true
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
