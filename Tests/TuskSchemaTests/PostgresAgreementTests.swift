import Foundation
import Testing
import TuskTesting
@testable import TuskSchema

/// The loader's literal defaults and default names agree with a real PostgreSQL: literals are
/// accepted for their type (jsonb in PostgreSQL's own key order), and the names the loader
/// gives unnamed constraints and indexes are the names PostgreSQL gives them in plain SQL.
@Suite struct PostgresAgreementTests {
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// Every spelling the parser accepts names, on a real server, the same type as the canonical
    /// spelling Tusk writes in DDL (`float` is `double precision`, `float(24)` is `real`, ...).
    @Test func everyTypeAliasIsTheTypePostgresReads() async throws {
        let parameterized = [
            "float(1)", "float(24)", "float(25)", "float(53)", "decimal(10,2)", "dec(5)", "numeric(7)",
            "character varying(20)", "varchar(3)", "character(4)", "char(2)", "vector(3)",
            "text[]", "float[]", "double precision[]", "int8[]", "timestamp with time zone[]",
        ]
        // `double` is Tusk's own shorthand (PostgreSQL has no type of that name).
        let spellings = SQLType.simpleTypes.keys.sorted().filter { $0 != "double" } + parameterized
        try await withTestDatabase(.pgvector) { db in
            try await db.execute("CREATE EXTENSION vector")
            for (i, written) in spellings.enumerated() {
                let parsed = try SQLType.parse(written, enumNames: []).get()
                try await db.execute("CREATE TABLE written_\(unsafeRaw: String(i)) (c \(unsafeRaw: written)); CREATE TABLE canonical_\(unsafeRaw: String(i)) (c \(unsafeRaw: parsed.type.sql))")
            }
            let rows = try await db.query("""
                SELECT w.relname, format_type(wa.atttypid, wa.atttypmod), format_type(ca.atttypid, ca.atttypmod)
                FROM pg_class w JOIN pg_attribute wa ON wa.attrelid = w.oid AND wa.attname = 'c'
                JOIN pg_class c ON c.relname = 'canonical_' || substr(w.relname, 9) JOIN pg_attribute ca ON ca.attrelid = c.oid AND ca.attname = 'c'
                WHERE w.relname LIKE 'written\\_%' ORDER BY w.relname
                """)
            #expect(rows.count == spellings.count)
            for row in rows {
                let index = Int(row[0]!.dropFirst("written_".count))!
                #expect(row[1] == row[2], "'\(spellings[index])' is \(row[1] ?? "?") on the server, Tusk writes \(row[2] ?? "?")")
            }
        }
    }

    @Test func literalDefaultsAreWhatPostgresReads() async throws {
        let schema = try SchemaLoader.parse(yaml: """
            extensions: [vector]
            enums:
              tier: [WORKING, needs review]
            tables:
              t:
                columns:
                  a: { type: "numeric(3,2)", default: 0.50 }
                  b: { type: smallint, default: -32768 }
                  c: { type: double precision, default: 1.5e3 }
                  d: { type: boolean, default: True }
                  e: { type: "varchar(13)", default: "it's \\"quoted\\"" }
                  f: { type: tier, default: needs review }
                  g: { type: "text[]", default: [a, "b c", 'x"y', "back\\\\slash", ""] }
                  h: { type: "int[]", default: [1, -2, 3] }
                  i: { type: "tier[]", default: [WORKING] }
                  j: { type: jsonb, default: { zeta: 1, ab: [true, null, "s"], a: { yy: 0.10, x: "é\\n" }, b: 2, b2: 3 } }
                  k: { type: json, default: { zeta: 1, a: x } }
                  l: { type: vector(3), default: [0, 0.5, -1] }
                  m: { type: uuid, default: 123e4567-e89b-12d3-a456-426614174000 }
                  n: { type: date, default: 2024-02-29 }
                  o: { type: timestamptz, default: "2024-01-31 08:30:00+02" }
                  p: { type: inet, default: "::1/128" }
                  q: { type: "char(4)", default: free }
                  r: { type: interval, default: 1 day }
                  s: { type: "boolean[]", default: [true, false] }

            """, fileName: "defaults.yaml")
        let table = try #require(schema.table(named: "t"))
        try await withTestDatabase(.pgvector) { db in
            try await db.execute("CREATE EXTENSION vector; CREATE TYPE tier AS ENUM ('WORKING', 'needs review')")
            for column in table.columns {
                guard case .literal(let text) = column.defaultValue else { Issue.record("\(column.name) has no literal"); continue }
                // PostgreSQL reads the literal as the column's type, and reads it back equal.
                let rows = try await db.query("SELECT (\(unsafeRaw: Self.literal(text))::\(unsafeRaw: column.type.sql))::text")
                let readBack = try #require(rows.first?.first ?? nil)
                if column.type == .jsonb || column.type == .json || column.type.sql == "numeric(3,2)" {
                    #expect(readBack == text, "\(column.name)")
                }
            }
            let ddl = table.columns.map { c -> String in
                guard case .literal(let text) = c.defaultValue else { return "" }
                return "\(c.name) \(c.type.sql) DEFAULT \(Self.literal(text))"
            }.joined(separator: ", ")
            try await db.execute("CREATE TABLE t (\(unsafeRaw: ddl)); INSERT INTO t DEFAULT VALUES")
            let rows = try await db.query("SELECT b::text, d::text, e, f::text, array_length(g, 1)::text, g[4], h[2]::text, s[2]::text FROM t")
            #expect(rows == [["-32768", "true", #"it's "quoted""#, "needs review", "5", #"back\slash"#, "-2", "false"]])
        }
    }

