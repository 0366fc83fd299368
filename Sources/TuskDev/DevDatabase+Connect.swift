import Foundation
import Tusk

/// Which database an app connects to: the one rule behind ``DevDatabase/connect(environment:)``.
public enum DatabaseChoice: Equatable, Sendable {
    /// `DATABASE_URL` or any `PG*` connection variable is set: connect there, never to the local server.
    case connectionSettings
    /// A debug build with no connection settings at all: the local development server.
    case localDevServer
    /// A release build with no connection settings: an error, never a silent local server.
    case noSettingsInRelease

    /// The environment variables that count as connection settings.
    public static let settingVariables = [
        "DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE",
    ]

    public static func choose(environment: [String: String], debugBuild: Bool) -> DatabaseChoice {
        let hasSettings = settingVariables.contains { !(environment[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if hasSettings { return .connectionSettings }
        return debugBuild ? .localDevServer : .noSettingsInRelease
    }

    /// True in a debug build (`swift build`, `swift run`), false with `-c release`.
    public static var isDebugBuild: Bool {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }
}

extension DevDatabase {
    /// The app's database in one call: `DATABASE_URL` or the `PG*` variables when any is set;
    /// with none at all in a debug build, the local development server (started, or reused when
    /// running); with none in a release build, ``DevDatabaseError/noConnectionSettings``.
    ///
    /// ```swift
    /// let db = try await DevDatabase.connect()
    /// try await db.migrate()
    /// ```
    public static func connect(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Database {
        switch DatabaseChoice.choose(environment: environment, debugBuild: DatabaseChoice.isDebugBuild) {
        case .connectionSettings:
            return try await Database.connect(try PostgresConfiguration.fromEnvironment(environment))
        case .localDevServer:
            let server = try await start(directory: defaultDirectory(environment: environment))
            return try await Database.connect(try PostgresConfiguration(server.url))
        case .noSettingsInRelease:
            throw DevDatabaseError.noConnectionSettings
        }
    }
}
