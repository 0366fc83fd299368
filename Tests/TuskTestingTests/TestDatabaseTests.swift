import Foundation
import Testing
import TuskTesting

@Suite struct TestDatabaseTests {
    @Test func standardClusterGivesFreshIsolatedDatabases() async throws {
        let a = try await TestDatabase.create(.standard)
        let b = try await TestDatabase.create(.standard)
        #expect(a.name != b.name)
        #expect(a.serverVersion >= 150000)
        try await a.execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2)")
        #expect(try await a.query("SELECT count(*) FROM t") == [["2"]])
        // b is a different database: the table does not exist there.
        await #expect(throws: TuskTestingError.self) { try await b.query("SELECT count(*) FROM t") }
        try await a.drop()
        try await b.drop()
        let names = try await b.cluster.adminQuery("SELECT datname FROM pg_database WHERE datname IN ('\(a.name)', '\(b.name)')")
        #expect(names.isEmpty)
    }

    @Test func sqlErrorsCarryTheServerMessageAndSQLSTATE() async throws {
        try await withTestDatabase { db in
            do {
                try await db.execute("SELECT * FROM missing_table")
                Issue.record("expected an error")
            } catch let error as TuskTestingError {
                #expect("\(error)".contains("[42P01]"))
                #expect("\(error)".contains("missing_table"))
            }
        }
    }

    @Test func pgvectorFlavorHasTheVectorExtension() async throws {
        try await withTestDatabase(.pgvector) { db in
            #expect(db.serverVersion >= 160000)
            try await db.execute("CREATE EXTENSION vector; CREATE TABLE v (e vector(3)); INSERT INTO v VALUES ('[1,2,3]')")
            #expect(try await db.query("SELECT e <-> '[1,2,4]' FROM v") == [["1"]])
        }
    }

    @Test func serverRunsUnprivilegedAndListensOnTheSocketDirectory() async throws {
        let cluster = try await PostgresCluster.shared(.standard)
        #expect(FileManager.default.fileExists(atPath: cluster.socketDirectory + "/.s.PGSQL.\(cluster.port)"))
        let user = try await TestDatabase.create().query("SELECT current_user")
        #expect(user == [["tusk"]])
    }
}
