import ArgumentParser
import TuskMigrations

/// `tusk sql FILE`: the CREATE script for the whole schema.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print the SQL that creates the schema in an empty database.",
        discussion: """
            Extensions, enums, tables with their keys and checks, indexes, foreign keys and comments, \
            in dependency order. It is the migration from an empty database that generate-migration \
            would write first.
            """)

    @OptionGroup var schema: SchemaFileArgument

    func run() throws {
        Console.output(SchemaDDL.createScript(for: try schema.load()))
    }
}
