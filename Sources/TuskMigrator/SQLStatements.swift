/// Splits an SQL script into statements at top-level `;`, skipping string literals, quoted
/// identifiers, dollar-quoted bodies and comments. Needed for `-- tusk:no-transaction` files:
/// PostgreSQL runs a multi-statement query string as one implicit transaction, which
/// `CREATE INDEX CONCURRENTLY` refuses.
import Foundation

enum SQLStatements {
    static func split(_ script: String) -> [String] {
        let chars = Array(script)
        var statements: [String] = []
        var current = ""
        var i = 0
        func take(until end: String) {
            let endChars = Array(end)
            while i < chars.count {
                if chars[i...].starts(with: endChars) {
                    current += end
                    i += endChars.count
                    return
                }
                current.append(chars[i])
                i += 1
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "\"" {
                current.append(c); i += 1; take(until: String(c))
            } else if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                take(until: "\n")
            } else if c == "/" && i + 1 < chars.count && chars[i + 1] == "*" {
                current += "/*"; i += 2; take(until: "*/")
            } else if c == "$", let tag = dollarTag(chars, at: i) {
                current += tag; i += tag.count; take(until: tag)
            } else if c == ";" {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement + ";") }
                current = ""; i += 1
            } else {
                current.append(c); i += 1
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty && !rest.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }) {
            statements.append(rest)
        }
        return statements
    }

    /// `$$` or `$tag$` starting at `i`.
    private static func dollarTag(_ chars: [Character], at i: Int) -> String? {
        var j = i + 1
        while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
        guard j < chars.count, chars[j] == "$" else { return nil }
        if j > i + 1, chars[i + 1].isNumber { return nil }  // $1 is a parameter, not a tag
        return String(chars[i...j])
    }
}
