import Testing
import Tusk
import TuskTesting

/// The rollback fixture on a real server: one database and pool per test, a `notes` table.
@Suite struct RollbackTransactionTests {
    static let setup: SQLScript = "CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL UNIQUE)"

    func count(_ runner: some QueryRunner) async throws -> Int64 {
        try await runner.query("SELECT count(*) FROM notes", as: Int64.self)[0]
    }

    @Test func rowsWrittenInTheFixtureAreGoneAfterwardsAndTheResultComesBack() async throws {
        try await withConnectedTestDatabase(setup: Self.setup) { db in
            let inside = try await withRollbackTransaction(on: db) { tx in
                try await tx.run("INSERT INTO notes (body) VALUES (\("a")), (\("b"))")
                return try await count(tx)
            }
            #expect(inside == 2)
            #expect(try await count(db) == 0)
        }
    }

    @Test func aRolledBackSavepointInsideKeepsTheOuterWorkUntilTheEnd() async throws {
        try await withConnectedTestDatabase(setup: Self.setup) { db in
            try await withRollbackTransaction(on: db) { tx in
                try await tx.run("INSERT INTO notes (body) VALUES (\("outer"))")
                await #expect(throws: PostgresError.self) {
                    try await tx.transaction { inner in
                        try await inner.run("INSERT INTO notes (body) VALUES (\("inner"))")
                        try await inner.run("INSERT INTO notes (body) VALUES (\("outer"))")  // unique violation
                    }
                }
                #expect(try await tx.query("SELECT body FROM notes", as: String.self) == ["outer"])
                // A savepoint that succeeds is kept until the fixture ends too.
                _ = try await tx.transaction { inner in
                    try await inner.run("INSERT INTO notes (body) VALUES (\("kept"))")
                }
                #expect(try await count(tx) == 2)
            }
            #expect(try await count(db) == 0)
        }
    }

    @Test func anErrorThrownInTheBodyIsRethrownAndRolledBack() async throws {
        struct Boom: Error, Equatable {}
        try await withConnectedTestDatabase(setup: Self.setup) { db in
            await #expect(throws: Boom()) {
                try await withRollbackTransaction(on: db) { tx in
                    try await tx.run("INSERT INTO notes (body) VALUES (\("a"))")
                    throw Boom()
                }
            }
            #expect(try await count(db) == 0)
            // The pool's connection is clean: a later fixture works.
            let left = try await withRollbackTransaction(on: db) { tx in try await count(tx) }
            #expect(left == 0)
        }
    }

    @Test func aBodyThatCatchesAStatementErrorEndsWithoutAFixtureError() async throws {
        try await withConnectedTestDatabase(setup: Self.setup) { db in
            try await withRollbackTransaction(on: db) { tx in
                try await tx.run("INSERT INTO notes (body) VALUES (\("a"))")
                await #expect(throws: PostgresError.self) {
                    try await tx.run("INSERT INTO notes (body) VALUES (\("a"))")
                }
            }
            #expect(try await count(db) == 0)
        }
    }

    @Test func aBodyThatCommitsGetsAClearError() async throws {
        try await withConnectedTestDatabase(setup: Self.setup) { db in
            let error = await #expect(throws: RollbackFixtureError.self) {
                try await withRollbackTransaction(on: db) { tx in
                    try await tx.run("INSERT INTO notes (body) VALUES (\("committed"))")
                    try await tx.execute("COMMIT")
                }
            }
            #expect(error == .transactionEndedByBody)
            #expect(error?.description.contains("COMMIT, ROLLBACK or END") == true)
            // What the error warns about: the COMMIT did commit.
            let committed = try await count(db)
            #expect(committed == 1)
        }
    }

    @Test func concurrentFixturesOnOnePoolDoNotSeeEachOthersRows() async throws {
        try await withConnectedTestDatabase(setup: Self.setup, maxConnections: 2) { db in
            let bothInserted = Barrier(parties: 2)
            let seen = try await withThrowingTaskGroup(of: [String].self) { group in
                for name in ["left", "right"] {
                    group.addTask {
                        try await withRollbackTransaction(on: db) { tx in
                            try await tx.run("INSERT INTO notes (body) VALUES (\(name))")
                            await bothInserted.arrive()  // both rows exist, uncommitted, before either reads
                            return try await tx.query("SELECT body FROM notes ORDER BY body", as: String.self)
                        }
                    }
                }
                return try await group.reduce(into: [[String]]()) { $0.append($1) }
            }
            #expect(seen.sorted { $0[0] < $1[0] } == [["left"], ["right"]])
            #expect(try await count(db) == 0)
        }
    }

    @Test func theFixtureRunsOnOneLeasedConnectionToo() async throws {
        try await withConnectedTestDatabase(setup: Self.setup) { db in
            try await db.withConnection { connection in
                try await withRollbackTransaction(on: connection, isolation: .serializable) { tx in
                    try await tx.run("INSERT INTO notes (body) VALUES (\("a"))")
                    #expect(try await tx.query("SHOW transaction_isolation", as: String.self) == ["serializable"])
                }
                #expect(try await count(connection) == 0)
            }
        }
    }
}

/// Suspends each caller of `arrive()` until `parties` callers have arrived.
actor Barrier {
    private let parties: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        if waiting.count + 1 == parties {
            waiting.forEach { $0.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
