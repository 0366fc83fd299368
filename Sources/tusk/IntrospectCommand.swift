import ArgumentParser
import Foundation
import Tusk
import TuskMigrations
import TuskSchema

/// `tusk introspect`: a schema.yaml for an existing database.
struct IntrospectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "introspect",
        abstract: "Print a schema.yaml describing an existing database's public schema.",
        discussion: "Reads pg_catalog (DATABASE_URL or PG* variables, or --database-url). Names PostgreSQL would choose are left out; loading the output builds the same catalog.")

    @Option(help: "The database URL or conninfo; default: DATABASE_URL, else the PG* variables.")
    var databaseURL: String?

    func run() async throws {
        do {
            let configuration = try databaseURL.map { try PostgresConfiguration($0) } ?? PostgresConfiguration.fromEnvironment()
            let connection = try await Connection.connect(configuration)
            let schema: TuskSchema.Schema
            do {
                schema = try await CatalogIntrospector.read(connection)
                await connection.close()
            } catch {
                await connection.close()
                throw error
            }
            Console.output(SchemaYAMLWriter.render(schema, header: "Written by `tusk introspect` from database \(configuration.database ?? "?").\nReview names, add swift_name/validate rules, then run `tusk validate`."))
        } catch {
            Console.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
