/// Finds the `$n` parameter placeholders in SQL text written by hand (``SQL/init(text:bindings:)``),
/// following PostgreSQL's lexical rules (src/backend/parser/scan.l) for everything that can
/// contain a `$`, a digit or a quote without being a placeholder:
///
/// - `-- line comments` and `/* block comments */`, which nest;
/// - `'standard strings'` with `''` (also `B''`, `X''`, `N''`, `U&''`): a backslash is an
///   ordinary character (`standard_conforming_strings`, on since PostgreSQL 9.1);
/// - `E'extended strings'`, where a backslash escapes the next character;
/// - `$$dollar quoted$$` and `$tag$dollar quoted$tag$` bodies;
/// - `"quoted identifiers"` (also `U&""`) with `""`;
/// - unquoted identifiers, which may contain `$` after their first character (`a$1` is a name).
///
/// Statements built by interpolation or by ``SQLFragment`` never come here: they record their
/// placeholders as they write them.
package enum PostgresLexer {
    /// What a token is; only what the runtime's uses tell apart.
    enum Token: Equatable {
        case comment
        /// `'...'`, `E'...'` (the `E` included), and the quoted part of `B''`, `X''`, `N''`, `U&''`.
        case string
        case quotedIdentifier
        /// `$$...$$` or `$tag$...$tag$`, delimiters included.
        case dollarQuoted
        /// `$n`.
        case placeholder(number: Int)
        case number
        /// An unquoted identifier or keyword.
        case word
        /// Anything else: punctuation, operators, white space, one byte at a time.
        case other
    }

    /// The `$n` placeholders of `text`, in order.
    static func placeholders(in text: String) -> [SQL.Placeholder] {
        var found: [SQL.Placeholder] = []
        forEachToken(Array(text.utf8)) { token, range in
            if case .placeholder(let number) = token {
                found.append(SQL.Placeholder(start: range.lowerBound, length: range.count, number: number))
            }
        }
        return found
    }

    /// `text` with every string, dollar-quoted body and number written inline replaced by
    /// `replacement`: what a trace may show of a statement (placeholders, names and comments
    /// stay). Uses the same rules as the placeholders, so a quote inside a comment cannot make
    /// a literal pass for text.
    static func withLiteralsReplaced(_ text: String, by replacement: String = "?") -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        forEachToken(bytes) { token, range in
            switch token {
            case .string, .dollarQuoted, .number: out.append(contentsOf: replacement.utf8)
            default: out.append(contentsOf: bytes[range])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with each unquoted word of `text` (keywords, names), upper-cased, until it
    /// returns false. Words inside strings, comments and quoted identifiers are not words.
    static func forEachWord(in text: String, _ body: (String) -> Bool) {
        let bytes = Array(text.utf8)
        var going = true
        forEachToken(bytes) { token, range in
            guard going, token == .word else { return }
            going = body(String(decoding: bytes[range], as: UTF8.self).uppercased())
        }
    }

    /// `text` with every unquoted word equal to `word` (case-insensitively, as PostgreSQL folds
    /// them) replaced by `replacement`; strings, quoted identifiers and comments are left alone.
    /// Introspection uses it to put a domain check's `VALUE` onto a column.
    package static func replacingWord(_ word: String, in text: String, with replacement: String) -> String {
        let bytes = Array(text.utf8)
        let wanted = word.lowercased()
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        forEachToken(bytes) { token, range in
            if token == .word, String(decoding: bytes[range], as: UTF8.self).lowercased() == wanted {
                out.append(contentsOf: replacement.utf8)
            } else {
                out.append(contentsOf: bytes[range])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The `@name` parameters of a typed SQL file's query (sqlc's convention): each `@` directly
    /// followed by an unquoted identifier, outside strings, comments, quoted identifiers and
    /// dollar-quoted bodies, with its UTF-8 byte range (the `@` included) and the name. An `@`
    /// that ends an operator (`@@`, `<@`) is the operator, not a parameter.
    package static func namedParameters(in text: String) -> [(range: Range<Int>, name: String)] {
        let bytes = Array(text.utf8)
        var found: [(range: Range<Int>, name: String)] = []
        var pendingAt: Int?
        var previous: Token?
        forEachToken(bytes) { token, range in
            if token == .word, let at = pendingAt, at + 1 == range.lowerBound {
                found.append((at..<range.upperBound, String(decoding: bytes[range], as: UTF8.self)))
            }
            let isAt = token == .other && bytes[range.lowerBound] == UInt8(ascii: "@")
            let afterOperator = previous == .other && range.lowerBound > 0 && isOperatorByte(bytes[range.lowerBound - 1])
            pendingAt = isAt && !afterOperator ? range.lowerBound : nil
            previous = token
        }
        return found
    }

    /// Characters PostgreSQL operators are made of.
    private static func isOperatorByte(_ byte: UInt8) -> Bool {
        "+-*/<>=~!@#%^&|`?".utf8.contains(byte)
    }

    /// Calls `body` with each token of `bytes` and its byte range, in order; the ranges cover
    /// the whole text.
    static func forEachToken(_ bytes: [UInt8], _ body: (Token, Range<Int>) -> Void) {
        var index = 0
        let count = bytes.count
        func byte(_ at: Int) -> UInt8? { at < count ? bytes[at] : nil }

        while index < count {
            let start = index
            let current = bytes[index]
            let token: Token
            switch current {
            case UInt8(ascii: "-") where byte(index + 1) == UInt8(ascii: "-"):
                while index < count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                token = .comment
            case UInt8(ascii: "/") where byte(index + 1) == UInt8(ascii: "*"):
                index = endOfBlockComment(bytes, from: index)
                token = .comment
            case UInt8(ascii: "'"):
                index = endOfQuoted(bytes, from: index + 1, quote: current, backslashEscapes: false)
                token = .string
            case UInt8(ascii: "\""):
                index = endOfQuoted(bytes, from: index + 1, quote: current, backslashEscapes: false)
                token = .quotedIdentifier
            case UInt8(ascii: "e") where byte(index + 1) == UInt8(ascii: "'"),
                UInt8(ascii: "E") where byte(index + 1) == UInt8(ascii: "'"):
                index = endOfQuoted(bytes, from: index + 2, quote: UInt8(ascii: "'"), backslashEscapes: true)
                token = .string
            case UInt8(ascii: "$"):
                if let digitsEnd = endOfDigits(bytes, from: index + 1) {
                    let number = bytes[(index + 1)..<digitsEnd].reduce(0) { $0 &* 10 &+ Int($1 - UInt8(ascii: "0")) }
                    index = digitsEnd
                    token = .placeholder(number: number)
                } else if let delimiterEnd = endOfDollarDelimiter(bytes, from: index) {
                    index = endOfDollarQuoted(bytes, delimiter: bytes[index..<delimiterEnd], bodyStart: delimiterEnd)
                    token = .dollarQuoted
                } else {
                    index += 1
                    token = .other
                }
            default:
                if isIdentifierStart(current) {
                    index = endOfWord(bytes, from: index)
                    token = .word
                } else if isDigit(current) {
                    // A number: its digits, never a `$` after them (that starts a new token).
                    while index < count, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
                    token = .number
                } else {
                    index += 1
                    token = .other
                }
            }
            body(token, start..<min(index, count))
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `[A-Za-z_\x80-\xff]`: what starts an identifier or a dollar-quote tag.
    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// An unquoted identifier or keyword: `$` and digits continue it.
    private static func endOfWord(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start + 1
        while index < bytes.count, isIdentifierStart(bytes[index]) || isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "$") {
            index += 1
        }
        return index
    }

    private static func endOfDigits(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        return index > start ? index : nil
    }

    /// `/* ... */`, nested: PostgreSQL counts `/*` and `*/` pairs.
    private static func endOfBlockComment(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return index
    }

    /// The end of a quoted string or identifier whose body starts at `start`: a doubled quote is
    /// part of the body, and so is any character after a backslash in an `E''` string.
    private static func endOfQuoted(_ bytes: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
        var index = start
        while index < bytes.count {
            let current = bytes[index]
            if backslashEscapes, current == UInt8(ascii: "\\") {
                index += 2
            } else if current == quote {
                if index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2
                } else {
                    return index + 1
                }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// `$$` or `$tag$` starting at `start` (tag: an identifier without `$`), or nil.
    private static func endOfDollarDelimiter(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        if index < bytes.count, isIdentifierStart(bytes[index]) {
            index += 1
            while index < bytes.count, isIdentifierStart(bytes[index]) || isDigit(bytes[index]) { index += 1 }
        }
        return index < bytes.count && bytes[index] == UInt8(ascii: "$") ? index + 1 : nil
    }

    /// The end of a dollar-quoted body: just after the next occurrence of its own delimiter.
    private static func endOfDollarQuoted(_ bytes: [UInt8], delimiter: ArraySlice<UInt8>, bodyStart: Int) -> Int {
        var index = bodyStart
        while index + delimiter.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "$"), bytes[index..<(index + delimiter.count)].elementsEqual(delimiter) {
                return index + delimiter.count
            }
            index += 1
        }
        return bytes.count
    }
}
