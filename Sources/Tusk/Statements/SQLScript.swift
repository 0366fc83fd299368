import Foundation

/// SQL text run as a script by ``QueryRunner/execute(_:)``: several statements separated by `;`,
/// sent over the simple query protocol, with no parameters.
///
/// A script cannot carry values, so its interpolation accepts no values at all: writing
/// `db.execute("DELETE FROM t WHERE id = \(id)")` does not compile (the value would be pasted
/// into the SQL). Values go through ``QueryRunner/run(_:)`` or ``QueryRunner/query(_:)``, whose
/// ``SQL`` binds them as parameters. What a script may interpolate is visibly SQL text:
///
/// ```swift
/// try await db.execute("CREATE TABLE \(identifier: name) (id int8)")       // "quoted"
/// try await db.execute("COMMENT ON TABLE t IS \(literal: note)")          // 'quoted literal'
/// try await db.execute(SQLScript(unsafeRaw: try String(contentsOf: file))) // trusted text
/// ```
public struct SQLScript: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The script's text, sent as is.
    public let text: String

    /// Trusted SQL text (a migration file, generated DDL). Never pass user input here.
    public init(unsafeRaw text: String) { self.text = text }

    public init(stringLiteral value: String) { text = value }

    public init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    public var description: String { text }

    /// Interpolation that takes only SQL text: an identifier, a quoted literal, an integer or
    /// trusted text.
    /// There is deliberately no `appendInterpolation(_ value:)`.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 8)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// A quoted identifier (`"order"`), for names chosen at run time.
        public mutating func appendInterpolation(identifier: String) { text += SQLFragment.quoted(identifier) }

        /// A quoted string literal (`'it''s'`); backslashes are escaped too (`E'a\\b'`), so it
        /// reads the same whatever `standard_conforming_strings` is.
        public mutating func appendInterpolation(literal: String) { text += SQLScript.quotedLiteral(literal) }

        /// An integer written as a numeric literal (`42`): digits cannot change the SQL around them.
        public mutating func appendInterpolation(literal: some BinaryInteger) { text += String(literal) }

        /// Trusted SQL text, copied as is. Never pass user input here.
        public mutating func appendInterpolation(unsafeRaw text: String) { self.text += text }
    }

    static func quotedLiteral(_ value: String) -> String {
        let doubledQuotes = value.replacingOccurrences(of: "'", with: "''")
        guard value.contains("\\") else { return "'" + doubledQuotes + "'" }
        return "E'" + doubledQuotes.replacingOccurrences(of: "\\", with: "\\\\") + "'"
    }
}
