import ArgumentParser
import Foundation
import Tusk
import TuskMigrations

extension MigrateCommand {
    /// `tusk migrate reset --confirm DBNAME [--force]`: for development databases.
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop everything the migrations created and apply them all again (development databases only).",
            discussion: """
                Drops every table, view, sequence, function, type and extension of the current schema (the \
                migration history too) and the named schemas the migrations create, listing each, then applies every migration, holding the migration lock \
                throughout; then tells running read caches to drop everything (NOTIFY on --cache-channel). \
                Refuses unless --confirm names the database, and on a server that is not local (unix socket or \
                loopback) unless --force.
                """)
        @OptionGroup var target: Target
        @Option(help: "The name of the database to reset: required, and must match the database connected to.")
        var confirm: String?
        @Flag(help: "Reset even though the server is not local.")
        var force = false
        @Option(help: "The channel running read caches listen on (QueryCacheOptions.channel); told to drop everything.")
        var cacheChannel = QueryCacheOptions().channel

        func run() async throws {
            try await target.withMigrator { migrator in
                // A refusal is printed as `error: refusing ...` with exit status 1, nothing touched.
                try await DevelopmentReset.check(connection: migrator.connection, confirm: confirm, force: force)
                let (dropped, report) = try await migrator.reset(cacheChannel: cacheChannel) { connection in
                    try await DevelopmentReset.dropEverything(
                        on: connection, schemas: DevelopmentReset.createdSchemas(in: migrator.migrations.map(\.up)))
                }
                Console.output(dropped.isEmpty ? "Nothing to drop.\n" : dropped.map { "Dropped \($0)\n" }.joined())
                Console.output(report.ran.isEmpty ? "No migrations to apply.\n" : report.ran.map { "Applied \($0)\n" }.joined())
            }
        }
    }
}
