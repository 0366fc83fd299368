import ArgumentParser
import Foundation
import TuskSchema

/// The schema file argument shared by the subcommands that read one: the path given (as the
/// argument or `--schema`), else the build plugin's rule (``SchemaLocation``) from the working directory.
struct SchemaFileArgument: ParsableArguments {
    @Argument(help: "The schema file (default: found as the build plugin finds it).", completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    @Option(name: .customLong("schema"), help: "The schema file (same as the argument).", completion: .file(extensions: ["yaml", "yml"]))
    var schemaOption: String?

    init() {}
    /// A path chosen in code (nil: the rule); every wrapped property needs a value outside parsing.
    init(file: String?) {
        self.file = file
        schemaOption = nil
    }

    /// The path to read; exits 1 with the rule's message (every path tried, or the candidates) when none is given or found.
    func path() throws -> String {
        if let given = file ?? schemaOption { return given }
        do {
            return try PackageSchema.locate(in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).relativePath
        } catch let problem as SchemaLocation.Problem {
            Console.error("error: " + problem.description)
            throw ExitCode.failure
        }
    }

    /// The loaded schema; on problems, every diagnostic goes to stderr and the command exits 1.
    func load() throws -> Schema {
        let file = try path()
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

/// The build plugin's rule applied to a package directory: every target under `Sources/`.
enum PackageSchema {
    static func locate(in packageDirectory: URL) throws -> URL {
        let sources = packageDirectory.appendingPathComponent("Sources")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: sources.appendingPathComponent($0).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        let targets = names.map { name in (name: name, files: files(under: sources.appendingPathComponent(name))) }
        let found = try SchemaLocation.find(packageDirectory: packageDirectory, targets: targets)
        // Relative to the working directory when inside it, so messages read `schema.yaml:3:5`.
        let base = packageDirectory.standardizedFileURL.path + "/"
        let path = found.standardizedFileURL.path
        return path.hasPrefix(base) ? URL(fileURLWithPath: String(path.dropFirst(base.count)), relativeTo: packageDirectory) : found
    }

    private static func files(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.lastPathComponent == SchemaLocation.fileName }
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
