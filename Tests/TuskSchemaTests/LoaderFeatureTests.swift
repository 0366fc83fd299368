import Foundation
import Testing
@testable import TuskSchema

/// Each feature of the schema language, read into the model.
@Suite struct LoaderFeatureTests {
    func load(_ yaml: String) throws -> Schema {
        do {
            return try SchemaLoader.parse(yaml: yaml, fileName: "test.yaml")
        } catch let error as SchemaError {
            Issue.record("unexpected diagnostics:\n\(error)")
            throw error
        }
    }

    func table(_ columns: String, extra: String = "", preamble: String = "") throws -> Table {
        // One column per line, each indented under `columns:`.
        let lines = columns.split(separator: "\n").map { "      " + $0.trimmingCharacters(in: .whitespaces) + "\n" }
        let schema = try load(preamble + "tables:\n  t:\n    columns:\n" + lines.joined() + extra)
        return try #require(schema.table(named: "t"))
    }

    @Test func shorthandColumns() throws {
        let t = try table("      a: varchar(255)\n      b: text?\n      c: \"integer[]\"\n      d: int8?\n")
        #expect(t.columns.map(\.type) == [.varchar(length: 255), .text, .array(.integer), .bigint])
        #expect(t.columns.map(\.isNullable) == [false, true, false, true])
    }

    @Test(arguments: [
        ("int", "integer"), ("int4", "integer"), ("int2", "smallint"), ("int8", "bigint"), ("float4", "real"),
        ("float8", "double precision"), ("double precision", "double precision"), ("bool", "boolean"),
        ("decimal(10,2)", "numeric(10,2)"), ("numeric", "numeric"), ("character varying(9)", "varchar(9)"),
        ("varchar", "varchar"), ("character(3)", "char(3)"), ("timestamp with time zone", "timestamptz"),
        ("timestamp without time zone", "timestamp"), ("time", "time"), ("date", "date"), ("interval", "interval"),
        ("bytea", "bytea"), ("json", "json"), ("jsonb", "jsonb"), ("inet", "inet"), ("uuid", "uuid"),
        ("vector(8)", "vector(8)"), ("uuid[]", "uuid[]"), ("status[]", "status[]"), ("status", "status"),
    ])
    func typesAndAliases(written: String, canonical: String) throws {
        let t = try table("      c: { type: \"\(written)\" }\n", preamble: "extensions: [vector]\nenums:\n  status: [on, off]\n")
        #expect(t.columns[0].type.sql == canonical)
    }

    @Test func serialTypesBecomeIdentityColumns() throws {
        let t = try table("      a: serial\n      b: { type: bigserial, identity: always }\n      c: smallserial\n")
        #expect(t.columns.map(\.type) == [.integer, .bigint, .smallint])
        #expect(t.columns.map(\.identity) == [.byDefault, .always, .byDefault])
    }

    @Test func identity() throws {
        let t = try table("      a: { type: bigint, identity: true }\n      b: { type: integer, identity: always }\n      c: { type: integer, identity: false }\n")
        #expect(t.columns.map(\.identity) == [.byDefault, .always, nil])
        #expect(t.columns[0].isDatabaseFilled && !t.columns[2].isDatabaseFilled)
    }

