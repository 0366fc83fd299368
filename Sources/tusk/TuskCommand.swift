import ArgumentParser

/// `tusk`: the command-line tool. Each subcommand lives in its own file; add new ones to
/// `subcommands` below.
@main
struct TuskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tusk",
        abstract: "Tusk: a typed ORM toolkit for PostgreSQL, declared in schema.yaml.",
        subcommands: [
            ValidateCommand.self,
            SQLCommand.self,
            GenerateCommand.self,
            DiffCommand.self,
            MigrationCommand.self,
            MigrateCommand.self,
            IntrospectCommand.self,
            QueriesCommand.self,
            DevCommand.self,
            SeedCommand.self,
            StudioCommand.self,
        ]
    )
}
