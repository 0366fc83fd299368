import Testing
import TuskMigrations
import TuskSchema

/// `distribution:` in the SQL, exactly: Citus cannot be installed here, so the statements are
/// pinned as text. A schema without `distribution:` emits none of them (the root schema's
/// golden script and every catalog test guard that).
@Suite struct CitusDDLTests {
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
