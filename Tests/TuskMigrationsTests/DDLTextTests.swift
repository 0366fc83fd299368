import Testing
import TuskMigrations
import TuskSchema

/// The CREATE script as text: literal defaults, quoting, dependency order, cycles.
@Suite struct DDLTextTests {
    @Test func literalDefaultsAreTypedAndKeepTheirWrittenForm() {
        #expect(SQLText.defaultExpression(.literal("0.50"), type: .numeric(precision: 3, scale: 2)) == "0.50")
        #expect(SQLText.defaultExpression(.literal("-1"), type: .bigint) == "-1")
        #expect(SQLText.defaultExpression(.literal("true"), type: .boolean) == "true")
        #expect(SQLText.defaultExpression(.literal("{}"), type: .jsonb) == "'{}'::jsonb")
        #expect(SQLText.defaultExpression(.literal("{}"), type: .array(.text)) == "'{}'::text[]")
        #expect(SQLText.defaultExpression(.literal("WORKING"), type: .enumType("memory_tier")) == "'WORKING'::memory_tier")
        #expect(SQLText.defaultExpression(.literal("it's"), type: .varchar(length: 20)) == "'it''s'::varchar")
        #expect(SQLText.defaultExpression(.literal("free"), type: .char(length: 4)) == "'free'::bpchar")
        #expect(SQLText.defaultExpression(.literal("x"), type: .enumType("Odd Name")) == "'x'::\"Odd Name\"")
        #expect(SQLText.defaultExpression(.sql("now()"), type: .timestamptz) == "now()")
    }

    @Test func identifiersAreQuotedOnlyWhenNeeded() throws {
        let schema = try Fixtures.yaml("""
            tables:
              order:
                columns:
                  user: { type: text, primary_key: true }
                  CamelCase: text?
                  plain_name: text?
            """)
        let sql = SchemaDDL.createScript(for: schema)
        #expect(sql.contains("CREATE TABLE \"order\" ("))
        #expect(sql.contains("    \"user\" text NOT NULL,"))
        #expect(sql.contains("    \"CamelCase\" text,"))
        #expect(sql.contains("    plain_name text,"))
        #expect(sql.contains("CONSTRAINT order_pkey PRIMARY KEY (\"user\")"))
    }

    @Test func tablesComeAfterWhatTheyReferenceAndCyclesUseAlterTable() throws {
        let schema = try Fixtures.schema("focused.yaml")
        let sql = SchemaDDL.createScript(for: schema)
        let players = try #require(sql.range(of: "CREATE TABLE players"))
        let teams = try #require(sql.range(of: "CREATE TABLE teams"))
        #expect(players.lowerBound < teams.lowerBound)
        // teams -> players is inline (players exists); players -> teams closes the cycle.
        #expect(sql.contains("CONSTRAINT teams_captain_id_fkey FOREIGN KEY (captain_id) REFERENCES players (id) ON DELETE SET NULL\n);"))
        #expect(sql.hasSuffix("ALTER TABLE players ADD CONSTRAINT players_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE;\n"))
        // A self-reference stays inline.
        #expect(sql.contains("CONSTRAINT players_mentor_id_fkey FOREIGN KEY (mentor_id) REFERENCES players (id)"))
    }

    @Test func rootSchemaScriptIsDeterministicAndOrdered() throws {
        let schema = try Fixtures.rootSchema()
        let sql = SchemaDDL.createScript(for: schema)
        #expect(sql == SchemaDDL.createScript(for: schema))
        let order = ["CREATE EXTENSION IF NOT EXISTS vector;", "CREATE TYPE job_status", "CREATE TABLE users", "CREATE TABLE documents",
                     "CREATE TABLE document_chunks", "CREATE INDEX documents_embedding_idx ON documents USING hnsw (embedding vector_cosine_ops);"]
        let positions = try order.map { try #require(sql.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())
        #expect(sql.contains("CREATE UNIQUE INDEX execution_logs_job_id_happened_on_idx ON execution_logs (job_id, happened_on) WHERE job_id IS NOT NULL;"))
        #expect(sql.contains("COMMENT ON COLUMN audit_log.\"default\" IS 'true when no rule matched and the default applied';"))
    }
}
