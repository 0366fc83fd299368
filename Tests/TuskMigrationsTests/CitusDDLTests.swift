import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// `distribution:` in the SQL, exactly: Citus cannot be installed here, so the statements are
/// pinned as text. A schema without `distribution:` emits none of them (the root schema's
/// golden script and every catalog test guard that). On a real PostgreSQL server the script
/// runs against stand-ins with Citus' signatures that record each call.
@Suite struct CitusDDLTests {
    /// Citus' three functions with their parameter names and types (`distribution_type` is an
    /// enum in Citus, text here), recording each call with the table as the server resolved it.
    static let citusStandIns = """
        CREATE TABLE citus_calls (n serial PRIMARY KEY, call text NOT NULL);
        CREATE FUNCTION create_distributed_table(table_name regclass, distribution_column text,
            distribution_type text DEFAULT 'hash', colocate_with text DEFAULT 'default', shard_count int DEFAULT NULL)
            RETURNS void LANGUAGE sql AS $$
            INSERT INTO citus_calls (call) VALUES ('distributed ' || table_name::text || ' by ' || distribution_column
                || ' with ' || CASE colocate_with WHEN 'default' THEN 'default' ELSE colocate_with::regclass::text END) $$;
        CREATE FUNCTION create_reference_table(table_name regclass) RETURNS void LANGUAGE sql AS $$
            INSERT INTO citus_calls (call) VALUES ('reference ' || table_name::text) $$;
        CREATE FUNCTION undistribute_table(table_name regclass, cascade_via_foreign_keys boolean DEFAULT false)
            RETURNS void LANGUAGE sql AS $$
            INSERT INTO citus_calls (call) VALUES ('undistribute ' || table_name::text) $$;
        """

    static let schema = """
        tables:
          accounts:
            tenant: id
            distribution: { column: id }
            columns:
              id: { type: bigint, primary_key: true }
              name: text
          countries:
            distribution: reference
            columns:
              code: { type: text, primary_key: true }
          projects:
            tenant: account_id
            distribution: { column: account_id, colocate_with: accounts }
            primary_key: [account_id, id]
            indexes:
              - { columns: [account_id, country_code] }
            columns:
              account_id: { type: bigint, references: accounts.id }
              id: bigint
              country_code: { type: text, references: countries.code }
          "Mixed Case":
            distribution: reference
            columns:
              id: { type: bigint, primary_key: true }
        """

    @Test func createScriptDistributesAfterTablesAndIndexesThenAddsForeignKeys() throws {
        let sql = SchemaDDL.createScript(for: try Fixtures.yaml(Self.schema))
        #expect(sql == """
            CREATE TABLE "Mixed Case" (
                id bigint NOT NULL,
                CONSTRAINT "Mixed Case_pkey" PRIMARY KEY (id)
            );

            CREATE TABLE accounts (
                id bigint NOT NULL,
                name text NOT NULL,
                CONSTRAINT accounts_pkey PRIMARY KEY (id)
            );

            CREATE TABLE countries (
                code text NOT NULL,
                CONSTRAINT countries_pkey PRIMARY KEY (code)
            );

            CREATE TABLE projects (
                account_id bigint NOT NULL,
                id bigint NOT NULL,
                country_code text NOT NULL,
                CONSTRAINT projects_pkey PRIMARY KEY (account_id, id)
            );

            CREATE INDEX projects_account_id_country_code_idx ON projects (account_id, country_code);

            SELECT create_reference_table('"Mixed Case"');

            SELECT create_reference_table('countries');

            SELECT create_distributed_table('accounts', 'id');

            SELECT create_distributed_table('projects', 'account_id', colocate_with => 'accounts');

            ALTER TABLE projects ADD CONSTRAINT projects_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);

            ALTER TABLE projects ADD CONSTRAINT projects_country_code_fkey FOREIGN KEY (country_code) REFERENCES countries (code);

