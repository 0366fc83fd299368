import ArgumentParser
import Foundation
import TuskMigrations
import TuskSchema

/// `tusk diff [FROM] [TO]`: the migration plan between two schemas, without writing anything.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Print the migration plan between two schemas (default: Generated/schema.snapshot.json to schema.yaml).",
        discussion: "FROM and TO are schema.yaml files or snapshot .json files. Prints the steps, their hazards and the up SQL; exit 0 whether or not there are changes.")

    @Argument(help: "The old schema: a schema.yaml or a snapshot .json.")
    var from: String = "Generated/schema.snapshot.json"

    @Argument(help: "The new schema: a schema.yaml or a snapshot .json (default: found as the build plugin finds it).")
    var to: String?

    @Flag(help: "Plan the lock-friendly forms (as generate-migration --online).")
    var online = false

    @Flag(help: "Print the down SQL too.")
    var down = false

    func run() throws {
        let plan = MigrationPlanner.plan(from: try Self.load(from), to: try Self.load(try SchemaFileArgument(file: to).path()), options: PlanOptions(online: online))
        if plan.isEmpty { Console.output("No changes.\n"); return }
        var text = plan.steps.enumerated().map { "-- \($0.offset + 1). \($0.element.summary)\n" }.joined()
        for hazard in plan.hazards { text += "-- " + hazard.description.replacingOccurrences(of: "\n", with: "\n--") + "\n" }
        text += "\n" + plan.upSQL(annotate: true)
        if down { text += "\n-- down\n" + plan.downSQL() }
        Console.output(text)
    }

    /// A snapshot (`.json`; a missing one is the empty schema) or a schema file.
    static func load(_ path: String) throws -> Schema {
        guard path.hasSuffix(".json") else { return try SchemaFileArgument(file: path).load() }
        guard FileManager.default.fileExists(atPath: path) else { return Schema() }
        do {
            return try SchemaSnapshot.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            Console.error("error: cannot read the snapshot \(path): \(error)")
            throw ExitCode.failure
        }
    }
}
