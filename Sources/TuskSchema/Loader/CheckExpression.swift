/// The columns of a table an SQL check expression mentions, the way PostgreSQL names an
/// unnamed check: `{table}_{column}_check` when exactly one column appears, else `{table}_check`.
///
/// A light scanner: skips string literals, function names (followed by `(`), type names after
/// `::`, and qualified names' prefixes; unquoted words fold to lower case, `"quoted"` ones do not.
enum CheckExpression {
    static func mentionedColumns(_ sql: String, columns: [String]) -> [String] {
        let known = Set(columns)
        var found: [String] = []
        let chars = Array(sql)
        var i = 0
        var afterCast = false
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                i += 1
                while i < chars.count {
                    if chars[i] == "'" { if i + 1 < chars.count, chars[i + 1] == "'" { i += 2; continue } else { break } }
                    i += 1
                }
                i += 1
                afterCast = false
                continue
            }
            if c == ":" && i + 1 < chars.count && chars[i + 1] == ":" { afterCast = true; i += 2; continue }
            var word: String?
            if c == "\"" {
                var j = i + 1, text = ""
                while j < chars.count {
                    if chars[j] == "\"" { if j + 1 < chars.count, chars[j + 1] == "\"" { text.append("\""); j += 2; continue } else { break } }
                    text.append(chars[j]); j += 1
                }
                word = text
                i = j + 1
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "$" { j += 1 }
                word = String(chars[i..<j]).lowercased()
                i = j
            } else {
                if !c.isWhitespace { afterCast = false }
                i += 1
                continue
            }
            var k = i
            while k < chars.count, chars[k].isWhitespace { k += 1 }
            let isCall = k < chars.count && chars[k] == "("
            let isQualifier = k < chars.count && chars[k] == "."
            if let word, !afterCast, !isCall, !isQualifier, known.contains(word), !found.contains(word) {
                found.append(word)
            }
            afterCast = false
        }
        return found
    }
}
