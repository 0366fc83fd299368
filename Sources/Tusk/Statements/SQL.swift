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
/// own bindings) and `\(unsafeRaw: "...")` for trusted SQL text.
///
/// A statement remembers where each of its placeholders is (`Placeholder`), recorded when the
/// placeholder is written. Composing statements (`\(sql:)`, ``append(_:)``, `+`) renumbers the
/// appended statement's placeholders from those positions and never re-reads its text, so a
/// comment, a string or a dollar-quoted body that happens to contain `$1` or an apostrophe
/// cannot shift a value onto the wrong placeholder.
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement text with `$n` placeholders.
    public private(set) var text: String
    /// The values bound to `$1...$n`, in order.
    public private(set) var bindings: [PostgresBinding]
    /// Every placeholder in `text`, in text order.
    private(set) var placeholders: [Placeholder]
    /// The tables the statement changes, for the read cache (``invalidating(tables:)``). Not
    /// part of the statement's identity: two statements with the same text and values are equal.
    public internal(set) var writes: TableWrites = .inferred
    /// A statement Tusk built over a `tenant:` table: how to render it for a tenant's runner
    /// (``scoped(toTenant:)``). Not part of the statement's identity either.
    var tenantForm: TenantForm?

    public static func == (lhs: SQL, rhs: SQL) -> Bool {
        lhs.text == rhs.text && lhs.bindings == rhs.bindings && lhs.placeholders == rhs.placeholders
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(bindings)
    }

    /// Where a `$n` placeholder is written in a statement's text.
    struct Placeholder: Sendable, Hashable {
        /// UTF-8 offset of the `$`.
        var start: Int
        /// UTF-8 length of `$n`.
        var length: Int
        /// `n`: the 1-based index into the statement's bindings.
        var number: Int
    }

    /// A statement without parameters. `text` is trusted SQL; a `$n` in it is not a placeholder
    /// of this statement (it has no bindings) and is never renumbered.
    public init(_ text: String) {
        self.text = text
        self.bindings = []
        self.placeholders = []
    }

    /// A statement with explicit placeholders and their values (for code that builds SQL).
    ///
    /// The text is read once, here, by `PostgresLexer` (which follows PostgreSQL's lexical
    /// rules: comments, every kind of string and dollar quote, quoted identifiers), so only real
    /// placeholders are renumbered when this statement is composed into another.
    public init(text: String, bindings: [PostgresBinding]) {
        self.init(text: text, bindings: bindings, placeholders: PostgresLexer.placeholders(in: text))
    }

    /// A statement whose placeholders the caller wrote itself and so knows (``SQLFragment``).
    init(text: String, bindings: [PostgresBinding], placeholders: [Placeholder]) {
        self.text = text
        self.bindings = bindings
        self.placeholders = placeholders
    }

    /// The same text with other values for its placeholders (``KeyLookup``: as many values, in
    /// the same order, as the statement was rendered with).
    mutating func rebind(_ values: [PostgresBinding]) {
        precondition(values.count == bindings.count, "a statement rebound with \(values.count) values for \(bindings.count)")
        bindings = values
    }

    public init(stringLiteral value: String) { self.init(value) }

    public init(stringInterpolation: StringInterpolation) { self = stringInterpolation.statement }

    /// Appends trusted SQL text.
    public mutating func append(unsafeRaw text: String) {
        self.text += text
        tenantForm = tenantForm.map { _ in .changed }
    }

    /// Appends a `$n` placeholder bound to `value`.
    public mutating func append(binding value: some PostgresEncodable) {
        append(binding: PostgresBinding(value))
    }

    mutating func append(binding: PostgresBinding) {
        tenantForm = tenantForm.map { _ in .changed }
        bindings.append(binding)
        appendPlaceholder(number: bindings.count)
    }

    /// Writes `$number` at the end of the text and records where it is.
    private mutating func appendPlaceholder(number: Int) {
        let written = "$" + String(number)
        placeholders.append(Placeholder(start: text.utf8.count, length: written.utf8.count, number: number))
        text += written
    }

    /// Appends another statement; its placeholders are renumbered after this one's, from their
    /// recorded positions (the text is copied between them, never scanned).
    public mutating func append(_ other: SQL) {
        if tenantForm != nil || other.tenantForm != nil { tenantForm = .changed }
        let offset = bindings.count
        if offset == 0 {
            let base = text.utf8.count
            placeholders += other.placeholders.map {
                Placeholder(start: $0.start + base, length: $0.length, number: $0.number)
            }
            text += other.text
        } else {
            let utf8 = other.text.utf8
            var copied = utf8.startIndex
            var copiedOffset = 0
            for placeholder in other.placeholders {
                let start = utf8.index(copied, offsetBy: placeholder.start - copiedOffset)
                text += String(decoding: utf8[copied..<start], as: UTF8.self)
                appendPlaceholder(number: placeholder.number + offset)
                copied = utf8.index(start, offsetBy: placeholder.length)
                copiedOffset = placeholder.start + placeholder.length
            }
            text += String(decoding: utf8[copied...], as: UTF8.self)
        }
        bindings += other.bindings
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// The text, for logs: bindings are shown as their count, never their values.
    public var description: String { bindings.isEmpty ? text : "\(text) [\(bindings.count) bindings]" }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var statement = SQL("")

        public init(literalCapacity: Int, interpolationCount: Int) {
            statement.text.reserveCapacity(literalCapacity + interpolationCount * 3)
            statement.bindings.reserveCapacity(interpolationCount)
            statement.placeholders.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { statement.append(unsafeRaw: literal) }

        /// Binds `value` as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            statement.append(binding: PostgresBinding(value))
        }

        /// Binds `value` (NULL when nil) as the next parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            statement.append(binding: PostgresBinding(value))
        }

        /// A quoted identifier (`"order"`), for table and column names chosen at run time.
        public mutating func appendInterpolation(identifier: String) {
            statement.append(unsafeRaw: SQLFragment.quoted(identifier))
        }

        /// A fragment with its own bindings, renumbered to follow the ones already here.
        public mutating func appendInterpolation(sql fragment: SQL) { statement.append(fragment) }

        /// Trusted SQL text, copied as is. Never pass user input here.
        public mutating func appendInterpolation(unsafeRaw text: String) { statement.append(unsafeRaw: text) }
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
