import Foundation
import Testing
import Tusk
import TuskDev
import TuskTesting

/// The local development server on a real PostgreSQL: created once, reused, data kept, stopped.
@Suite struct DevDatabaseTests {
    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.path + "/tusk-dev-test-\(UUID().uuidString)"
    }

    /// Stops the server and removes its files whatever the test did.
    func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = temporaryDirectory()
        do {
            try await body(directory)
        } catch {
            _ = try? await DevDatabase.stop(directory: directory)
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        _ = try? await DevDatabase.stop(directory: directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func startReuseStopAndStartAgainKeepsTheData() async throws {
        try await withDirectory { directory in
            let first = try await DevDatabase.start(directory: directory)
            #expect(first.created && !first.reused)
            let db = try await Database.connect(try PostgresConfiguration(first.url))
            try await db.execute("CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')")
            await db.shutdown()

            let second = try await DevDatabase.start(directory: directory)
            #expect(second.reused && !second.created)
            #expect(second.url == first.url)
            #expect(try await DevDatabase.status(directory: directory) != nil)

            #expect(try await DevDatabase.stop(directory: directory))
            #expect(try await DevDatabase.status(directory: directory) == nil)
            #expect(try await DevDatabase.stop(directory: directory) == false)

            let third = try await DevDatabase.start(directory: directory)
            #expect(!third.created && !third.reused)
            let again = try await Database.connect(try PostgresConfiguration(third.url))
            #expect(try await again.queryFirst("SELECT body FROM notes", as: String.self) == "kept")
            await again.shutdown()
        }
    }

    @Test func twoStartsAtOnceRunInitdbOnce() async throws {
        try await withDirectory { directory in
            async let a = DevDatabase.start(directory: directory)
            async let b = DevDatabase.start(directory: directory)
            let servers = try await [a, b]
            #expect(servers.filter(\.created).count == 1)
            #expect(servers.filter(\.reused).count == 1)
            #expect(servers[0].port == servers[1].port)
        }
    }

    @Test func connectWithoutSettingsInADebugBuildStartsTheLocalServer() async throws {
        try await withDirectory { directory in
            let db = try await DevDatabase.connect(environment: ["TUSK_DEV_DIR": directory])
            #expect(try await db.queryFirst("SELECT current_user::text", as: String.self) == DevDatabase.user)
            await db.shutdown()
            #expect(try await DevDatabase.status(directory: directory) != nil)
        }
    }

    @Test func connectWithSettingsNeverTouchesTheLocalServer() async throws {
        let cluster = try await PostgresCluster.shared(.standard)
        let directory = temporaryDirectory()
        // This test connects as the shared cluster opens to every suite of the parallel run at
        // once: a CI run's connect took more than the default 10 s there.
        let url = cluster.url(database: "postgres") + "&connect_timeout=60"
        let db = try await DevDatabase.connect(environment: ["DATABASE_URL": url, "TUSK_DEV_DIR": directory])
        #expect(try await db.queryFirst("SELECT current_user::text", as: String.self) == cluster.superuser)
        await db.shutdown()
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
