import ArgumentParser
import Foundation
import TuskSchema

/// The schema file argument shared by the subcommands that read one.
struct SchemaFileArgument: ParsableArguments {
    @Argument(help: "The schema file.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String = "schema.yaml"

    init() {}
    init(file: String) { self.file = file }

    /// The loaded schema; on problems, every diagnostic goes to stderr and the command exits 1.
    func load() throws -> Schema {
        do {
            let (schema, warnings) = try SchemaLoader.loadReportingWarnings(file: URL(fileURLWithPath: file))
            for warning in warnings { Console.error(warning.description) }
            return schema
        } catch let error as SchemaError {
            Console.error(error.description)
            throw ExitCode.failure
        }
    }
}

/// Writing to the standard streams.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
