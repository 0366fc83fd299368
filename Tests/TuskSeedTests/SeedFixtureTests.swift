import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskSchema
@testable import TuskSeed
import TuskTesting

/// Seeding small fixture schemas on a real server: cycles through nullable keys, tenants, the
/// rules values must meet, determinism, and the errors for what cannot be generated.
@Suite struct SeedFixtureTests {
    static let league: String = """
        enums:
          color: [red, green, blue]
        tables:
          teams:
            columns:
              id:         { type: bigint, primary_key: true, identity: true }
              name:       { type: text, unique: true }
              captain_id: { type: bigint, nullable: true, references: people.id }
          people:
            soft_delete: left_at
            version_column: version
            columns:
              id:        { type: bigint, primary_key: true, identity: true }
              team_id:   { type: bigint, references: teams.id }
              mentor_id: { type: bigint, nullable: true, references: people.id }
              email:     { type: varchar(60), unique: true, validate: { format: email } }
              code:      { type: varchar(10), validate: { pattern: "^[A-Z]{2}-[0-9]{3,5}$" } }
              color:     color
              score:     { type: "numeric(4,1)", validate: { min: -5, max: 5 } }
              ratio:     { type: real, validate: { min: 0.1, max: 0.3 } }
              nick:      { type: text, nullable: true, check: "nick IS NULL OR length(nick) >= 3" }
              level:     { type: smallint, check: "level BETWEEN 3 AND 7" }
              badges:    { type: "color[]", default: [] }
              left_at:   timestamptz?
              version:   { type: integer, default: 1 }
        """

    static let tenants = """
        tables:
          accounts:
            tenant: id
            columns:
              id:   { type: bigint, primary_key: true, identity: true }
              name: text
          projects:
            tenant: account_id
            columns:
              id:         { type: bigint, primary_key: true, identity: true }
              account_id: { type: bigint, references: accounts.id }
              name:       text
          tasks:
            tenant: account_id
            columns:
              id:         { type: bigint, primary_key: true, identity: true }
              account_id: { type: bigint, references: accounts.id }
              project_id: { type: bigint, references: projects.id }
              title:      text
        """

    static func schema(_ yaml: String) throws -> Schema { try SchemaLoader.parse(yaml: yaml, fileName: "fixture.yaml") }

    /// A fresh database with the schema's tables, and a pool on it.
    static func withDatabase<T: Sendable>(_ schema: Schema, _ body: (Database) async throws -> T) async throws -> T {
        try await withConnectedTestDatabase(setup: SQLScript(unsafeRaw: SchemaDDL.createScript(for: schema)), body)
    }

    static func count(_ db: Database, _ sql: String) async throws -> Int64 {
        try await db.query(SQL(sql), as: Int64.self)[0]
    }

    @Test func aCycleThroughNullableKeysIsInsertedWithNullThenUpdated() async throws {
        let schema = try Self.schema(Self.league)
        try await Self.withDatabase(schema) { db in
            let report = try await db.seed(schema, rows: 200, seed: 3)
            #expect(report.tables.map(\.table) == ["teams", "people"])
            let teams = try #require(report.tables.first { $0.table == "teams" })
            let people = try #require(report.tables.first { $0.table == "people" })
            #expect(teams.keysSetAfterInsert > 100)
            #expect(people.keysSetAfterInsert > 100)
            #expect(try await Self.count(db, "SELECT count(*) FROM teams WHERE captain_id IS NOT NULL") == Int64(teams.keysSetAfterInsert))
            #expect(try await Self.count(db, "SELECT count(*) FROM people WHERE team_id IS NULL") == 0)
            #expect(try await Self.count(db, "SELECT count(*) FROM people WHERE mentor_id IS NOT NULL") == Int64(people.keysSetAfterInsert))
            // The self-reference is a tree (each row points at one generated before it): no chain comes back.
            let loops = """
                WITH RECURSIVE walk(start, at, steps) AS (
                  SELECT id, mentor_id, 1 FROM people WHERE mentor_id IS NOT NULL
                  UNION ALL
                  SELECT w.start, p.mentor_id, w.steps + 1 FROM walk w JOIN people p ON p.id = w.at
                  WHERE p.mentor_id IS NOT NULL AND w.steps < 300)
                SELECT count(*) FROM walk WHERE at = start
                """
            #expect(try await Self.count(db, loops) == 0)
        }
    }

    @Test func valuesMeetValidatorsChecksAndEnums() async throws {
        let schema = try Self.schema(Self.league)
        try await Self.withDatabase(schema) { db in
            try await db.seed(schema, rows: 500, seed: 9)
            #expect(try await Self.count(db, "SELECT count(*) FROM people") == 500)
            let bad = """
                SELECT count(*) FROM people WHERE code !~ '^[A-Z]{2}-[0-9]{3,5}$' OR email !~ '^[^@ ]+@[^@ ]+\\.[^@ ]+$'
                  OR score NOT BETWEEN -5 AND 5 OR ratio::float8 NOT BETWEEN 0.1 AND 0.3 OR length(nick) < 3
                  OR level NOT BETWEEN 3 AND 7
                """
            #expect(try await Self.count(db, bad) == 0)
            // Every enum label and some NULLs show up; the array default is left to the database in some rows.
            #expect(try await Self.count(db, "SELECT count(DISTINCT color) FROM people") == 3)
            #expect(try await Self.count(db, "SELECT count(*) FROM people WHERE nick IS NULL") > 0)
            #expect(try await Self.count(db, "SELECT count(*) FROM people WHERE badges = '{}'") > 0)
            #expect(try await Self.count(db, "SELECT count(*) FROM people WHERE cardinality(badges) > 0") > 0)
            // Most rows are live (the soft-delete column mostly NULL); the version column starts at its default.
            #expect(try await Self.count(db, "SELECT count(*) FROM people WHERE left_at IS NULL") > 400)
            #expect(try await Self.count(db, "SELECT count(*) FROM people WHERE left_at IS NOT NULL") > 0)
            #expect(try await Self.count(db, "SELECT count(*) FROM people WHERE version <> 1") == 0)
        }
    }

