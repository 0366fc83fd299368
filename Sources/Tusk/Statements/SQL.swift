import Foundation

/// A SQL statement: text with `$1...$n` placeholders plus the values bound to them.
///
/// Interpolating a value binds it as a parameter; it is never spliced into the text:
///
/// ```swift
/// let rows = try await db.query("SELECT id, name FROM users WHERE email = \(email) AND age > \(minAge)")
/// // text: SELECT id, name FROM users WHERE email = $1 AND age > $2
/// ```
///
/// Text that must be part of the SQL itself goes through explicit, visibly named escapes:
/// `\(identifier: "users")` (quoted identifier), `\(sql: otherStatement)` (a fragment with its
/// own bindings, renumbered), and `\(unsafeRaw: "...")` for trusted SQL text.
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement text with `$n` placeholders.
    public private(set) var text: String
    /// The values bound to `$1...$n`, in order.
    public private(set) var bindings: [PostgresBinding]

    /// A statement without parameters.
    public init(_ text: String) {
        self.text = text
        self.bindings = []
    }

    /// A statement with explicit placeholders and their values (for code that builds SQL).
    public init(text: String, bindings: [PostgresBinding]) {
        self.text = text
        self.bindings = bindings
    }

    public init(stringLiteral value: String) { self.init(value) }

    public init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
        bindings = stringInterpolation.bindings
    }

    /// Appends trusted SQL text.
    public mutating func append(unsafeRaw text: String) { self.text += text }

    /// Appends a `$n` placeholder bound to `value`.
    public mutating func append(binding value: some PostgresEncodable) {
        bindings.append(PostgresBinding(value))
        text += "$\(bindings.count)"
    }

    /// Appends another statement, renumbering its placeholders after this one's.
    public mutating func append(_ other: SQL) {
        text += Self.renumbered(other.text, offset: bindings.count)
        bindings += other.bindings
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// The text, for logs: bindings are shown as their count, never their values.
    public var description: String { bindings.isEmpty ? text : "\(text) [\(bindings.count) bindings]" }

    /// Shifts `$n` placeholders by `offset`, leaving quoted strings, identifiers and comments alone.
    static func renumbered(_ text: String, offset: Int) -> String {
        if offset == 0 || !text.contains("$") { return text }
        var result = ""
        var quote: Character?
        var iterator = Array(text).makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if let open = quote {
                result.append(character)
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "$", let next = pending, next.isASCII, next.isNumber {
                var digits = ""
                while let digit = pending, digit.isASCII, digit.isNumber {
                    digits.append(digit)
                    pending = iterator.next()
                }
                result += "$\(Int(digits)! + offset)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var text = ""
        var bindings: [PostgresBinding] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 3)
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// Binds `value` as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bindings.append(PostgresBinding(value))
            text += "$\(bindings.count)"
        }

        /// Binds `value` (NULL when nil) as the next parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bindings.append(PostgresBinding(value))
            text += "$\(bindings.count)"
        }

        /// A quoted identifier (`"order"`), for table and column names chosen at run time.
        public mutating func appendInterpolation(identifier: String) {
            text += "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }

        /// A fragment with its own bindings, renumbered to follow the ones already here.
        public mutating func appendInterpolation(sql fragment: SQL) {
            text += SQL.renumbered(fragment.text, offset: bindings.count)
            bindings += fragment.bindings
        }

        /// Trusted SQL text, copied as is. Never pass user input here.
        public mutating func appendInterpolation(unsafeRaw text: String) { self.text += text }
    }
}

/// One parameter value of a statement.
public struct PostgresBinding: Sendable, Hashable {
    public let value: any PostgresEncodable
    /// The parameter's type as declared to the server.
    public var type: PostgresType { Swift.type(of: value).postgresType }

    public init(_ value: some PostgresEncodable) { self.value = value }

    public static func == (lhs: PostgresBinding, rhs: PostgresBinding) -> Bool {
        lhs.type == rhs.type && String(describing: lhs.value) == String(describing: rhs.value)
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(String(describing: value))
    }
}
