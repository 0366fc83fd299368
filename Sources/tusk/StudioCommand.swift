import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tusk studio`: starts Tusk Studio, the local web application over the database and
/// schema.yaml. The studio is its own executable (`tusk-studio`, the Studio/ package) so its web
/// server never enters this tool's build; this command finds it and runs it in its place.
struct StudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studio",
        abstract: "Browse and edit the database in a local web application that knows schema.yaml (docs/studio.md).",
        discussion: """
            Listens on 127.0.0.1 and prints a URL with a random token; only that token opens it. \
            --read-only refuses every write. The tusk-studio executable is found through TUSK_STUDIO, \
            next to tusk, or under Studio/.build; build it with `\(buildCommand)`.
            """)

    static let buildCommand = "swift build -c release --package-path Studio"

    @OptionGroup var schemaFile: SchemaFileArgument

    @Option(help: "The database URL or conninfo; default: DATABASE_URL, else the PG* variables, else the local development database (.tusk/dev).")
    var databaseURL: String?

    @Option(help: "The directory holding Migrations/ and tusk.sum.")
    var generated: String = "Generated"

    @Option(help: "The address to listen on (keep 127.0.0.1 unless you know why).")
    var host: String = "127.0.0.1"

    @Option(help: "The port (0: any free port).")
    var port: Int = 4983

    @Flag(help: "Refuse every write (inserts, edits, deletes).")
    var readOnly = false

    func run() throws {
        let schema = try schemaFile.path()
        if let given = ProcessInfo.processInfo.environment["TUSK_STUDIO"], !given.isEmpty, !FileManager.default.isExecutableFile(atPath: given) {
            Console.error("error: TUSK_STUDIO=\(given) is not an executable file; build it with `\(Self.buildCommand)` or unset TUSK_STUDIO")
            throw ExitCode.failure
        }
        guard let executable = Self.findExecutable() else {
            Console.error("""
                error: tusk studio needs the tusk-studio executable, which is built on its own (its web server stays out of tusk's build):
                  \(Self.buildCommand)
                then run `tusk studio` again from the package directory, or set TUSK_STUDIO to the executable's path.
                """)
            throw ExitCode.failure
        }
        var arguments = [executable, "--schema", schema, "--generated", generated, "--host", host, "--port", String(port)]
        if let databaseURL { arguments += ["--database-url", databaseURL] }
        if readOnly { arguments.append("--read-only") }
        // Replace this process: the studio gets the terminal and the signals (Ctrl-C stops it).
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv(executable, cArguments)
        Console.error("error: could not start \(executable): \(String(cString: strerror(errno)))")
        throw ExitCode.failure
    }

    /// TUSK_STUDIO, else `tusk-studio` beside this executable, else Studio/.build/{release,debug}.
    static func findExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let given = environment["TUSK_STUDIO"], !given.isEmpty { candidates.append(given) }
        if let own = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(own.deletingLastPathComponent().appendingPathComponent("tusk-studio").path)
        }
        candidates += ["Studio/.build/release/tusk-studio", "Studio/.build/debug/tusk-studio"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