    @Test func defaultNamesAreWhatPostgresChooses() async throws {
        let long = String(repeating: "l", count: 40)
        let schema = try SchemaLoader.parse(yaml: """
            tables:
              parents:
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
                  a: integer
                  b: integer
                unique: [[a, b]]
              children:
                columns:
                  id: { type: bigint, primary_key: true }
                  parent_id: { type: bigint, references: parents.id, check: "parent_id > 0" }
                  pa: integer
                  pb: integer
                  \(long)_first: { type: text, unique: true }
                  \(long)_second: text
                foreign_keys:
                  - { columns: [pa, pb], references: { table: parents, columns: [a, b] } }
                checks:
                  - { sql: "pa < pb" }
                  - { sql: "pa > 0 AND length(\(long)_first) > 0" }
                  - { sql: "pb::text <> 'pa'" }
                indexes:
                  - { columns: [pa] }
                  - { columns: [pa], where: "pb > 0" }
                  - { columns: [\(long)_first, \(long)_second] }

            """, fileName: "names.yaml")
        try await withTestDatabase { db in
            // The same schema as plain SQL without any names.
            try await db.execute("""
                CREATE TABLE parents (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, a integer NOT NULL, b integer NOT NULL, UNIQUE (a, b));
                CREATE TABLE children (
                    id bigint PRIMARY KEY,
                    parent_id bigint NOT NULL REFERENCES parents (id) CHECK (parent_id > 0),
                    pa integer NOT NULL, pb integer NOT NULL,
                    \(unsafeRaw: long)_first text NOT NULL UNIQUE, \(unsafeRaw: long)_second text NOT NULL,
                    FOREIGN KEY (pa, pb) REFERENCES parents (a, b),
                    CHECK (pa < pb), CHECK (pa > 0 AND length(\(unsafeRaw: long)_first) > 0), CHECK (pb::text <> 'pa'));
                CREATE INDEX ON children (pa);
                CREATE INDEX ON children (pa) WHERE pb > 0;
                CREATE INDEX ON children (\(unsafeRaw: long)_first, \(unsafeRaw: long)_second);
                """)
            let constraints = try await db.query("SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY 1").map { $0[0]! }
            let indexes = try await db.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1").map { $0[0]! }
            var ours: [String] = []
            var ourIndexes: [String] = []
            for table in schema.tables {
                let keys = [table.primaryKey?.name].compactMap { $0 } + table.uniqueConstraints.map(\.name)
                ours += keys + table.checks.map(\.name) + table.foreignKeys.map(\.name)
                ourIndexes += keys + table.indexes.map(\.name)
            }
            #expect(ours.sorted() == constraints)
            #expect(ourIndexes.sorted() == indexes)
        }
    }
}
