import Foundation
import Testing
import TuskCodegen
import TuskSchema

/// The typed functions generated from a queries.json (no database): golden text, and the
/// output type-checks against the runtime together with the schema's own files.
@Suite struct SQLQueriesGeneratorTests {
    static let schemaFile = SnippetGoldenTests.directory.appendingPathComponent("Snippets/enums.yaml")

    /// One query of each kind; enum, array, nullable and keyword-named columns; a parameter used
    /// as a Swift keyword; SQL with a backslash (written as a one-line literal).
    static let catalog = QueryCatalog(sourcesHash: "s", schemaHash: "h", queries: [
        .init(name: "TasksByStatus", command: .many, file: "tasks.sql", line: 1, docs: ["Tasks in a status, newest first."],
              sql: "SELECT id, status, tier AS \"default\", roles\nFROM tasks\nWHERE status = $1\nORDER BY id DESC",
              parameters: [.init(name: "status", type: "job_status")],
              columns: [.init(name: "id", type: "int8", nullable: false), .init(name: "status", type: "job_status", nullable: false),
                        .init(name: "default", type: "tier", nullable: true), .init(name: "roles", type: "message_role[]", nullable: false)]),
        .init(name: "TaskCount", command: .one, file: "tasks.sql", line: 7, docs: [],
              sql: "SELECT count(*) AS n, E'a\\\\b' AS slash FROM tasks", parameters: [],
              columns: [.init(name: "n", type: "int8", nullable: false), .init(name: "slash", type: "text", nullable: true)]),
        .init(name: "Reset", command: .exec, file: "tasks.sql", line: 10, docs: [], sql: "DELETE FROM tasks", parameters: [], columns: []),
        .init(name: "Requeue", command: .execrows, file: "tasks.sql", line: 13, docs: [],
              sql: "UPDATE tasks SET status = 'queued' WHERE id = ANY($1) AND tier IS DISTINCT FROM $2",
              parameters: [.init(name: "ids", type: "int8[]"), .init(name: "in", type: "tier")], columns: []),
    ])

    static func files() throws -> [GeneratedFile] {
        let schema = try SchemaLoader.load(file: schemaFile)
        return try CodeGenerator.generate(schema)
            + [try SQLQueriesGenerator.file(catalog: catalog, schema: schema, access: .internal, sourceName: "schema.yaml")]
    }

    @Test func matchesGoldenFile() throws {
        try Golden.check(Array(try Self.files().suffix(1)), against: "sql-queries")
    }

    @Test func compiles() async throws {
        let result = try await SwiftCompiler.typecheck(try Self.files())
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("warning:"), "\(result.output)")
    }

    @Test func noCatalogGivesAnEmptyFile() throws {
        let schema = try SchemaLoader.load(file: Self.schemaFile)
        let file = try SQLQueriesGenerator.file(catalog: nil, schema: schema, access: .internal, sourceName: "schema.yaml")
        #expect(!file.contents.contains("enum Queries"))
    }

    @Test func aTypeWithoutASwiftTypeNamesTheQueryAndColumn() throws {
        let schema = try SchemaLoader.load(file: Self.schemaFile)
        let catalog = QueryCatalog(sourcesHash: "s", schemaHash: "h", queries: [
            .init(name: "Where", command: .many, file: "geo.sql", line: 4, docs: [], sql: "SELECT point(1, 2) AS p", parameters: [],
                  columns: [.init(name: "p", type: "point", nullable: true)]),
        ])
        #expect(throws: CodegenError(problems: [
            "geo.sql:4 (Where): column p has type point, which Tusk has no Swift type for; cast it in the SQL (e.g. ::text)",
        ])) {
            try SQLQueriesGenerator.file(catalog: catalog, schema: schema, access: .internal, sourceName: "schema.yaml")
        }
    }

    @Test func aParameterNamedLikeTheFunctionsOwnNamesIsAnError() throws {
        let schema = try SchemaLoader.load(file: Self.schemaFile)
        let catalog = QueryCatalog(sourcesHash: "s", schemaHash: "h", queries: [
            .init(name: "Run", command: .exec, file: "r.sql", line: 2, docs: [], sql: "SELECT $1", parameters: [.init(name: "runner", type: "text")], columns: []),
        ])
        let error = #expect(throws: CodegenError.self) {
            try SQLQueriesGenerator.file(catalog: catalog, schema: schema, access: .internal, sourceName: "schema.yaml")
        }
        #expect(error?.problems == ["r.sql:2 (Run): parameter @runner has a name the generated function uses itself (runner, sql, statement); rename it in the SQL"])
    }

    @Test func catalogBytesAreStable() throws {
        let bytes = try Self.catalog.encoded()
        #expect(try QueryCatalog.decode(bytes) == Self.catalog)
        #expect(try QueryCatalog.decode(bytes).encoded() == bytes)
        // Queries are kept in name order whatever order they were found in.
        #expect(Self.catalog.queries.map(\.name) == ["Requeue", "Reset", "TaskCount", "TasksByStatus"])
    }
}
