import Foundation
import Testing
import Tusk
import TuskTesting

@Suite struct ConnectionTests {
    @Test func rawQueryDecodesTuplesAndRowTypes() async throws {
        struct User: PostgresRowDecodable, Equatable {
            var id: Int64
            var email: String
            var nickname: String?
            init(row: Row) throws {
                id = try row.decode(at: 0)
                email = try row.decode(at: 1)
                nickname = try row.decode(at: 2)
            }
            init(id: Int64, email: String, nickname: String?) {
                self.id = id
                self.email = email
                self.nickname = nickname
            }
        }
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE users (id int8 PRIMARY KEY, email text UNIQUE NOT NULL, nickname text)")
            let inserted = try await db.run("INSERT INTO users VALUES (1, \("ann@example.com"), NULL), (2, \("bob@example.com"), \("bobby"))")
            #expect(inserted == 2)
            let users = try await db.query("SELECT id, email, nickname FROM users ORDER BY id", as: User.self)
            #expect(users == [User(id: 1, email: "ann@example.com", nickname: nil), User(id: 2, email: "bob@example.com", nickname: "bobby")])
            let hostile = "x' OR '1'='1"
            #expect(try await db.query("SELECT id FROM users WHERE email = \(hostile)", as: Int64.self).isEmpty)
            let first = try await db.queryFirst("SELECT email, id FROM users WHERE id = \(Int64(2))", as: String.self, Int64.self)
            #expect(first?.0 == "bob@example.com" && first?.1 == 2)
            let got1 = try await db.queryFirst("SELECT 1 WHERE false", as: Int32.self)
            #expect(got1 == nil)
            let result = try await db.query("SELECT id AS \"Id\", email FROM users WHERE id = 1")
            #expect(result.columns.map(\.name) == ["Id", "email"])
            #expect(result.columns.map(\.type) == [.int8, .text])
            #expect(try result[0].decode(String.self, named: "email") == "ann@example.com")
        }
    }

    @Test func serverErrorsAreTyped() async throws {
        try await withDatabase { db, _ in
            try await db.execute("""
                CREATE TABLE parents (id int PRIMARY KEY);
                CREATE TABLE kids (id int PRIMARY KEY, parent int REFERENCES parents(id), age int CHECK (age >= 0), name text NOT NULL);
                INSERT INTO parents VALUES (1);
                """)
            let unique = await postgresError { try await db.run("INSERT INTO parents VALUES (\(Int32(1)))") }
            #expect(unique?.kind == .uniqueViolation && unique?.sqlState == "23505")
            #expect(unique?.constraint == "parents_pkey" && unique?.table == "parents")
            #expect(unique?.detail?.contains("(id)=(1)") == true)
            #expect(unique?.statement == "INSERT INTO parents VALUES ($1)")
            #expect(unique?.isRetryable == false)
            let foreignKey = await postgresError { try await db.run("INSERT INTO kids VALUES (1, 9, 1, 'a')") }
            #expect(foreignKey?.kind == .foreignKeyViolation && foreignKey?.constraint == "kids_parent_fkey")
            let check = await postgresError { try await db.run("INSERT INTO kids VALUES (1, 1, -1, 'a')") }
            #expect(check?.kind == .checkViolation && check?.constraint == "kids_age_check")
            let notNull = await postgresError { try await db.run("INSERT INTO kids VALUES (1, 1, 1, NULL)") }
            #expect(notNull?.kind == .notNullViolation && notNull?.column == "name")
            let syntax = await postgresError { try await db.run("SELEC 1") }
            #expect(syntax?.kind == .syntaxError && syntax?.position == 1)
            let missing = await postgresError { try await db.run("SELECT * FROM nowhere") }
            #expect(missing?.kind == .undefinedTable)
            let readOnly = await postgresError {
                try await db.transaction(readOnly: true) { tx in _ = try await tx.run("INSERT INTO parents VALUES (5)") }
            }
            #expect(readOnly?.kind == .readOnlyTransaction)
            let lock = await postgresError {
                try await db.transaction { tx in
                    _ = try await tx.query("SELECT * FROM parents WHERE id = 1 FOR UPDATE")
                    try await db.transaction { other in
                        _ = try await other.query("SELECT * FROM parents WHERE id = 1 FOR UPDATE NOWAIT")
                    }
                }
            }
            #expect(lock?.kind == .lockNotAvailable && lock?.isRetryable == true)
            // The pool still works after all of that.
            let got2 = try await db.query("SELECT count(*) FROM parents", as: Int64.self)
            #expect(got2 == [1])
        }
    }

    @Test func statementTimeoutFailsTypedAndTheConnectionStaysUsable() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1, statementTimeout: .milliseconds(200))) { db, _ in
            let error = await postgresError { _ = try await db.query("SELECT pg_sleep(5)") }
            #expect(error?.kind == .queryCanceled && error?.sqlState == "57014")
            let got3 = try await db.query("SELECT 41 + 1", as: Int32.self)
            #expect(got3 == [42])
            #expect(await db.stats.discarded == 0)
        }
    }

    @Test func cancellingTheTaskCancelsTheQueryPromptly() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, _ in
            let started = ContinuousClock.now
            let task = Task { try await db.query("SELECT pg_sleep(10)") }
            // Wait until the server runs the sleep, then cancel.
            while try await db.withConnectionCount(waitingFor: "pg_sleep") == 0 {
                if ContinuousClock.now - started > .seconds(5) { break }
            }
            let cancelledAt = ContinuousClock.now
            task.cancel()
            let result = await task.result
            let elapsed = ContinuousClock.now - cancelledAt
            // Prompt means long before the 10 s sleep ends; the bound leaves room for a loaded
            // two-core machine running the other suites at once (1.2 s was seen there).
            #expect(elapsed < .seconds(3), "took \(elapsed)")
            guard case .failure(let error as PostgresError) = result else {
                Issue.record("expected a PostgresError, got \(result)")
                return
            }
            // The task returned before the server answered: a client-side cancellation, no SQLSTATE.
            #expect(error.kind == .cancelled && error.sqlState == nil && !error.isRetryable)
            let got4 = try await db.query("SELECT 1", as: Int32.self)
            #expect(got4 == [1])
        }
    }

    @Test func cachedPlansAreReplacedWhenTheSchemaChanges() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, testDatabase in
            try await db.execute("CREATE TABLE things (id int8, name text); INSERT INTO things VALUES (1, 'a')")
            let before = try await db.query("SELECT * FROM things")
            #expect(before.columnCount == 2)
            try await testDatabase.execute("ALTER TABLE things ADD COLUMN extra int DEFAULT 7")
            // Same SQL text: the cached statement now returns a different row type (0A000): re-prepared.
            let after = try await db.query("SELECT * FROM things")
            #expect(after.columnCount == 3)
            #expect(try after[0].decode(Int32.self, at: 2) == 7)
            // Prepared statements dropped behind our back (26000) are prepared again.
            try await db.withConnection { connection in
                try await connection.execute("DEALLOCATE ALL")
                let got5 = try await connection.query("SELECT * FROM things").count
                #expect(got5 == 1)
            }
        }
    }

    @Test func rePreparingAfterASchemaChangeDeallocatesTheOldStatement() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, _ in
            try await db.withConnection { connection in
                try await connection.execute("CREATE TABLE shapes (id int8)")
                let countPrepared: SQL = "SELECT count(*) FROM pg_prepared_statements"
                _ = try await connection.query("SELECT * FROM shapes")
                _ = try await connection.query(countPrepared)
                // A new result type: the cached plan is stale (0A000) and is prepared again.
                try await connection.execute("ALTER TABLE shapes ADD COLUMN name text")
                _ = try await connection.query("SELECT * FROM shapes")
                // Two statements live on the server: the SELECT and the count, no stale copies.
                let prepared = try await connection.query(countPrepared, as: Int64.self)
                #expect(prepared == [2])
            }
        }
    }

    @Test func unnamedStatementModeAndSmallCache() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1, statementMode: .unnamed)) { db, _ in
            for value in 0..<5 { #expect(try await db.query("SELECT \(Int64(value)) + 1", as: Int64.self) == [Int64(value) + 1]) }
            let prepared = try await db.query("SELECT count(*) FROM pg_prepared_statements", as: Int64.self)
            #expect(prepared == [0])
        }
        try await withDatabase(.standard, Settings(maxConnections: 1, cacheSize: 2)) { db, _ in
            for round in 0..<3 {
                for text in ["SELECT 1", "SELECT 2", "SELECT 3"] { _ = try await db.query(SQL(text)) }
                _ = round
            }
            let prepared = try await db.query("SELECT count(*) FROM pg_prepared_statements", as: Int64.self)
            #expect(prepared[0] <= 2)
        }
    }

    @Test func connectionFailuresNeverShowThePassword() async throws {
        var configuration = try PostgresConfiguration("host=127.0.0.1 port=1 user=nobody password=Sup3rSecret dbname=x")
        configuration.connectTimeout = .seconds(2)
        let error = await postgresError { _ = try await Database.connect(configuration) }
        #expect(error?.kind == .connectionFailed)
        #expect(error.map { !$0.description.contains("Sup3rSecret") } == true)
        #expect(error?.description.contains("password=********") == true)
    }

    @Test func scriptsAndEmptyResults() async throws {
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);")
            let got6 = try await db.query("SELECT sum(x)::int8 FROM t", as: Int64.self)
            #expect(got6 == [3])
            let result = try await db.query("DELETE FROM t")
            #expect(result.affectedRows == 2 && result.commandTag == "DELETE 2" && result.isEmpty)
            try await db.withConnection { try await $0.ping() }
        }
    }
}

extension Database {
    /// How many other sessions of this database are running a statement containing `text`
    /// (other tests' databases on the same server do not count).
    func withConnectionCount(waitingFor text: String) async throws -> Int64 {
        let pattern = "%\(text)%"
        return try await TestAdmin.count(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND datname = current_database() AND query LIKE \(pattern) AND pid <> pg_backend_pid()",
            configuration)
    }
}

/// Catalog checks through a separate connection (not the pool under test).
enum TestAdmin {
    static func count(_ statement: SQL, _ configuration: PostgresConfiguration) async throws -> Int64 {
        let connection = try await Connection.connect(configuration)
        defer { Task { await connection.close() } }
        return try await connection.query(statement)[0].decode(Int64.self, at: 0)
    }
}