    @Test func literalDefaultsAreTypedByTheColumn() throws {
        let t = try table("""
              n: { type: "numeric(3,2)", default: 0.50 }
              i: { type: integer, default: -7 }
              r: { type: real, default: 1e3 }
              b: { type: boolean, default: True }
              s: { type: text, default: "hello, world" }
              e: { type: status, default: off }
              d: { type: date, default: 2024-01-31 }
              ts: { type: timestamptz, default: "2024-01-31 08:30:00+00" }
              u: { type: uuid, default: 123e4567-e89b-12d3-a456-426614174000 }
              ip: { type: inet, default: 10.0.0.1/8 }
              tags: { type: "text[]", default: [a, "b c", 'say "hi"'] }
              none: { type: "text[]", default: [] }
              ints: { type: "int[]", default: [1, 2, 3] }
              v: { type: vector(3), default: [0, 0.5, 1] }
              x: { type: timestamptz, default: { sql: now() } }

            """, preamble: "extensions: [vector]\nenums:\n  status: [on, off]\n")
        let defaults = t.columns.map(\.defaultValue)
        #expect(defaults == [
            .literal("0.50"), .literal("-7"), .literal("1e3"), .literal("true"), .literal("hello, world"),
            .literal("off"), .literal("2024-01-31"), .literal("2024-01-31 08:30:00+00"),
            .literal("123e4567-e89b-12d3-a456-426614174000"), .literal("10.0.0.1/8"),
            .literal(#"{"a","b c","say \"hi\""}"#), .literal("{}"), .literal("{1,2,3}"), .literal("[0,0.5,1]"),
            .sql("now()"),
        ])
    }

    @Test func jsonDefaults() throws {
        let t = try table("""
              b: { type: jsonb, default: { zeta: 1, a: [1, "two", true, null], mid: { k: 0.10 } } }
              j: { type: json, default: { zeta: 1, a: x } }
              s: { type: jsonb, default: plain }
              e: { type: jsonb, default: [] }

            """)
        // jsonb orders keys as PostgreSQL prints them (shorter first, then bytes); json keeps the written order.
        #expect(t.columns[0].defaultValue == .literal(#"{"a": [1, "two", true, null], "mid": {"k": 0.10}, "zeta": 1}"#))
        #expect(t.columns[1].defaultValue == .literal(#"{"zeta": 1, "a": "x"}"#))
        #expect(t.columns[2].defaultValue == .literal(#""plain""#))
        #expect(t.columns[3].defaultValue == .literal("[]"))
    }

    @Test func enumsListAndExtendedForms() throws {
        let schema = try load("""
            enums:
              job_state: [QUEUED, in_progress, done]
              role:
                swift_name: ChatRole
                comment: Who wrote a message
                renamed_from: message_role
                values:
                  - user
                  - { name: bot, swift_name: assistant, renamed_from: ai }
            tables:
              t:
                columns:
                  s: job_state

            """)
        #expect(schema.enums.map(\.name) == ["job_state", "role"])
        let state = schema.enums[0]
        #expect(state.swiftName == "JobState")
        #expect(state.values.map(\.swiftName) == ["queued", "inProgress", "done"])
        let role = schema.enums[1]
        #expect(role == EnumType(name: "role", swiftName: "ChatRole", values: [
            EnumValue(name: "user", swiftName: "user"),
            EnumValue(name: "bot", swiftName: "assistant", renamedFrom: "ai"),
        ], renamedFrom: "message_role", comment: "Who wrote a message"))
    }

    @Test func keysConstraintsAndTheirNames() throws {
        let schema = try load("""
            tables:
              accounts:
                columns:
                  id: { type: uuid, primary_key: true }
                  email: { type: text, unique: true }
              orders:
                columns:
                  account_id: { type: uuid, references: accounts.id, on_delete: cascade, on_update: restrict }
                  number: { type: integer, check: "number > 0" }
                  total: { type: "numeric(10,2)", check: "total >= 0 AND number < 1000000" }
                  email: { type: text, nullable: true, references: { table: accounts, column: email }, on_delete: set_null }
                primary_key: [account_id, number]
                unique: [[number, email], { name: orders_total_per_account, columns: [account_id, total] }]
                checks:
                  - { sql: "total < 1e9" }
                  - { name: number_small, sql: "number::text <> 'x'" }
                indexes:
                  - { columns: [email] }
                  - { columns: [email], unique: true, where: "email IS NOT NULL" }
                  - { name: orders_by_total, columns: [total, number], using: brin }

            """)
        let orders = try #require(schema.table(named: "orders"))
        #expect(orders.primaryKey == PrimaryKey(name: "orders_pkey", columns: ["account_id", "number"]))
        #expect(orders.uniqueConstraints == [
            UniqueConstraint(name: "orders_number_email_key", columns: ["number", "email"]),
            UniqueConstraint(name: "orders_total_per_account", columns: ["account_id", "total"]),
        ])
        #expect(orders.checks == [
            CheckConstraint(name: "orders_number_check", expression: "number > 0"),
            CheckConstraint(name: "orders_check", expression: "total >= 0 AND number < 1000000"),
            CheckConstraint(name: "orders_total_check", expression: "total < 1e9"),
            CheckConstraint(name: "number_small", expression: "number::text <> 'x'"),
        ])
        #expect(orders.foreignKeys == [
            ForeignKey(name: "orders_account_id_fkey", columns: ["account_id"], referencedTable: "accounts", referencedColumns: ["id"], onDelete: .cascade, onUpdate: .restrict),
            ForeignKey(name: "orders_email_fkey", columns: ["email"], referencedTable: "accounts", referencedColumns: ["email"], onDelete: .setNull),
        ])
        #expect(orders.indexes == [
            Index(name: "orders_email_idx", columns: ["email"]),
            Index(name: "orders_email_idx1", columns: ["email"], isUnique: true, predicate: "email IS NOT NULL"),
            Index(name: "orders_by_total", columns: ["total", "number"], method: "brin"),
        ])
        #expect(schema.table(named: "accounts")?.uniqueConstraints == [UniqueConstraint(name: "accounts_email_key", columns: ["email"])])
    }

    @Test func compositeForeignKeys() throws {
        let schema = try load("""
            tables:
              chunks:
                columns:
                  document_id: bigint
                  ordinal: integer
                primary_key: [document_id, ordinal]
              citations:
                columns:
                  id: bigserial
                  document_id: bigint?
                  chunk_no: int?
                foreign_keys:
                  - { columns: [document_id, chunk_no], references: { table: chunks, columns: [document_id, ordinal] }, on_delete: set_null }
                  - { name: citations_chunk_again, columns: [document_id, chunk_no], references: { table: chunks, columns: [document_id, ordinal] }, on_update: cascade }

            """)
        #expect(schema.table(named: "citations")?.foreignKeys == [
            ForeignKey(name: "citations_document_id_chunk_no_fkey", columns: ["document_id", "chunk_no"], referencedTable: "chunks", referencedColumns: ["document_id", "ordinal"], onDelete: .setNull),
            ForeignKey(name: "citations_chunk_again", columns: ["document_id", "chunk_no"], referencedTable: "chunks", referencedColumns: ["document_id", "ordinal"], onUpdate: .cascade),
        ])
    }

    @Test func longDefaultNamesAreTruncatedLikePostgres() throws {
        let table = String(repeating: "t", count: 60)
        let column = String(repeating: "c", count: 30)
        let schema = try load("tables:\n  \(table):\n    columns:\n      \(column): { type: text, unique: true }\n")
        #expect(schema.tables[0].uniqueConstraints[0].name == String(repeating: "t", count: 29) + "_" + String(repeating: "c", count: 29) + "_key")
    }

    @Test func namesAvoidExistingRelations() throws {
        // A table already called `a_b_key` makes the unique constraint on a.b take `a_b_key1`, as PostgreSQL does.
        let schema = try load("tables:\n  a:\n    columns:\n      b: { type: text, unique: true }\n  a_b_key:\n    columns:\n      x: text\n")
        #expect(schema.table(named: "a")?.uniqueConstraints.first?.name == "a_b_key1")
    }

    @Test func columnOptions() throws {
        let t = try table("""
              updated_at: { type: timestamptz, default: { sql: now() }, auto_update: true, comment: Last change }
              title: { type: text, renamed_from: heading, using: "heading::text", swift_name: headline }
              settings: { type: jsonb, nullable: true, swift_type: Settings }
              email: { type: "varchar(320)", validate: { format: email, max_length: 320, min_length: 3, pattern: "^.+@.+$" } }
              score: { type: real, validate: { max: 1, min: 0 } }
              site: { type: text?, validate: { format: url } }
              ref: { type: uuid, validate: { format: uuid } }

            """)
        let c = t.columns
        #expect(c[0].autoUpdate && c[0].comment == "Last change")
        #expect(c[1].renamedFrom == "heading" && c[1].usingExpression == "heading::text" && c[1].swiftName == "headline")
        #expect(c[2].swiftType == "Settings" && c[2].isNullable)
        #expect(c[3].validations == [.minLength(3), .maxLength(320), .pattern("^.+@.+$"), .format(.email)])
        #expect(c[4].validations == [.min(0), .max(1)])
        #expect(c[5].isNullable && c[5].validations == [.format(.url)])
        #expect(c[6].validations == [.format(.uuid)])
    }

    @Test func tablePolicies() throws {
        let schema = try load("""
            tables:
              posts:
                comment: Blog posts
                renamed_from: articles
                swift_name: BlogPost
                soft_delete: deleted_at
                version_column: version
                columns:
                  deleted_at: timestamptz?
                  version: { type: integer, default: 1 }

            """)
        let posts = try #require(schema.table(named: "posts"))
        #expect(posts.comment == "Blog posts" && posts.renamedFrom == "articles" && posts.swiftName == "BlogPost")
        #expect(posts.softDeleteColumn == "deleted_at" && posts.versionColumn == "version")
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let schema = try load("""
            x-created: &created { type: timestamptz, default: { sql: now() } }
            x-audited: &audited
              created_at: *created
              updated_at: { <<: *created, auto_update: true }
            tables:
              notes:
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
                  <<: *audited
                  body: text

            """)
        let notes = try #require(schema.table(named: "notes"))
        #expect(notes.columns.map(\.name) == ["id", "created_at", "updated_at", "body"])
        #expect(notes.columns[1].defaultValue == .sql("now()"))
        #expect(notes.columns[2].autoUpdate && notes.columns[2].defaultValue == .sql("now()"))
    }

    @Test func explicitKeysOverrideMergedOptions() throws {
        let t = try table("      a: { <<: { type: text, nullable: true }, nullable: false }\n")
        #expect(t.columns[0].type == .text && !t.columns[0].isNullable)
    }

    @Test func canonicalOrder() throws {
        let schema = try load("""
            extensions: [vector, pgcrypto, vector]
            enums:
              zeta: [a]
              alpha: [b]
            tables:
              zebras:
                columns:
                  z: text
                  a: text
              apples:
                columns:
                  id: uuid

            """)
        #expect(schema.extensions == ["pgcrypto", "vector"])
        #expect(schema.enums.map(\.name) == ["alpha", "zeta"])
        #expect(schema.tables.map(\.name) == ["apples", "zebras"])
        #expect(schema.tables[1].columns.map(\.name) == ["z", "a"])
    }

    @Test func swiftKeywordsAreFineAsNames() throws {
        let schema = try load("enums:\n  kind: [self, class]\ntables:\n  type:\n    columns:\n      default: text\n      self: text\n      protocol: text\n")
        #expect(schema.tables[0].swiftName == "Type")
        #expect(schema.tables[0].columns.map(\.swiftName) == ["default", "self", "protocol"])
        #expect(schema.enums[0].values.map(\.swiftName) == ["self", "class"])
    }

    @Test func swiftAccess() throws {
        #expect(try load("swift: { access: public }\ntables:\n  t:\n    columns:\n      a: text\n").swift.access == .public)
        #expect(try load("tables:\n  t:\n    columns:\n      a: text\n").swift.access == .internal)
    }

    @Test func loadNamesTheFileAsGiven() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "tables:\n  t:\n    columns:\n      a: txt\n".write(to: directory.appendingPathComponent("schema.yaml"), atomically: true, encoding: .utf8)
        let base = URL(fileURLWithPath: directory.path, isDirectory: true)
        let url = URL(fileURLWithPath: "schema.yaml", relativeTo: base)
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(file: url) }
        #expect(error.description == "schema.yaml:4:10: error: column 't.a': unknown type 'txt'; did you mean 'text'?")
        let missing = try #require(throws: SchemaError.self) { try SchemaLoader.load(file: URL(fileURLWithPath: "nope.yaml", relativeTo: base)) }
        #expect(missing.diagnostics.first?.description.hasPrefix("nope.yaml:1:1: error: cannot read the schema file") == true)
    }
}

