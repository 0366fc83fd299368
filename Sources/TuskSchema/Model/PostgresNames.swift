/// PostgreSQL's own rules for the names it gives unnamed constraints and indexes, so that a
/// database built by Tusk and one built from plain SQL look the same in the catalog.
/// (Mirrors `makeObjectName`, `ChooseRelationName` and `ChooseIndexNameAddition` in PostgreSQL.)
public enum PostgresNames {
    /// Identifiers longer than this many bytes are truncated by PostgreSQL (NAMEDATALEN - 1).
    public static let maxIdentifierBytes = 63

    /// `name1_name2_label`, shortening the longer of name1/name2 first until it fits in 63
    /// bytes, never splitting a UTF-8 character.
    public static func makeObjectName(_ name1: String, _ name2: String?, label: String?) -> String {
        var overhead = 0
        if let label { overhead += label.utf8.count + 1 }
        var name1Bytes = name1.utf8.count
        var name2Bytes = 0
        if let name2 { name2Bytes = name2.utf8.count; overhead += 1 }
        let available = maxIdentifierBytes - overhead
        while name1Bytes + name2Bytes > available {
            if name1Bytes > name2Bytes { name1Bytes -= 1 } else { name2Bytes -= 1 }
        }
        var result = clip(name1, toBytes: name1Bytes)
        if let name2 { result += "_" + clip(name2, toBytes: name2Bytes) }
        if let label { result += "_" + label }
        return result
    }

    /// `makeObjectName`, adding 1, 2, ... to the label until the name is not in `taken`.
    public static func chooseName(_ name1: String, _ name2: String?, label: String, taken: Set<String>) -> String {
        chooseName(name1, name2, label: label, isTaken: taken.contains)
    }

    /// ``chooseName(_:_:label:taken:)`` asking `isTaken` (names taken in two namespaces at once,
    /// without building their union).
    public static func chooseName(_ name1: String, _ name2: String?, label: String, isTaken: (String) -> Bool) -> String {
        var candidate = makeObjectName(name1, name2, label: label)
        var pass = 0
        while isTaken(candidate) {
            pass += 1
            candidate = makeObjectName(name1, name2, label: label + String(pass))
        }
        return candidate
    }

    /// Column names joined with `_`, stopping once the result reaches 63 bytes.
    public static func columnsAddition(_ columns: [String]) -> String {
        var result = ""
        for column in columns {
            if !result.isEmpty { result += "_" }
            result += clip(column, toBytes: maxIdentifierBytes)
            if result.utf8.count >= maxIdentifierBytes { break }
        }
        return result
    }

    public static func primaryKeyName(table: String, taken: Set<String> = []) -> String {
        primaryKeyName(table: table, isTaken: taken.contains)
    }

    public static func primaryKeyName(table: String, isTaken: (String) -> Bool) -> String {
        chooseName(table, nil, label: "pkey", isTaken: isTaken)
    }

    public static func uniqueConstraintName(table: String, columns: [String], taken: Set<String> = []) -> String {
        uniqueConstraintName(table: table, columns: columns, isTaken: taken.contains)
    }

    public static func uniqueConstraintName(table: String, columns: [String], isTaken: (String) -> Bool) -> String {
        chooseName(table, columnsAddition(columns), label: "key", isTaken: isTaken)
    }

    public static func foreignKeyName(table: String, columns: [String], taken: Set<String> = []) -> String {
        chooseName(table, columnsAddition(columns), label: "fkey", taken: taken)
    }

    /// `{table}_{column}_check` when the expression mentions exactly one column, else `{table}_check`.
    public static func checkName(table: String, column: String?, taken: Set<String> = []) -> String {
        chooseName(table, column, label: "check", taken: taken)
    }

    public static func indexName(table: String, columns: [String], taken: Set<String> = []) -> String {
        chooseName(table, columnsAddition(columns), label: "idx", taken: taken)
    }

    /// The longest prefix of `text` that fits in `bytes` UTF-8 bytes without splitting a character.
    public static func clip(_ text: String, toBytes bytes: Int) -> String {
        if text.utf8.count <= bytes { return text }
        var result = ""
        var used = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            if used + size > bytes { break }
            result.unicodeScalars.append(scalar)
            used += size
        }
        return result
    }

    /// Whether PostgreSQL would read the identifier unchanged without quotes.
    public static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            && !reservedKeywords.contains(name)
    }

    /// `"name"` when quoting is needed, else `name`.
    public static func quoteIdentifier(_ name: String) -> String {
        isPlainIdentifier(name) ? name : alwaysQuotedIdentifier(name)
    }

    /// `"name"` whatever the name (inner `"` doubled): how generated query code and the runtime
    /// write identifiers, so a column named like a keyword never needs a special case.
    public static func alwaysQuotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// PostgreSQL's reserved (and type/function-name-restricted) keywords that must be quoted
    /// as column or table names.
    public static let reservedKeywords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
        "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
        "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
        "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
        "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float",
        "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having",
        "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into",
        "is", "isnull", "join", "json", "json_array", "json_arrayagg", "json_object", "json_objectagg",
        "lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp",
        "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif",
        "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
        "placing", "position", "precision", "primary", "real", "references", "returning", "right",
        "row", "select", "session_user", "setof", "similar", "smallint", "some", "substring",
        "symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp", "to",
        "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar",
        "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
        "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
        "xmlserialize", "xmltable",
    ]
}
