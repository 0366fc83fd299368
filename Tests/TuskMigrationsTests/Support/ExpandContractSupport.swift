import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// An expand/contract change written as migration files (the generator's own output) and applied
/// by the migrator on one connection, as a deployer would.
struct ExpandContractRun {
    let expand: [MigrationSource]
    let contract: [MigrationSource]
    var all: [MigrationSource] { expand + contract }

    init(from before: Schema, to after: Schema, batchSize: Int = ExpandContractPlanner.defaultBatchSize) throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let generated = try #require(try MigrationGenerator.generateExpandContract(
            name: "move", from: before, to: after, existing: [], batchSize: batchSize, allowDestructive: true, now: now))
        let sources = try generated.files.map { try MigrationSource(fileName: $0.fileName, contents: $0.text) }
        expand = sources.filter { !$0.isContract }
        contract = sources.filter { (source: MigrationSource) -> Bool in source.isContract }
    }

    /// Runs `body` with a migrator over every file (or the first `files`) on a connection of its own.
    func withMigrator<T: Sendable>(_ db: TestDatabase, files: Int? = nil, _ body: (Migrator) async throws -> T) async throws -> T {
        try await MigratorTests().withConnection(db) { (connection: Connection) async throws -> T in
            try await body(Migrator(connection: connection, migrations: Array(all.prefix(files ?? all.count))))
        }
    }
}

/// Triggers and functions Tusk's expand left behind (none once contracted or reverted), in any
/// schema: a table of a named schema gets its function beside it.
func syncObjects(_ db: TestDatabase) async throws -> [[String?]] {
    try await db.query("""
        SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'function ' || proname FROM pg_proc
        WHERE pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
        ORDER BY 1
        """)
}

/// Evolutions written as expand/contract pairs (issue 15 item 7): before + expand + contract
/// builds the catalog of the after schema created directly, each down goes back, rows are kept.
extension Evolutions {
    static let expandContract: [Evolution] = [
        Evolution(name: "expand/contract: rename a column, its comment and default follow",
                  before: schema(table("people", id, "name: { type: text, default: anonymous, comment: Shown name }")),
                  after: schema(table("people", id, "full_name: { type: text, default: anonymous, comment: Shown name, renamed_from: name }")),
                  seed: "INSERT INTO people (id, name) SELECT g, 'p' || g FROM generate_series(1, 25) g;",
                  dataBefore: "SELECT id, name FROM people ORDER BY id", dataAfter: "SELECT id, full_name FROM people ORDER BY id"),
        Evolution(name: "expand/contract: integer to bigint under the same name",
                  before: schema(table("counters", "id: { type: bigint, primary_key: true }", "hits: { type: integer, default: 0 }")),
                  after: schema(table("counters", "id: { type: bigint, primary_key: true }", "hits: { type: bigint, default: 0 }")),
                  seed: "INSERT INTO counters (id, hits) SELECT g, g * 7 FROM generate_series(1, 25) g;",
                  dataBefore: "SELECT id, hits::text FROM counters ORDER BY id", dataAfter: "SELECT id, hits::text FROM counters ORDER BY id"),
        Evolution(name: "expand/contract: text to an enum, renamed, nullable to NOT NULL",
                  before: schema(table("jobs", id, "status: text?")),
                  after: schema(enums: "job_state: [queued, done]",
                                table("jobs", id, "state: { type: job_state, renamed_from: status }")),
                  seed: "INSERT INTO jobs (id, status) SELECT g, CASE WHEN g % 2 = 0 THEN 'done' ELSE 'queued' END FROM generate_series(1, 25) g;",
                  dataBefore: "SELECT id, status FROM jobs ORDER BY id", dataAfter: "SELECT id, state::text FROM jobs ORDER BY id"),
        Evolution(name: "expand/contract: varchar(20) to text with using and reverse_using",
                  before: schema(table("codes", id, "code: varchar(20)")),
                  after: schema(table("codes", id, "code: { type: text, using: \"lower(code)\", reverse_using: \"upper(code)::varchar(20)\" }")),
                  seed: "INSERT INTO codes (id, code) SELECT g, 'C' || g FROM generate_series(1, 25) g;",
                  dataBefore: "SELECT id, lower(code) FROM codes ORDER BY id", dataAfter: "SELECT id, code FROM codes ORDER BY id"),
        Evolution(name: "expand/contract: a renamed column's unique constraint, index and check are built on the new column",
                  before: schema(table("emails", id, "address: { type: text, unique: true, check: \"length(address) > 3\" }",
                                       extra: "indexes:\n  - { columns: [address], where: \"address <> ''\" }")),
                  after: schema(table("emails", id, "email: { type: text, unique: true, check: \"length(email) > 3\", renamed_from: address }",
                                      extra: "indexes:\n  - { columns: [email], where: \"email <> ''\" }")),
                  seed: "INSERT INTO emails (id, address) SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 25) g;",
                  dataBefore: "SELECT id, address FROM emails ORDER BY id", dataAfter: "SELECT id, email FROM emails ORDER BY id"),
        Evolution(name: "expand/contract: integer to bigint keeps its unique constraint, index and check names",
                  before: schema(table("counters", "id: { type: bigint, primary_key: true }", "hits: { type: integer, unique: true, check: \"hits >= 0\" }",
                                       extra: "indexes:\n  - { columns: [hits] }")),
                  after: schema(table("counters", "id: { type: bigint, primary_key: true }", "hits: { type: bigint, unique: true, check: \"hits >= 0\" }",
                                      extra: "indexes:\n  - { columns: [hits] }")),
                  seed: "INSERT INTO counters (id, hits) SELECT g, g * 7 FROM generate_series(1, 25) g;",
                  dataBefore: "SELECT id, hits::text FROM counters ORDER BY id", dataAfter: "SELECT id, hits::text FROM counters ORDER BY id"),
        // Tables of a named schema: the trigger, its function, the backfill and the swap all name
        // the table's schema (docs/schema-reference.md, PostgreSQL schemas).
        Evolution(name: "expand/contract: rename a column of a table in a named schema",
                  before: schema(table("billing.people", id, "name: { type: text, default: anonymous }")),
                  after: schema(table("billing.people", id, "full_name: { type: text, default: anonymous, renamed_from: name }")),
                  seed: "INSERT INTO billing.people (id, name) SELECT g, 'p' || g FROM generate_series(1, 25) g;",
                  dataBefore: "SELECT id, name FROM billing.people ORDER BY id", dataAfter: "SELECT id, full_name FROM billing.people ORDER BY id"),
        Evolution(name: "expand/contract: text to an enum of a named schema, renamed, on a table of that schema",
                  before: schema(table("billing.jobs", id, "status: text?")),
                  after: schema(enums: "billing.job_state: [queued, done]",
                                table("billing.jobs", id, "state: { type: billing.job_state, renamed_from: status }")),
                  seed: "INSERT INTO billing.jobs (id, status) SELECT g, CASE WHEN g % 2 = 0 THEN 'done' ELSE 'queued' END FROM generate_series(1, 25) g;",
                  dataBefore: "SELECT id, status FROM billing.jobs ORDER BY id", dataAfter: "SELECT id, state::text FROM billing.jobs ORDER BY id"),
    ]
}

extension CatalogDump {
    /// The catalog without the migrator's history table (`tusk_migrations`), which a direct build lacks.
    static func readSchema(_ db: TestDatabase) async throws -> CatalogDump {
        CatalogDump(lines: try await read(db, columnOrder: false).lines.filter { !$0.contains("tusk_migrations") })
    }
}
