import Foundation

/// `Generated/queries.json`: what `tusk queries` learnt by preparing each named query of the
/// `.sql` files beside schema.yaml on a throwaway server. The build plugin generates the typed
/// functions from it alone (no database), and `tusk queries --check` compares it with a fresh
/// description. Written with sorted keys and queries in name order, so it is byte-for-byte stable.
public struct QueryCatalog: Codable, Sendable, Hashable {
    public static let fileName = "queries.json"

    /// SHA-256 of the `.sql` files (names and contents, in name order).
    public var sourcesHash: String
    /// SHA-256 of the schema's canonical snapshot the queries were prepared against.
    public var schemaHash: String
    public var queries: [Query]

    public init(sourcesHash: String, schemaHash: String, queries: [Query]) {
        self.sourcesHash = sourcesHash
        self.schemaHash = schemaHash
        self.queries = queries.sorted { $0.name < $1.name }
    }

    /// sqlc's result kinds: `-- name: X :many` and so on.
    public enum Command: String, Codable, Sendable, Hashable, CaseIterable {
        /// Every row: `[XRow]`.
        case many
        /// The first row or nil: `XRow?`.
        case one
        /// No result.
        case exec
        /// The number of rows affected: `Int`.
        case execrows
    }

    public struct Query: Codable, Sendable, Hashable {
        /// As written after `-- name:` (`DocumentsPerUser`).
        public var name: String
        public var command: Command
        /// Where the query starts, for messages: `queries/reports.sql:3`.
        public var file: String
        public var line: Int
        /// The comment lines right under `-- name:`: the generated function's documentation.
        public var docs: [String]
        /// The text sent to the server: each `@name` replaced by its `$n`.
        public var sql: String
        public var parameters: [Parameter]
        public var columns: [Column]

        public init(
            name: String, command: Command, file: String, line: Int, docs: [String], sql: String,
            parameters: [Parameter], columns: [Column]
        ) {
            self.name = name
            self.docs = docs
            self.command = command
            self.file = file
            self.line = line
            self.sql = sql
            self.parameters = parameters
            self.columns = columns
        }
    }

    /// `@name`, bound to `$n` (n is its position in `parameters`, from 1).
    public struct Parameter: Codable, Sendable, Hashable {
        public var name: String
        /// The server's type name (`pg_type.typname`; arrays as `element[]`), e.g. `uuid`, `text[]`, `memory_tier`.
        public var type: String

        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// A result column, in select-list order.
    public struct Column: Codable, Sendable, Hashable {
        /// The column's name with a `?`/`!` override suffix removed.
        public var name: String
        public var type: String
        /// Nullable unless it comes straight from a NOT NULL table column or is written `AS "name!"`.
        public var nullable: Bool

        public init(name: String, type: String, nullable: Bool) {
            self.name = name
            self.type = type
            self.nullable = nullable
        }
    }

    public static func decode(_ data: Data) throws -> QueryCatalog {
        try JSONDecoder().decode(QueryCatalog.self, from: data)
    }

    /// The file's bytes: pretty, sorted keys, a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
