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
enum PostgresLexer {
    static func placeholders(in text: String) -> [SQL.Placeholder] {
        var text = text
        return text.withUTF8 { scan(Array($0)) }
    }

    private static func scan(_ bytes: [UInt8]) -> [SQL.Placeholder] {
        var found: [SQL.Placeholder] = []
        var index = 0
        let count = bytes.count
        func byte(_ at: Int) -> UInt8? { at < count ? bytes[at] : nil }

        while index < count {
            let current = bytes[index]
            switch current {
            case UInt8(ascii: "-") where byte(index + 1) == UInt8(ascii: "-"):
                while index < count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where byte(index + 1) == UInt8(ascii: "*"):
                index = endOfBlockComment(bytes, from: index)
            case UInt8(ascii: "'"):
                index = endOfQuoted(bytes, from: index + 1, quote: current, backslashEscapes: false)
            case UInt8(ascii: "\""):
                index = endOfQuoted(bytes, from: index + 1, quote: current, backslashEscapes: false)
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if byte(index + 1) == UInt8(ascii: "'") {
                    index = endOfQuoted(bytes, from: index + 2, quote: UInt8(ascii: "'"), backslashEscapes: true)
                } else {
                    index = endOfWord(bytes, from: index)
                }
            case UInt8(ascii: "$"):
                if let digitsEnd = endOfDigits(bytes, from: index + 1) {
                    let number = bytes[(index + 1)..<digitsEnd].reduce(0) { $0 &* 10 &+ Int($1 - UInt8(ascii: "0")) }
                    found.append(SQL.Placeholder(start: index, length: digitsEnd - index, number: number))
                    index = digitsEnd
                } else if let delimiterEnd = endOfDollarDelimiter(bytes, from: index) {
                    index = endOfDollarQuoted(bytes, delimiter: bytes[index..<delimiterEnd], bodyStart: delimiterEnd)
                } else {
                    index += 1
                }
            default:
                if isIdentifierStart(current) {
                    index = endOfWord(bytes, from: index)
                } else if isDigit(current) {
                    // A number: its digits, never a `$` after them (that starts a new token).
                    while index < count, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
                } else {
                    index += 1
                }
            }
        }
        return found
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
