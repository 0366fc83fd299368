import Testing
@testable import TuskSchema

@Suite struct PostgresNamesTests {
    @Test func defaultNamesMatchPostgres() {
        #expect(PostgresNames.primaryKeyName(table: "users") == "users_pkey")
        #expect(PostgresNames.uniqueConstraintName(table: "documents", columns: ["user_id", "title"]) == "documents_user_id_title_key")
        #expect(PostgresNames.foreignKeyName(table: "documents", columns: ["user_id"]) == "documents_user_id_fkey")
        #expect(PostgresNames.checkName(table: "users", column: "plan") == "users_plan_check")
        #expect(PostgresNames.checkName(table: "memory_links", column: nil) == "memory_links_check")
        #expect(PostgresNames.indexName(table: "documents", columns: ["user_id"]) == "documents_user_id_idx")
    }

    @Test func conflictsGetANumber() {
        let taken: Set = ["t_a_idx", "t_a_idx1"]
        #expect(PostgresNames.indexName(table: "t", columns: ["a"], taken: taken) == "t_a_idx2")
    }

    @Test func longNamesAreTruncatedLikePostgres() {
        // PostgreSQL: CREATE TABLE with a 60-char name and a 30-char column, unique -> shortens the longer part first.
        let table = String(repeating: "t", count: 60)
        let column = String(repeating: "c", count: 30)
        let name = PostgresNames.uniqueConstraintName(table: table, columns: [column])
        #expect(name.utf8.count == 63)
        #expect(name == String(repeating: "t", count: 29) + "_" + String(repeating: "c", count: 29) + "_key")
    }

    @Test func clippingNeverSplitsACharacter() {
        let clipped = PostgresNames.clip("ééé", toBytes: 5)
        #expect(clipped == "éé")
    }

    @Test func quoting() {
        #expect(PostgresNames.quoteIdentifier("users") == "users")
        #expect(PostgresNames.quoteIdentifier("default") == "\"default\"")
        #expect(PostgresNames.quoteIdentifier("Mixed") == "\"Mixed\"")
        #expect(PostgresNames.quoteIdentifier("a\"b") == "\"a\"\"b\"")
    }
}

@Suite struct SQLTypeParsingTests {
    @Test(arguments: [
        ("int", "integer"), ("int4", "integer"), ("int8", "bigint"), ("float8", "double precision"),
        ("bool", "boolean"), ("varchar(255)", "varchar(255)"), ("numeric(3,2)", "numeric(3,2)"),
        ("text[]", "text[]"), ("timestamp with time zone", "timestamptz"), ("character varying(20)", "varchar(20)"),
        ("char", "char(1)"), ("vector(3)", "vector(3)"), ("memory_tier[]", "memory_tier[]"),
        ("float", "double precision"), ("float(24)", "real"), ("float(25)", "double precision"), ("dec(5,1)", "numeric(5,1)"),
    ])
    func canonicalSpelling(written: String, canonical: String) throws {
        let parsed = try SQLType.parse(written, enumNames: ["memory_tier"]).get()
        #expect(parsed.type.sql == canonical)
    }

    @Test func serialImpliesIdentity() throws {
        let parsed = try SQLType.parse("bigserial", enumNames: []).get()
        #expect(parsed.type == .bigint)
        #expect(parsed.impliesIdentity)
    }

    @Test func badParameters() {
        #expect(throws: SQLTypeParseError.self) { try SQLType.parse("varchar(0)", enumNames: []).get() }
        #expect(throws: SQLTypeParseError.self) { try SQLType.parse("numeric(2,5)", enumNames: []).get() }
        #expect(throws: SQLTypeParseError.self) { try SQLType.parse("vector", enumNames: []).get() }
        #expect(throws: SQLTypeParseError.badParameter(type: "float(54)", message: "float takes one precision in bits between 1 and 53, e.g. float(53) (double precision) or float(24) (real)")) {
            try SQLType.parse("float(54)", enumNames: []).get()
        }
    }

    @Test func unknownTypeSuggestsTheClosest() {
        #expect(SQLType.parse("timestamptzz", enumNames: []) == .failure(.unknownType("timestamptzz", suggestion: "timestamptz")))
    }
}
