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
        discussion: """
            Reads pg_catalog (DATABASE_URL or PG* variables, or --database-url). Names PostgreSQL would choose are left out; \
            loading the output builds the same catalog for everything Tusk manages. What the schema language cannot say \
            (functions, triggers, views, partitions, other schemas, ...) is listed on stderr, one object a line, with a \
            summary line; the exit status is 0 unless --strict is given and something was left out.
            """)

    @Option(help: "The database URL or conninfo; default: DATABASE_URL, else the PG* variables.")
    var databaseURL: String?

    @Flag(help: "Exit with status 1 when anything was left out or kept in another form.")
    var strict = false

    /// The loader's diagnostics for the written YAML, as `line:col: message`.
    private func validationProblems(_ yaml: String) -> [String] {
        do {
            _ = try SchemaLoader.parse(yaml: yaml, fileName: "schema.yaml")
            return []
        } catch let error as SchemaError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    func run() async throws {
        var leftOut = 0
        do {
            let configuration = try databaseURL.map { try PostgresConfiguration($0) } ?? PostgresConfiguration.fromEnvironment()
            let connection = try await Connection.connect(configuration)
            let introspection: Introspection
            do {
                introspection = try await CatalogIntrospector.introspect(connection)
                await connection.close()
            } catch {
                await connection.close()
                throw error
            }
            let yaml = SchemaYAMLWriter.render(introspection.schema, header: "Written by `tusk introspect` from database \(configuration.database ?? "?").\nReview names, add swift_name/validate rules, then run `tusk validate`.")
            Console.output(yaml)
            for entry in introspection.report.entries { Console.error("left out: \(entry)") }
            // What `tusk validate` would still refuse (Swift names that clash, say) is said now,
            // with the fix, rather than at the user's next step.
            let problems = validationProblems(yaml)
            for problem in problems { Console.error("to fix: \(problem)") }
            Console.error(introspection.report.summary(for: introspection.schema) + (problems.isEmpty ? "" : "; \(problems.count) to fix before `tusk validate` passes"))
            leftOut = introspection.report.entries.count + problems.count
        } catch {
            Console.error("error: \(error)")
            throw ExitCode.failure
        }
        // Outside the do/catch: the exit code is not an error to print.
        if strict, leftOut > 0 { throw ExitCode.failure }
    }
}
