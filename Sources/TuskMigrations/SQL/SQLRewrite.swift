import TuskSchema

/// Textual rewrites of SQL snippets written in the schema (checks, predicates), used to see
/// an old expression with renamed columns as PostgreSQL will after `RENAME COLUMN`.
enum SQLRewrite {
    /// Replaces whole identifiers (outside string literals) found in `renames`.
    static func renamingIdentifiers(in sql: String, _ renames: [String: String]) -> String {
        guard !renames.isEmpty else { return sql }
        var result = ""
        scan(sql) { piece, isIdentifier in result += isIdentifier ? (renames[piece].map(SQLText.ident) ?? piece) : piece }
        return result
    }

    /// Replaces whole identifiers (outside string literals) with SQL text written as given
    /// (`price` -> `NEW."price"` in a trigger body).
    static func substitutingIdentifiers(in sql: String, _ replacements: [String: String]) -> String {
        var result = ""
        scan(sql) { piece, isIdentifier in result += isIdentifier ? (replacements[piece] ?? piece) : piece }
        return result
    }

    /// Whether the expression mentions any of the identifiers (outside string literals).
    static func mentions(_ sql: String, anyOf names: Set<String>) -> Bool {
        var found = false
        scan(sql) { piece, isIdentifier in if isIdentifier && names.contains(piece) { found = true } }
        return found
    }

    /// Splits SQL into identifier-like words and everything else, skipping string literals.
    private static func scan(_ sql: String, _ emit: (String, Bool) -> Void) {
        var word = ""
        var inString = false
        func flush() { if !word.isEmpty { emit(word, true); word = "" } }
        for ch in sql {
            if inString {
                emit(String(ch), false)
                if ch == "'" { inString = false }
            } else if ch == "'" {
                flush(); inString = true; emit(String(ch), false)
            } else if ch.isLetter || ch.isNumber || ch == "_" {
                word.append(ch)
            } else {
                flush(); emit(String(ch), false)
            }
        }
        flush()
    }

    /// Whitespace-insensitive form of an expression, for comparing what the user wrote.
    static func normalized(_ sql: String) -> String {
        sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    static func renamingEnum(in type: SQLType, _ renames: [String: String]) -> SQLType {
        switch type {
        case .enumType(let name): .enumType(renames[name] ?? name)
        case .array(let element): .array(renamingEnum(in: element, renames))
        default: type
        }
    }
}
