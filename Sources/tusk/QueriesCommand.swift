import ArgumentParser
import Foundation
import TuskCodegen
import TuskMigrations
import TuskSchema
import TuskTesting

/// `tusk queries`: prepares the named queries of the `.sql` files beside schema.yaml on a
/// throwaway server built from the schema and writes what it learnt to Generated/queries.json,
/// from which the build plugin generates `Queries.<name>(...)`.
struct QueriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries",
        abstract: "Describe the typed SQL files (*.sql beside schema.yaml) into Generated/queries.json.",
        discussion: """
            Each query starts with '-- name: QueryName :many' (or :one, :exec, :execrows) and takes \
            @name parameters. Every query is prepared on a throwaway PostgreSQL server (TuskTesting) \
            that holds the schema; the parameters' and result columns' types and nullability are \
            recorded (a result column is NOT NULL only when it comes straight from a NOT NULL table \
            column; write AS "name?" or AS "name!" to say otherwise). A query the server refuses is \
            reported as file.sql:LINE:COL with the server's message. With --check nothing is written \
            and the command exits 1 when Generated/queries.json is not what it would write (for CI).
            """)

    @OptionGroup var schema: SchemaFileArgument

    @Option(help: "The directory holding queries.json.")
    var generated: String = "Generated"

    @Flag(help: "Write nothing; exit 1 when a query or the schema changed without `tusk queries`, or a query no longer prepares.")
    var check = false

    func run() async throws {
        let schemaFile = try schema.path()
        let loaded = try schema.load()
        let sources = try QuerySources.read(besideSchema: URL(fileURLWithPath: schemaFile))
        let catalogFile = URL(fileURLWithPath: generated).appendingPathComponent(QueryCatalog.fileName)
        let written = try? Data(contentsOf: catalogFile)
        if sources.queries.isEmpty && written == nil {
            Console.output("No typed SQL files beside \(schemaFile): nothing to describe.\n")
            return
        }
        let described = try await QueryDescriber(schema: loaded).describe(sources)
        let catalog = QueryCatalog(
            sourcesHash: sources.hash, schemaHash: SHA256.hex(Array(try SchemaSnapshot.encode(loaded))), queries: described)
        let bytes = try catalog.encoded()
        if check {
            guard bytes != written else {
                Console.output("\(catalogFile.relativePath) is up to date (\(described.count) queries).\n")
                return
            }
            let recorded = written.flatMap { try? QueryCatalog.decode($0) }
            let why = recorded == nil ? "is missing or unreadable"
                : recorded?.sourcesHash != catalog.sourcesHash ? "is older than the .sql files"
                : recorded?.schemaHash != catalog.schemaHash ? "was written for another schema"
                : "does not match what the server says of the queries"
            Console.error("error: \(catalogFile.relativePath) \(why): run `tusk queries` and commit it")
            throw ExitCode.failure
        }
        if bytes != written {
            try FileManager.default.createDirectory(at: catalogFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: catalogFile, options: Data.WritingOptions.atomic)
        }
        Console.output("Wrote \(catalogFile.relativePath): \(described.count) queries.\n")
    }
}
