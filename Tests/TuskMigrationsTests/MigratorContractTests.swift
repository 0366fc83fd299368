import Testing
import Tusk
import TuskMigrations
import TuskTesting

/// The migrator holds back a pending contract migration (`-- tusk:contract` in its header) and
/// every migration after it until asked, on a real PostgreSQL 15.
@Suite struct MigratorContractTests {
    static let first = try! MigratorTests.migration("20250101000000_users", up: "CREATE TABLE users (id integer PRIMARY KEY, name text);", down: "DROP TABLE users;")
    static let contract = try! MigrationSource(fileName: "20250102000000_rename_contract.sql", contents: """
        -- test
        --
        \(MigrationMarkers.contract) users.full_name

        \(MigrationFile.upMarker)
        ALTER TABLE users RENAME COLUMN name TO full_name;

        \(MigrationFile.downMarker)
        ALTER TABLE users RENAME COLUMN full_name TO name;
        """)
    static let later = try! MigratorTests.migration("20250103000000_posts", up: "CREATE TABLE posts (id integer PRIMARY KEY);", down: "DROP TABLE posts;")

    @Test func upStopsBeforeAPendingContractUntilAsked() async throws {
        #expect(Self.contract.contractColumns == ["users.full_name"])
        #expect(!Self.first.isContract && Self.contract.isContract)
        try await withTestDatabase(.standard) { db in
            try await MigratorTests().withConnection(db) { (connection: Connection) async throws in
                let migrator = Migrator(connection: connection, migrations: [Self.first, Self.contract, Self.later])
                let held = try await migrator.up()
                #expect(held.ran == [Self.first.id])
                #expect(held.heldBack == Self.contract.id)
                #expect(try await migrator.up().ran.isEmpty, "still held")
                #expect(try await db.query("SELECT to_regclass('posts') IS NULL") == [["t"]], "what follows the contract waits too")
                let applied = try await migrator.up(includingContracts: true)
                #expect(applied.ran == [Self.contract.id, Self.later.id])
                #expect(applied.heldBack == nil)
                #expect(try await migrator.status().map(\.state) == [.applied, .applied, .applied])
            }
        }
    }
}
