import Foundation
import Testing
import TuskMigrations
import TuskSchema

/// The expand/contract planner and generator without a database: the SQL each half writes, the
/// files and their markers, and every refusal with its message.
@Suite struct ExpandContractPlanTests {
    func parse(_ yaml: String) throws -> Schema { try SchemaLoader.parse(yaml: yaml, fileName: "schema.yaml") }

    static let before = schema(table("users", Evolutions.id, "name: text", "age: integer?"))
    static let renamed = schema(table("users", Evolutions.id, "full_name: { type: text, renamed_from: name }", "age: integer?"))

    @Test func renameWritesColumnTriggerBatchedBackfillAndValidation() throws {
        let plan = try ExpandContractPlanner.plan(from: parse(Self.before), to: parse(Self.renamed), batchSize: 500)
        #expect(plan.columns == ["users.full_name"])
        #expect(plan.expand.steps.map(\.summary) == [
            "expand users.name into users.full_name text, kept in step by trigger users_full_name_sync",
            "backfill users.full_name from users.name in batches of 500 rows",
            "validate check users_full_name_not_null on users",
        ])
        let up = plan.expand.upSQL()
        for expected in [
            "ALTER TABLE users ADD COLUMN full_name text;",
            "ALTER TABLE users ADD CONSTRAINT users_full_name_not_null CHECK (full_name IS NOT NULL) NOT VALID;",
            "IF NEW.full_name IS NULL THEN NEW.full_name := NEW.name; ELSE NEW.name := NEW.full_name; END IF;",
            "CREATE TRIGGER users_full_name_sync BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_full_name_sync();",
            "WITH keys AS (SELECT id FROM users ORDER BY id LIMIT 500),",
            "WITH keys AS (SELECT id FROM users WHERE (id) > (_tusk_key_1) ORDER BY id LIMIT 500),",
            "touched AS (UPDATE users SET name = users.name FROM keys WHERE users.id = keys.id)",
            "COMMIT;",
            "ALTER TABLE users VALIDATE CONSTRAINT users_full_name_not_null;",
        ] {
            #expect(up.contains(expected), "\(expected)\n---\n\(up)")
        }
        #expect(plan.expand.steps.map(\.isTransactional) == [true, false, true])
        #expect(plan.expand.segments.count == 3, "the backfill runs alone, outside a transaction")
        #expect(plan.expand.downSQL().contains("DROP TRIGGER users_full_name_sync ON users;\nDROP FUNCTION users_full_name_sync();\nALTER TABLE users DROP COLUMN full_name;"))
        #expect(plan.contract.upSQL() == """
            ALTER TABLE users ALTER COLUMN full_name SET NOT NULL;
            ALTER TABLE users DROP CONSTRAINT users_full_name_not_null;
            DROP TRIGGER users_full_name_sync ON users;
            DROP FUNCTION users_full_name_sync();
            ALTER TABLE users DROP COLUMN name;

            """)
        #expect(plan.contract.hazards.map(\.code) == [.renameBreaksClients])
        #expect(plan.contract.downSQL().contains("UPDATE users SET full_name = full_name;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;"))
    }

    @Test func sameNameTypeChangeUsesAWindowColumnRenamedAtTheContract() throws {
        let plan = try ExpandContractPlanner.plan(
            from: parse(Self.before), to: parse(schema(table("users", Evolutions.id, "name: text", "age: bigint?"))))
        #expect(plan.expand.upSQL().contains("ALTER TABLE users ADD COLUMN age_tusk_new bigint;"))
        #expect(plan.expand.upSQL().contains("NEW.age_tusk_new := CAST(NEW.age AS bigint)"))
        #expect(plan.expand.upSQL().contains("NEW.age := CAST(NEW.age_tusk_new AS integer)"))
        #expect(plan.contract.upSQL().hasSuffix("ALTER TABLE users DROP COLUMN age;\nALTER TABLE users RENAME COLUMN age_tusk_new TO age;\n"))
    }

    @Test func declaredConversionsAreUsedBothWays() throws {
        let after = schema(table("users", Evolutions.id, "name: text", "age: { type: text, using: \"(age * 12)::text\", reverse_using: \"(age::integer / 12)\" }"))
        let up = try ExpandContractPlanner.plan(from: parse(Self.before), to: parse(after)).expand.upSQL()
        #expect(up.contains("NEW.age_tusk_new := ((NEW.age * 12)::text)"))
        #expect(up.contains("NEW.age := ((NEW.age_tusk_new::integer / 12))"))
        // The normal mode's down uses reverse_using too (instead of the cast back).
        let plain = MigrationPlanner.plan(from: try parse(Self.before), to: try parse(after))
        #expect(plain.downSQL().contains("ALTER TABLE users ALTER COLUMN age TYPE integer USING (age::integer / 12);"))
    }

    @Test func refusals() throws {
        let before = try parse(Self.before)
        func refusal(_ after: String) throws -> ExpandContractError? {
            do { _ = try ExpandContractPlanner.plan(from: before, to: parse(after)); return nil } catch let error as ExpandContractError { return error }
        }
        #expect(try refusal(schema(table("users", Evolutions.id, "name: text", "age: integer?", "email: text?"))) == .nothingToExpand)
        #expect(try refusal(schema(table("users", Evolutions.id, "full_name: { type: text, renamed_from: name }", "age: integer?", "email: text?")))
            == .otherChanges(["add column users.email"]))
        #expect(try refusal(schema(table("users", "key: { type: integer, primary_key: true, renamed_from: id }", "name: text", "age: integer?")))
            == .unsupported(column: "users.key", reason: "the primary key uses it; expand/contract moves a column alone: change that in a normal migration before or after"))
        #expect(try refusal(schema(table("users", Evolutions.id, "full_name: { type: text, renamed_from: name }", "age: bigint?",
                                         extra: "checks: [{ name: sane, sql: \"age < length(full_name)\" }]")))
            == .unsupported(column: "users.full_name", reason: "check sane also names another moved column; move one column at a time"))
        #expect(try refusal(schema(table("users", Evolutions.id, "name: text", "age: { type: text, using: \"age::text || ' years'\" }")))
            == .noReverseConversion(column: "users.age", from: "text", to: "integer"))
        #expect(try refusal(schema(table("users", Evolutions.id, "name: text", "age: uuid?")))
            == .noConversion(column: "users.age", from: "integer", to: "uuid", key: "using"))
        #expect("\(ExpandContractError.noReverseConversion(column: "users.age", from: "text", to: "integer"))".contains("declare `reverse_using: \"SQL\"`"))
        #expect(throws: ExpandContractError.badBatchSize(0)) {
            try ExpandContractPlanner.plan(from: before, to: try parse(Self.renamed), batchSize: 0)
        }
    }

    @Test func generatorWritesExpandFilesAndAMarkedContractThenRefusesASecondExpand() throws {
        let before = try parse(Self.before), after = try parse(Self.renamed)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let generated = try #require(try MigrationGenerator.generateExpandContract(name: "rename_name", from: before, to: after, existing: [], now: now))
        #expect(generated.files.map(\.id) == [
            "20270115080000_rename_name_expand_1", "20270115080001_rename_name_expand_2", "20270115080002_rename_name_expand_3",
            "20270115080003_rename_name_contract",
        ])
        #expect(generated.files[1].text.contains(MigrationFile.noTransactionMarker))
        #expect(generated.files[3].text.contains("--\n-- tusk:contract users.full_name\n"))
        #expect(generated.schema == after, "the snapshot is the contracted schema")
        let sources = try generated.files.map { try MigrationSource(fileName: $0.fileName, contents: $0.text) }
        #expect(sources.map(\.isContract) == [false, false, false, true])

        // Changing full_name again while its contract is the newest migration is refused.
        let existing = generated.files.map { (name: $0.fileName, contents: $0.text) }
        let retyped = try parse(schema(table("users", Evolutions.id, "full_name: varchar(200)", "age: integer?")))
        #expect(throws: ExpandContractError.alreadyExpanding(column: "users.full_name", contract: "20270115080003_rename_name_contract.sql")) {
            try MigrationGenerator.generateExpandContract(name: "again", from: after, to: retyped, existing: existing, now: now)
        }
        // No changes: nothing written.
        #expect(try MigrationGenerator.generateExpandContract(name: "none", from: after, to: after, existing: existing, now: now) == nil)
    }
}