            """)
    }

    @Test func scriptRunsOnPostgresAgainstStandInsUpThenDown() async throws {
        let plan = MigrationPlanner.createPlan(for: try Fixtures.yaml(Self.schema))
        try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: Self.citusStandIns))
            try await db.execute(SQLScript(unsafeRaw: plan.upSQL()))
            let tables = try await db.query("SELECT count(*) FROM pg_class WHERE relname IN ('accounts', 'countries', 'projects', 'Mixed Case')")
            #expect(tables == [["4"]])
            let keys = try await db.query("SELECT conname FROM pg_constraint WHERE contype = 'f' ORDER BY conname")
            #expect(keys == [["projects_account_id_fkey"], ["projects_country_code_fkey"]])
            try await db.execute(SQLScript(unsafeRaw: plan.downSQL()))
            let calls = try await db.query("SELECT call FROM citus_calls ORDER BY n")
            #expect(calls.map { $0[0] ?? "" } == [
                "reference \"Mixed Case\"", "reference countries",
                "distributed accounts by id with default", "distributed projects by account_id with accounts",
                "undistribute projects", "undistribute accounts", "undistribute countries", "undistribute \"Mixed Case\"",
            ])
            #expect(try await db.query("SELECT count(*) FROM pg_class WHERE relname = 'projects'") == [["0"]])
        }
    }

    @Test func downUndistributesBeforeDroppingInReverse() throws {
        let plan = MigrationPlanner.createPlan(for: try Fixtures.yaml(Self.schema))
        let down = plan.downSQL()
        #expect(down.contains("""
            SELECT undistribute_table('projects');

            SELECT undistribute_table('accounts');

            SELECT undistribute_table('countries');

            SELECT undistribute_table('"Mixed Case"');

            DROP INDEX projects_account_id_country_code_idx;
            """))
        let dropFK = try #require(down.range(of: "DROP CONSTRAINT projects_country_code_fkey"))
        let undistribute = try #require(down.range(of: "undistribute_table('projects')"))
        #expect(dropFK.lowerBound < undistribute.lowerBound)
    }

    /// `events`, with `distribution: <declaration>` when given, and optionally a plain `keep` table.
    static func events(_ declaration: String?, keep: Bool = false) throws -> Schema {
        var yaml = "tables:\n  events:\n"
        if let declaration { yaml += "    distribution: \(declaration)\n" }
        yaml += "    columns:\n      id: { type: bigint, primary_key: true }\n"
        if keep { yaml += "  keep:\n    columns:\n      id: { type: bigint, primary_key: true }\n" }
        return try Fixtures.yaml(yaml)
    }

    @Test func changingADeclarationUndistributesAndRedistributesBothWays() throws {
        let before = try Self.events(nil)
        let reference = try Self.events("reference")
        let distributed = try Self.events("{ column: id }")
        let add = MigrationPlanner.plan(from: before, to: reference)
        #expect(add.upSQL() == "SELECT create_reference_table('events');\n")
        #expect(add.downSQL() == "SELECT undistribute_table('events');\n")
        let change = MigrationPlanner.plan(from: reference, to: distributed)
        #expect(change.upSQL() == "SELECT undistribute_table('events');\nSELECT create_distributed_table('events', 'id');\n")
        #expect(change.downSQL() == "SELECT undistribute_table('events');\nSELECT create_reference_table('events');\n")
        let remove = MigrationPlanner.plan(from: distributed, to: before)
        #expect(remove.upSQL() == "SELECT undistribute_table('events');\n")
        #expect(remove.downSQL() == "SELECT create_distributed_table('events', 'id');\n")
        #expect(MigrationPlanner.plan(from: distributed, to: distributed).isEmpty)
    }

    @Test func droppedDistributedTableIsRedistributedByTheDown() throws {
        let plan = MigrationPlanner.plan(from: try Self.events("{ column: id }", keep: true), to: try Fixtures.yaml("""
            tables:
              keep:
                columns:
                  id: { type: bigint, primary_key: true }
            """))
        #expect(plan.upSQL() == "DROP TABLE events;\n")
        #expect(plan.downSQL().hasSuffix("SELECT create_distributed_table('events', 'id');\n"))
    }
}
