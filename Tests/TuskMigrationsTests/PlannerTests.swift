import Testing
import TuskMigrations
import TuskSchema

/// The planner on every change kind: the SQL it writes, in order, and the hazards it reports.
@Suite struct PlannerTests {
    @Test(arguments: Evolutions.all)
    func writesTheExpectedSQL(_ evolution: Evolution) throws {
        let plan = try evolution.plan()
        let sql = plan.upSQL()
        var cursor = sql.startIndex
        for statement in evolution.up {
            guard let found = sql.range(of: statement, range: cursor..<sql.endIndex) else {
                Issue.record("missing or out of order: \(statement)\n--- up SQL:\n\(sql)")
                return
            }
            cursor = found.upperBound
        }
        #expect(Set(plan.hazards.map(\.code)) == Set(evolution.hazards), "hazards: \(plan.hazards)")
        #expect(plan.isReversible)
        // Deterministic: the same inputs give the same bytes.
        #expect(try evolution.plan().upSQL() == sql)
        #expect(try evolution.plan().downSQL() == plan.downSQL())
    }

    @Test func identicalSchemasGiveAnEmptyPlan() throws {
        let root = try Fixtures.rootSchema()
        #expect(MigrationPlanner.plan(from: root, to: root).isEmpty)
        // A schema that still says renamed_from after the rename was applied: nothing to do.
        #expect(try Evolutions.all.allSatisfy { e in
            let after = try e.schemas().1
            return MigrationPlanner.plan(from: after, to: after).isEmpty
        })
    }

    @Test func downUndoesInReverseOrder() throws {
        let evolution = Evolutions.tables.first { $0.name.hasPrefix("rename table") }!
        let down = try evolution.plan().downSQL()
        let expected = ["ALTER INDEX documents_title_idx RENAME TO docs_title_idx;", "ALTER TABLE documents RENAME CONSTRAINT documents_pkey TO docs_pkey;",
                        "ALTER SEQUENCE documents_id_seq RENAME TO docs_id_seq;", "ALTER TABLE documents RENAME TO docs;"]
        var cursor = down.startIndex
        for statement in expected {
            let found = try #require(down.range(of: statement, range: cursor..<down.endIndex), "\(statement) in\n\(down)")
            cursor = found.upperBound
        }
    }

    @Test func destructiveStepsAreMarkedAndAnnotated() throws {
        let evolution = Evolutions.columns.first { $0.name == "drop column" }!
        let plan = try evolution.plan()
        #expect(plan.destructiveSteps.map(\.summary) == ["drop column users.bio"])
        #expect(plan.upSQL(annotate: true).contains("-- WARNING (destructive) TK101 drop-column: drops column users.bio and its values\nALTER TABLE users DROP COLUMN bio;"))
    }

    @Test func onlinePlansSplitIntoSegments() throws {
        let evolution = Evolutions.constraints.first { $0.name == "online index and foreign key" }!
        let segments = try evolution.plan().segments
        #expect(segments.map(\.isTransactional) == [false, true, true])
        #expect(segments[0].upSQL() == "CREATE INDEX CONCURRENTLY posts_user_id_idx ON posts (user_id);\n")
        #expect(segments[2].upSQL() == "ALTER TABLE posts VALIDATE CONSTRAINT posts_user_id_fkey;\n")
    }

    @Test func enumValueUsedInTheSameMigrationIsFlagged() throws {
        let before = try Fixtures.yaml("enums:\n  mood: [happy, sad]\ntables:\n  t:\n    columns:\n      id: { type: integer, primary_key: true }\n      m: { type: mood, default: sad }\n")
        let after = try Fixtures.yaml("enums:\n  mood: [happy, sad, calm]\ntables:\n  t:\n    columns:\n      id: { type: integer, primary_key: true }\n      m: { type: mood, default: calm }\n")
        let plan = MigrationPlanner.plan(from: before, to: after)
        #expect(plan.hazards.map(\.code) == [.enumValueUsedInSameMigration])
    }

    @Test func partitioningAnExistingTableIsRefused() throws {
        let before = try Fixtures.yaml(schema(table("logs", "id: bigint", "at: date", "region: text", extra: "primary_key: [id, at]")))
        let after = try Fixtures.yaml(schema(Evolutions.logs("{ range: at, partitions: { all_time: { from: \"2000-01-01\", to: \"3000-01-01\" } } }")))
        let plan = MigrationPlanner.plan(from: before, to: after)
        #expect(plan.hazards.map(\.code) == [.repartition])
        #expect(plan.hazards.first?.message == "table logs is not partitioned and the schema has it by range on at")
        #expect(plan.upSQL().contains("RAISE EXCEPTION 'table logs is not partitioned and the schema has it by range on at: PostgreSQL cannot change a table''s partitioning in place'"))
    }

    @Test func hazardCodesAreStableAndAdvised() {
        #expect(HazardCode.allCases.map(\.rawValue) == ["TK100", "TK101", "TK102", "TK103", "TK104", "TK105", "TK200", "TK201", "TK202", "TK203", "TK204", "TK205", "TK206", "TK207", "TK208", "TK209", "TK210"])
        #expect(HazardCode.allCases.allSatisfy { !$0.advice.isEmpty && $0.isDestructive == $0.rawValue.hasPrefix("TK1") })
    }
}