    @Test func aTenantsRowsReferenceRowsOfTheSameTenant() async throws {
        let schema = try Self.schema(Self.tenants)
        try await Self.withDatabase(schema) { db in
            try await db.seed(schema, rows: 300, seed: 5)
            #expect(try await Self.count(db, "SELECT count(*) FROM tasks") == 300)
            let mixed = "SELECT count(*) FROM tasks t JOIN projects p ON p.id = t.project_id WHERE p.account_id <> t.account_id"
            #expect(try await Self.count(db, mixed) == 0)
        }
    }

    @Test func theSameSeedGivesByteIdenticalRowsAndAnotherSeedOthers() async throws {
        let schema = try Self.schema(Self.league)
        func dump(_ seed: UInt64) async throws -> String {
            try await Self.withDatabase(schema) { db in
                try await db.seed(schema, rows: 150, seed: seed)
                return try await db.query(SQL(
                    "SELECT (SELECT string_agg(t::text, E'\\n' ORDER BY id) FROM teams t) || (SELECT string_agg(p::text, E'\\n' ORDER BY id) FROM people p)"),
                    as: String.self)[0]
            }
        }
        let first = try await dump(1)
        #expect(first.count > 10_000)
        #expect(try await dump(1) == first)
        #expect(try await dump(2) != first)
    }

    @Test func aPatternItCannotGenerateFromIsReportedBeforeAnythingIsWritten() async throws {
        let schema = try Self.schema("""
            tables:
              codes:
                columns:
                  id:   { type: bigint, primary_key: true, identity: true }
                  code: { type: text, validate: { pattern: "^(?=.*[0-9])[a-z0-9]+$" } }
            """)
        try await Self.withDatabase(schema) { db in
            let error = try await #require(throws: SeedError.self) { try await db.seed(schema, rows: 10) }
            let problem = try #require(error.problems.first)
            #expect(problem.subject == "codes.code")
            #expect(problem.rule == "pattern ^(?=.*[0-9])[a-z0-9]+$")
            #expect(problem.reason.contains("lookaround"))
            #expect(!problem.fix.isEmpty)
            #expect(try await Self.count(db, "SELECT count(*) FROM codes") == 0)
        }
    }

    @Test func aCheckItCannotMeetNamesTheConstraintAndRollsBackEarlierTables() async throws {
        let schema = try Self.schema("""
            tables:
              owners:
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
              pairs:
                columns:
                  id:       { type: bigint, primary_key: true, identity: true }
                  owner_id: { type: bigint, references: owners.id }
                  x:        integer
                  y:        integer
                checks: [{ name: same_twice, sql: "x = y AND x * 2 = y + 1" }]
            """)
        try await Self.withDatabase(schema) { db in
            let error = try await #require(throws: SeedError.self) { try await db.seed(schema, rows: 20) }
            let problem = try #require(error.problems.first)
            #expect(problem.subject == "pairs")
            #expect(problem.rule.contains("CHECK same_twice"))
            #expect("\(error)".contains("nothing was inserted"))
            #expect(try await Self.count(db, "SELECT count(*) FROM owners") == 0)
        }
    }

    @Test func aCheckBeyondItsReadingIsNotedAndTheDatabaseRefusalRollsBack() async throws {
        let schema = try Self.schema("""
            tables:
              owners:
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
              tags:
                columns:
                  id:       { type: bigint, primary_key: true, identity: true }
                  owner_id: { type: bigint, references: owners.id }
                  label:    { type: text, check: "label ~ '^[0-9]+$'" }
            """)
        try await Self.withDatabase(schema) { db in
            let error = try await #require(throws: SeedError.self) { try await db.seed(schema, rows: 20) }
            #expect(error.table == "tags")
            #expect(error.databaseError?.sqlState == "23514")
            #expect(error.databaseError?.constraint == "tags_label_check")
            #expect("\(error)".contains("constraint tags_label_check"))
            #expect(try await Self.count(db, "SELECT count(*) FROM owners") == 0)
        }
    }

    @Test func aCycleOfNotNullKeysIsReportedWithTheFix() throws {
        let schema = try Self.schema("""
            tables:
              a:
                columns:
                  id:   { type: bigint, primary_key: true, identity: true }
                  b_id: { type: bigint, references: b.id }
              b:
                columns:
                  id:   { type: bigint, primary_key: true, identity: true }
                  a_id: { type: bigint, references: a.id }
            """)
        let plan = SeedPlan(schema: schema, options: SeedOptions()).problems
        #expect(plan.count == 1)
        #expect(plan.first?.rule == "foreign keys in a cycle")
        #expect(plan.first?.fix.contains("nullable") == true)
    }
}
