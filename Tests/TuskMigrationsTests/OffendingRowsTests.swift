import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// A step that adds NOT NULL, UNIQUE, a primary key, CHECK or a foreign key to a table with rows
/// is flagged in the migration header with the query that lists the rows it fails on. On a real
/// server: with offending rows the query returns exactly them and the migration fails; once
/// they are fixed the query returns none and the migration applies.
@Suite struct OffendingRowsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var after: String
        var code: HazardCode
        var query: String
        var offending: String
        var found: [[String?]]
        var fix: String
        var testDescription: String { name }
    }

    static let columns = """
          id: { type: bigint, primary_key: true }
          email: text?
          age: integer?
          team_id: bigint?

    """

    static func schema(users: String = columns, extra: String = "") -> String {
        "tables:\n  teams:\n    columns:\n      id: { type: bigint, primary_key: true }\n  users:\n    columns:\n" + users + extra
    }

    /// Rows every case accepts: NULLs where a constraint lets them through, a valid team.
    static let clean = """
        INSERT INTO teams (id) VALUES (1);
        INSERT INTO users (id, email, age, team_id) VALUES (1, 'ann@example.com', 30, 1), (2, 'bob@example.com', NULL, NULL), (3, NULL, NULL, NULL);
        """

    static let cases: [Case] = [
        Case(name: "not null", after: schema(users: columns.replacingOccurrences(of: "email: text?", with: "email: text")), code: .setNotNull,
             query: "SELECT id FROM users WHERE email IS NULL LIMIT 10;",
             offending: "", found: [["3"]], fix: "UPDATE users SET email = 'cy@example.com' WHERE id = 3;"),
        Case(name: "unique", after: schema(users: columns.replacingOccurrences(of: "email: text?", with: "email: { type: text, nullable: true, unique: true }")),
             code: .failsOnExistingRows,
             query: "SELECT email, count(*) FROM users WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1 LIMIT 10;",
             offending: "INSERT INTO users (id, email) VALUES (4, 'ann@example.com'), (5, NULL);",
             found: [["ann@example.com", "2"]], fix: "DELETE FROM users WHERE id = 4;"),
        Case(name: "partial unique index", after: schema(extra: "    indexes:\n      - { columns: [email], unique: true, where: \"age > 18\" }\n"),
             code: .failsOnExistingRows,
             query: "SELECT email, count(*) FROM users WHERE email IS NOT NULL AND (age > 18) GROUP BY email HAVING count(*) > 1 LIMIT 10;",
             offending: "INSERT INTO users (id, email, age) VALUES (4, 'ann@example.com', 40), (5, 'ann@example.com', 12);",
             found: [["ann@example.com", "2"]], fix: "UPDATE users SET age = 17 WHERE id = 4;"),
        Case(name: "composite unique", after: schema(extra: "    unique: [[email, team_id]]\n"), code: .failsOnExistingRows,
             query: "SELECT email, team_id, count(*) FROM users WHERE email IS NOT NULL AND team_id IS NOT NULL GROUP BY email, team_id HAVING count(*) > 1 LIMIT 10;",
             offending: "INSERT INTO users (id, email, team_id) VALUES (4, 'ann@example.com', 1), (5, 'ann@example.com', NULL);",
             found: [["ann@example.com", "1", "2"]], fix: "DELETE FROM users WHERE id = 4;"),
        Case(name: "check", after: schema(extra: "    checks: [{ name: adult, sql: \"age >= 18\" }]\n"), code: .failsOnExistingRows,
             query: "SELECT id, age FROM users WHERE NOT (age >= 18) LIMIT 10;",
             offending: "INSERT INTO users (id, age) VALUES (4, 12);", found: [["4", "12"]], fix: "UPDATE users SET age = 18 WHERE id = 4;"),
        Case(name: "check on a renamed column", after: schema(
                users: columns.replacingOccurrences(of: "age: integer?", with: "years: { type: integer, nullable: true, renamed_from: age, check: \"years >= 18\" }")),
             code: .failsOnExistingRows,
             query: "SELECT id, age FROM users WHERE NOT (age >= 18) LIMIT 10;",
             offending: "INSERT INTO users (id, age) VALUES (4, 12);", found: [["4", "12"]], fix: "DELETE FROM users WHERE id = 4;"),
        Case(name: "foreign key", after: schema(users: columns.replacingOccurrences(of: "team_id: bigint?", with: "team_id: { type: bigint, nullable: true, references: teams.id }")),
             code: .failsOnExistingRows,
             query: "SELECT c.id, c.team_id FROM users AS c WHERE c.team_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM teams AS p WHERE p.id = c.team_id) LIMIT 10;",
             offending: "INSERT INTO users (id, team_id) VALUES (4, 99);", found: [["4", "99"]], fix: "INSERT INTO teams (id) VALUES (99);"),
        Case(name: "foreign key to a table the migration creates", after: schema(
                users: columns.replacingOccurrences(of: "team_id: bigint?", with: "team_id: { type: bigint, nullable: true, references: squads.id }"))
                + "  squads:\n    columns:\n      id: { type: bigint, primary_key: true }\n",
             code: .failsOnExistingRows,
             query: "SELECT c.id, c.team_id FROM users AS c WHERE c.team_id IS NOT NULL LIMIT 10;",
             offending: "", found: [["1", "1"]], fix: "UPDATE users SET team_id = NULL;"),
        Case(name: "not null column without a default", after: schema(extra: "").replacingOccurrences(of: "team_id: bigint?\n", with: "team_id: bigint?\n      role: text\n"),
             code: .notNullWithoutDefault,
             query: "SELECT id FROM users LIMIT 10;",
             offending: "DELETE FROM users WHERE id > 1;", found: [["1"]], fix: "DELETE FROM users;"),
    ]

    static func hazard(_ testCase: Case, online: Bool = false) throws -> (MigrationPlan, Hazard) {
        let before = try SchemaLoader.parse(yaml: schema(), fileName: "before.yaml")
        let after = try SchemaLoader.parse(yaml: testCase.after, fileName: "after.yaml")
        let plan = MigrationPlanner.plan(from: before, to: after, options: PlanOptions(online: online))
        let hazards = plan.hazards.filter { $0.offendingRowsQuery != nil }
        #expect(hazards.count == 1, "\(plan.hazards)")
        return (plan, try #require(hazards.first))
    }

    /// On PostgreSQL 15 and 16.
    @Test(arguments: cases, PostgresFlavor.allCases)
    func theQueryListsTheRowsTheStepFailsOn(_ testCase: Case, flavor: PostgresFlavor) async throws {
        let (plan, hazard) = try Self.hazard(testCase)
        #expect(hazard.code == testCase.code)
        #expect(hazard.offendingRowsQuery == testCase.query)
        let query = SQLScript(unsafeRaw: testCase.query)
        let up = SQLScript(unsafeRaw: plan.upSQL())
        try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: SchemaLoader.parse(yaml: Self.schema(), fileName: "before.yaml"))))
            try await db.execute(SQLScript(unsafeRaw: Self.clean))
            try await db.execute(SQLScript(unsafeRaw: testCase.offending))
            #expect(try await db.query(query) == testCase.found)
            // An integrity violation (SQLSTATE class 23): these are the rows the step fails on.
            let failure = await #expect(throws: (any Error).self) { try await db.execute(up) }
            #expect(failure.map { "\($0)".contains("[23") } == true, "\(String(describing: failure))")
            try await db.execute(SQLScript(unsafeRaw: testCase.fix))
            #expect(try await db.query(query) == [])
            try await db.execute(up)
        }
    }

    /// Online, the query goes with the step that checks the rows (VALIDATE, or the unique index
    /// built concurrently), so it heads the file that would fail.
    @Test func onlineTheQueryHeadsTheFileThatChecksTheRows() throws {
        let testCase = try #require(Self.cases.first { $0.name == "foreign key" })
        let (plan, _) = try Self.hazard(testCase, online: true)
        let validating = try #require(plan.segments.last)
        #expect(validating.steps.map(\.summary) == ["validate foreign key users_team_id_fkey on users"])
        let file = MigrationFile(id: "20260101000000_team", plan: validating)
        #expect(file.text.contains("""
            --   TK208 fails-on-existing-rows: adds foreign key users_team_id_fkey to existing table users; it fails if a row's team_id has no match in teams (id). \
            \(HazardCode.failsOnExistingRows.advice)
            --     rows that make it fail: \(testCase.query)
            """))
    }

    /// A constraint on a column the same migration adds has no rows to list yet: no query
    /// that would fail on the old database is printed.
    @Test func aConstraintOnANewColumnGetsNoQuery() throws {
        let before = try SchemaLoader.parse(yaml: Self.schema(), fileName: "before.yaml")
        let after = try SchemaLoader.parse(yaml: Self.schema(users: Self.columns + "      code: { type: text, nullable: true, unique: true }\n"), fileName: "after.yaml")
        let plan = MigrationPlanner.plan(from: before, to: after)
        #expect(plan.hazards.contains { $0.code == .failsOnExistingRows })
        #expect(plan.hazards.allSatisfy { $0.offendingRowsQuery == nil })
    }
}