@Suite struct SwiftNamesTests {
    @Test(arguments: [
        ("users", "User"), ("memory_objects", "MemoryObject"), ("audit_log", "AuditLog"), ("api_keys", "ApiKey"),
        ("categories", "Category"), ("addresses", "Address"), ("boxes", "Box"), ("statuses", "Status"),
        ("people", "Person"), ("news", "News"), ("document_chunks", "DocumentChunk"), ("messages", "Message"),
        ("buses", "Bus"), ("analyses", "Analysis"), ("data", "Data"), ("USERS", "User"), ("access", "Access"),
    ])
    func tableTypeNames(table: String, swift: String) {
        #expect(SwiftNames.typeName(forTable: table) == swift)
    }

    @Test(arguments: [
        ("password_hash", "passwordHash"), ("WORKING", "working"), ("needs_review", "needsReview"),
        ("IN_PROGRESS", "inProgress"), ("sourceURL", "sourceURL"), ("id", "id"), ("2fa", "_2fa"), ("a-b", "aB"),
    ])
    func propertyNames(name: String, swift: String) {
        #expect(SwiftNames.propertyName(name) == swift)
    }

    @Test func enumTypeNames() {
        #expect(SwiftNames.typeName(forEnum: "job_status") == "JobStatus")
        #expect(SwiftNames.typeName(forEnum: "memory_tier") == "MemoryTier")
    }
}

