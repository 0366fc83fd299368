import Foundation
import Tusk

/// A `.sql` file of named queries in sqlc's convention, read without a database:
///
/// ```sql
/// -- name: DocumentsPerUser :many
/// SELECT ... WHERE user_id = @user_id
/// ```
///
/// Each query runs from the line after its `-- name: Name :kind` to the next such line; a final
/// `;` is dropped. `@name` parameters become `$n` (the same name twice is one `$n`), found with
/// PostgreSQL's lexical rules (`PostgresLexer`), so an `@` inside a string, a comment, a quoted
/// identifier or a dollar-quoted body is not a parameter.
public struct SQLQueryFile: Sendable, Hashable {
    /// sqlc's result kinds.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case many, one, exec, execrows
    }

    public struct Query: Sendable, Hashable {
        public var name: String
        public var kind: Kind
        /// The file as given (relative to the package directory), for messages.
        public var file: String
        /// The line of `-- name:` (from 1).
        public var line: Int
        /// The text sent to the server, with `$n` placeholders.
        public var sql: String
        /// The parameters' names, `$1` first.
        public var parameterNames: [String]
        /// The comment lines right under `-- name:`, without their `--`.
        public var docs: [String] = []
        /// The query as written and where it starts, to point at the written text.
        var written: [UInt8]
        var bodyLine: Int
        /// Each `@name` replaced: its byte range in `sql` and in `written`.
        var replacements: [(sent: Range<Int>, written: Range<Int>)]

        public static func == (lhs: Query, rhs: Query) -> Bool { lhs.file == rhs.file && lhs.line == rhs.line && lhs.sql == rhs.sql }
        public func hash(into hasher: inout Hasher) { hasher.combine(file); hasher.combine(line); hasher.combine(sql) }

        /// `file.sql:LINE:COL` of a server error position (1-based, in characters of `sql`).
        public func location(ofPosition position: Int) -> String {
            let sentBytes = Array(sql.utf8)
            // Characters to bytes: PostgreSQL counts characters, not bytes.
            var byte = 0
            var remaining = max(position - 1, 0)
            while remaining > 0, byte < sentBytes.count {
                byte += 1
                while byte < sentBytes.count, sentBytes[byte] & 0xC0 == 0x80 { byte += 1 }
                remaining -= 1
            }
            var writtenByte = byte
            for replacement in replacements {
                if replacement.sent.contains(byte) { writtenByte = replacement.written.lowerBound; break }
                if replacement.sent.lowerBound > byte { break }
                writtenByte = byte - replacement.sent.upperBound + replacement.written.upperBound
            }
            let before = written[..<min(writtenByte, written.count)]
            let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
            let column = String(decoding: written[lineStart..<before.endIndex], as: UTF8.self).unicodeScalars.count + 1
            return "\(file):\(bodyLine + before.filter { $0 == UInt8(ascii: "\n") }.count):\(column)"
        }
    }

    /// A problem in the file's layout, as `file:line:col: error: ...`.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(file):\(line):\(column): error: \(message)" }

        public init(file: String, line: Int, column: Int, message: String) {
            self.file = file
            self.line = line
            self.column = column
            self.message = message
        }
    }

    public var queries: [Query]

    /// Reads `text`; every problem in the file is reported, not only the first.
    public static func parse(_ text: String, file: String) throws(SQLQueryFileError) -> SQLQueryFile {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var problems: [Problem] = []
        var queries: [Query] = []
        var current: (name: String, kind: Kind, line: Int, body: [String])?
        var seen: [String: Int] = [:]
        // After a `-- name:` line that was refused, its SQL is not reported again.
        var skipping = false

        func finish() {
            guard var query = current else { return }
            // Comment lines right under `-- name:` describe the query: they become its docs.
            var docs: [String] = []
            while let first = query.body.first?.trimmingCharacters(in: .whitespaces), first.hasPrefix("--") {
                docs.append(first.dropFirst(2).trimmingCharacters(in: .whitespaces))
                query.body.removeFirst()
            }
            var body = query.body.joined(separator: "\n")
            while let last = body.last, last.isWhitespace || last == ";" { body.removeLast() }
            if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(Problem(file: file, line: query.line, column: 1, message: "query \(query.name) has no SQL after its -- name: line"))
                return
            }
            var rewritten = rewrite(name: query.name, kind: query.kind, file: file, line: query.line, body: body)
            rewritten.docs = docs
            rewritten.bodyLine += docs.count
            queries.append(rewritten)
        }

        for (index, line) in lines.enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("--"), trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces).hasPrefix("name:") else {
                if current != nil {
                    current!.body.append(line)
                } else if !skipping, !trimmed.isEmpty, !trimmed.hasPrefix("--") {
                    problems.append(Problem(file: file, line: number, column: 1, message: "SQL before the first '-- name: Name :many' line; every query starts with one"))
                }
                continue
            }
            finish()
            current = nil
            skipping = true
            let words = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces).dropFirst("name:".count).split(separator: " ")
            let kinds = Kind.allCases.map { ":" + $0.rawValue }.joined(separator: ", ")
            guard words.count == 2, let name = words.first, SwiftIdentifierRule.isName(name),
                  words[1].hasPrefix(":"), let kind = Kind(rawValue: String(words[1].dropFirst())) else {
                problems.append(Problem(file: file, line: number, column: 1, message: "expected '-- name: QueryName :kind' (kind one of \(kinds)), found '\(trimmed)'"))
                continue
            }
            if let first = seen[String(name)] {
                problems.append(Problem(file: file, line: number, column: 1, message: "a second query named \(name) (the first is at line \(first)); names must be unique"))
                continue
            }
            seen[String(name)] = number
            current = (String(name), kind, number, [])
        }
        finish()
        guard problems.isEmpty else { throw SQLQueryFileError(problems: problems) }
        return SQLQueryFile(queries: queries)
    }

    /// `body` with `@name` replaced by `$n`.
    static func rewrite(name: String, kind: Kind, file: String, line: Int, body: String) -> Query {
        let bytes = Array(body.utf8)
        var sent: [UInt8] = []
        var names: [String] = []
        var replacements: [(sent: Range<Int>, written: Range<Int>)] = []
        var copied = 0
        for parameter in PostgresLexer.namedParameters(in: body) {
            sent.append(contentsOf: bytes[copied..<parameter.range.lowerBound])
            if !names.contains(parameter.name) { names.append(parameter.name) }
            let placeholder = Array("$\(names.firstIndex(of: parameter.name)! + 1)".utf8)
            replacements.append((sent: sent.count..<(sent.count + placeholder.count), written: parameter.range))
            sent.append(contentsOf: placeholder)
            copied = parameter.range.upperBound
        }
        sent.append(contentsOf: bytes[copied...])
        return Query(
            name: name, kind: kind, file: file, line: line, sql: String(decoding: sent, as: UTF8.self),
            parameterNames: names, written: bytes, bodyLine: line + 1, replacements: replacements)
    }
}

/// Every layout problem of one or more `.sql` files.
public struct SQLQueryFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [SQLQueryFile.Problem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// What a query name may be: it becomes a Swift function and type name.
enum SwiftIdentifierRule {
    static func isName(_ name: some StringProtocol) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
