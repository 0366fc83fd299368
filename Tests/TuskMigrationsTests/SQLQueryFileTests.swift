import Foundation
import Testing
import TuskMigrations

/// Reading typed SQL files without a database: `-- name:` lines, `@name` parameters by
/// PostgreSQL's lexical rules, and server positions mapped back to the written text.
@Suite struct SQLQueryFileTests {
    @Test func parametersFollowPostgresLexicalRules() throws {
        let text = """
            -- name: Find :many
            SELECT '@no', "@no", $$ @no $$, $tag$ @no $tag$, E'\\' @no', tags @> @tags, doc @@ to_tsquery(@query) -- @no
            FROM t /* @no /* @no */ */ WHERE id = @id OR parent = @id
            """
        let query = try #require(try SQLQueryFile.parse(text, file: "t.sql").queries.first)
        #expect(query.parameterNames == ["tags", "query", "id"])
        #expect(query.sql == """
            SELECT '@no', "@no", $$ @no $$, $tag$ @no $tag$, E'\\' @no', tags @> $1, doc @@ to_tsquery($2) -- @no
            FROM t /* @no /* @no */ */ WHERE id = $3 OR parent = $3
            """)
    }

    @Test func queriesKindsDocsAndTheFinalSemicolon() throws {
        let text = """
            -- Reports.

            -- name: Count :one
            -- How many.
            SELECT count(*) FROM t;

            -- name: Clear :exec
            DELETE FROM t;
            -- name: Bump :execrows
            UPDATE t SET n = n + 1
            """
        let queries = try SQLQueryFile.parse(text, file: "t.sql").queries
        #expect(queries.map(\.name) == ["Count", "Clear", "Bump"])
        #expect(queries.map(\.kind) == [.one, .exec, .execrows])
        #expect(queries.map(\.line) == [3, 7, 9])
        #expect(queries.map(\.sql) == ["SELECT count(*) FROM t", "DELETE FROM t", "UPDATE t SET n = n + 1"])
        #expect(queries[0].docs == ["How many."])
    }

    @Test func layoutProblemsAreAllReportedWithFileLineColumn() {
        let text = """
            SELECT 1;
            -- name: Good :many
            SELECT 1
            -- name: Bad :lots
            SELECT 2
            -- name: Good :one
            SELECT 3
            -- name: Empty :exec
            """
        let error = #expect(throws: SQLQueryFileError.self) { try SQLQueryFile.parse(text, file: "q.sql") }
        #expect(error?.problems.map(\.description) == [
            "q.sql:1:1: error: SQL before the first '-- name: Name :many' line; every query starts with one",
            "q.sql:4:1: error: expected '-- name: QueryName :kind' (kind one of :many, :one, :exec, :execrows), found '-- name: Bad :lots'",
            "q.sql:6:1: error: a second query named Good (the first is at line 2); names must be unique",
            "q.sql:8:1: error: query Empty has no SQL after its -- name: line",
        ])
    }

    /// The server's position counts characters of the text it got (`$1`, not `@long_name`).
    @Test func serverPositionsPointAtTheWrittenText() throws {
        let text = """
            -- name: Q :many
            -- A doc line.
            SELECT @long_parameter_name, 'é', nope
            FROM t
            """
        let query = try #require(try SQLQueryFile.parse(text, file: "q.sql").queries.first)
        let sent = "SELECT $1, 'é', nope\nFROM t"
        #expect(query.sql == sent)
        let nope = sent.distance(from: sent.startIndex, to: sent.range(of: "nope")!.lowerBound) + 1
        #expect(query.location(ofPosition: nope) == "q.sql:3:35")
        #expect(query.location(ofPosition: 8) == "q.sql:3:8")  // inside `$1`: the `@`
        #expect(query.location(ofPosition: sent.count) == "q.sql:4:6")
    }
}