@Suite struct SnapshotStabilityTests {
    /// Two spellings of the same schema (aliases, key order, shorthand, anchors) give the same bytes.
    @Test func equivalentSchemasGiveIdenticalSnapshots() throws {
        let a = try SchemaLoader.parse(yaml: """
            extensions: [vector, pgcrypto]
            tables:
              users:
                columns:
                  id: { type: uuid, primary_key: true, default: { sql: gen_random_uuid() } }
                  name: varchar(255)
                  note: text?
                  n: { type: int, default: 1, validate: { max: 9, min: 1 } }
              a_things:
                columns:
                  id: bigserial

            """, fileName: "a.yaml")
        let b = try SchemaLoader.parse(yaml: """
            x-key: &key { primary_key: true, default: { sql: gen_random_uuid() }, type: uuid }
            tables:
              a_things:
                columns:
                  id: { type: int8, identity: true }
              users:
                columns:
                  id: *key
                  name: { nullable: false, type: character varying(255) }
                  note: { type: text, nullable: true }
                  n: { default: 1, type: integer, validate: { min: 1, max: 9 } }
            extensions: [pgcrypto, vector, vector]

            """, fileName: "b.yaml")
        #expect(a == b)
        #expect(try SchemaSnapshot.encode(a) == SchemaSnapshot.encode(b))
    }
}
