import ArgumentParser

/// `tusk validate FILE`: reports every problem in the schema, exit 1 if any.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a schema file and report every problem in it.",
        discussion: "Prints each problem as FILE:LINE:COLUMN: error: ... on stderr and exits 1; exits 0 when the schema is valid.")

    @OptionGroup var schema: SchemaFileArgument

    func run() throws {
        let loaded = try schema.load()
        Console.output("\(try schema.path()): ok (\(loaded.tables.count) tables, \(loaded.enums.count) enums)\n")
    }
}
