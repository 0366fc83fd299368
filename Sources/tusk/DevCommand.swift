import ArgumentParser
import Foundation
import TuskDev

/// `tusk dev start|stop|status|url`: the persistent local development database (`.tusk/dev`).
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "A persistent local PostgreSQL for development under .tusk/dev.",
        discussion: """
            `tusk dev start` creates the cluster the first time, starts it (or finds it running) and prints \
            DATABASE_URL=...; `eval "$(tusk dev start)"` sets it in your shell. The data stays between runs. \
            In a debug build with no DATABASE_URL or PG* variables, DevDatabase.connect() uses the same server.
            """,
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self])

    struct Location: ParsableArguments {
        @Option(help: "The directory of the cluster (default: .tusk/dev in the package, or TUSK_DEV_DIR).")
        var directory: String?

        var path: String { directory ?? DevDatabase.defaultDirectory() }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the server (creating it the first time) and print its DATABASE_URL.")
        @OptionGroup var location: Location

        func run() async throws {
            let server = try await DevCommand.report { try await DevDatabase.start(directory: location.path) }
            let how = server.created ? "created and started" : server.reused ? "already running" : "started"
            Console.error("tusk dev: \(how) in \(server.directory)")
            Console.output("DATABASE_URL=\(server.url)\n")
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the server; the data is kept.")
        @OptionGroup var location: Location

        func run() async throws {
            let stopped = try await DevCommand.report { try await DevDatabase.stop(directory: location.path) }
            Console.output(stopped ? "stopped\n" : "not running\n")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the server runs; exit 1 when it does not.")
        @OptionGroup var location: Location

        func run() async throws {
            guard let server = try await DevCommand.report({ try await DevDatabase.status(directory: location.path) }) else {
                Console.output("not running (\(location.path))\n")
                throw ExitCode.failure
            }
            Console.output("running on port \(server.port) (\(server.directory))\n")
        }
    }

    struct URLCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "url", abstract: "Print the DATABASE_URL of the running server; exit 1 when it is not running.")
        @OptionGroup var location: Location

        func run() async throws {
            guard let server = try await DevCommand.report({ try await DevDatabase.status(directory: location.path) }) else {
                Console.error("error: the local development database is not running; start it with `tusk dev start`")
                throw ExitCode.failure
            }
            Console.output(server.url + "\n")
        }
    }

    /// A DevDatabaseError as one line on stderr and exit 1.
    static func report<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DevDatabaseError {
            Console.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
