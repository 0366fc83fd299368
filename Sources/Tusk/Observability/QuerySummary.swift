import Foundation

/// What a span says a statement does, per the OpenTelemetry database conventions:
/// `db.operation.name` (the first keyword: `SELECT`, when it is a statement kind the metrics know), `db.collection.name` (the table a plain
/// `SELECT ... FROM t`, `INSERT INTO t`, `UPDATE t`, `DELETE FROM t` or `COPY t` names) and
/// `db.query.summary` (`SELECT users`). Read from the parameterized text only: no values.
///
/// A small scanner, not a parser: it skips comments, string literals and parenthesized parts,
/// and gives no collection when the target is not a plain (possibly schema-qualified) name.
/// Only runs when a tracer is active.
struct QuerySummary: Hashable {
    var operation: String?
    var collection: String?

    /// `SELECT users`, `SELECT`, or nil for an empty statement or an unknown first word.
    var text: String? {
        guard let operation else { return nil }
        guard let collection else { return operation }
        return operation + " " + collection
    }

    init(operation: String?, collection: String?) {
        self.operation = operation
        self.collection = collection
    }

    init(_ sql: String) {
        var words = SQLWords(sql)
        guard let first = words.next(), case .word(let keyword) = first else {
            self.init(operation: nil, collection: nil)
            return
        }
        // The same bounded set of statement kinds as the metrics' `db.operation.name`: span names
        // must stay low in cardinality.
        let operation = keyword.uppercased()
        guard OperationMetrics.operations.contains(operation) else {
            self.init(operation: nil, collection: nil)
            return
        }
        // The keyword after which the collection is named, at the statement's top level.
        let marker: String?
        switch operation {
        case "SELECT", "DELETE": marker = "FROM"
        case "INSERT": marker = "INTO"
        case "UPDATE", "COPY": marker = nil  // the next word
        default:
            self.init(operation: operation, collection: nil)
            return
        }
        var collection: String?
        var armed = marker == nil
        while let token = words.next() {
            if armed {
                if case .name(let name) = token { collection = name }
                if case .word(let name) = token, !Self.reserved.contains(name.uppercased()) { collection = name }
                break
            }
            if case .word(let word) = token, word.uppercased() == marker { armed = true }
        }
        self.init(operation: operation, collection: collection)
    }

    /// Words that can follow the marker without naming a table (`DELETE FROM ONLY t` aside).
    private static let reserved: Set<String> = ["ONLY", "LATERAL", "SELECT", "VALUES", "UNNEST"]
}

/// The top-level words of a SQL text: unquoted words as written, names (quoted identifiers
/// unquoted, joined with `.` to what they qualify), everything else skipped (literals,
/// comments, operators, parenthesized parts).
struct SQLWords: IteratorProtocol {
    enum Token: Equatable {
        /// An unquoted word (keyword or name), possibly schema-qualified.
        case word(String)
        /// A name with at least one quoted part (`"order"`, `public."order"`).
        case name(String)
        /// Something that is not a word at the top level (`(`, `*`, a literal): ends a name.
        case other
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func next() -> Token? {
        skipSpaceAndComments()
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        if Self.isWordStart(byte) || byte == UInt8(ascii: "\"") { return name() }
        switch byte {
        case UInt8(ascii: "("): skipParenthesized()
        case UInt8(ascii: "'"): skipQuoted(UInt8(ascii: "'"))
        default: index += 1
        }
        return .other
    }

    /// A possibly qualified name: parts separated by `.`, each a word or a quoted identifier.
    private mutating func name() -> Token {
        var parts: [String] = []
        var quoted = false
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\"") {
                quoted = true
                let start = index + 1
                skipQuoted(UInt8(ascii: "\""))
                let end = max(start, index - 1)
                parts.append(String(decoding: bytes[start..<end], as: UTF8.self).replacingOccurrences(of: "\"\"", with: "\""))
            } else if Self.isWordStart(bytes[index]) {
                let start = index
                while index < bytes.count, Self.isWordStart(bytes[index]) || Self.isDigitOrDollar(bytes[index]) { index += 1 }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            } else {
                break
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count,
                Self.isWordStart(bytes[index + 1]) || bytes[index + 1] == UInt8(ascii: "\"")
            else { break }
            index += 1
        }
        let joined = parts.joined(separator: ".")
        return quoted ? .name(joined) : .word(joined)
    }

    private mutating func skipSpaceAndComments() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index = min(bytes.count, index + 2)
            } else {
                return
            }
        }
    }

    /// From an opening quote to just past its closing one (a doubled quote stays inside).
    private mutating func skipQuoted(_ quote: UInt8) {
        index += 1
        while index < bytes.count {
            if bytes[index] == quote {
                if index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                index += 1
                return
            }
            index += 1
        }
    }

    private mutating func skipParenthesized() {
        var depth = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 {
                    index += 1
                    return
                }
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                skipQuoted(bytes[index])
                continue
            default: break
            }
            index += 1
        }
    }

    private static func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func isDigitOrDollar(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "$")
    }
}
