import Foundation
import Testing
import Tusk
import TuskTesting

struct Boom: Error {}

@Suite struct TransactionTests {
    @Test func commitOnReturnRollbackOnThrow() async throws {
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE notes (id int8 PRIMARY KEY, body text)")
            let id = try await db.transaction { tx in
                try await tx.run("INSERT INTO notes VALUES (1, \("kept"))")
                return try await tx.query("SELECT id FROM notes", as: Int64.self)[0]
            }
            #expect(id == 1)
            await #expect(throws: Boom.self) {
                try await db.transaction { tx in
                    try await tx.run("INSERT INTO notes VALUES (2, \("gone"))")
                    throw Boom()
                }
            }
            let ids = try await db.query("SELECT id FROM notes ORDER BY id", as: Int64.self)
            #expect(ids == [1])
        }
    }

    @Test func nestedTransactionsAreSavepoints() async throws {
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE notes (id int8 PRIMARY KEY)")
            try await db.transaction { tx in
                try await tx.run("INSERT INTO notes VALUES (1)")
                await #expect(throws: PostgresError.self) {
                    try await tx.transaction { inner in
                        try await inner.run("INSERT INTO notes VALUES (2)")
                        try await inner.run("INSERT INTO notes VALUES (1)")  // unique violation
                    }
                }
                _ = try await tx.transaction { inner in try await inner.run("INSERT INTO notes VALUES (3)") }
            }
            let ids = try await db.query("SELECT id FROM notes ORDER BY id", as: Int64.self)
            #expect(ids == [1, 3])
        }
    }

    @Test func theHandleCannotBeUsedAfterItsClosure() async throws {
        try await withDatabase { db, _ in
            let escaped = try await db.transaction { tx in tx }
            let error = await postgresError { _ = try await escaped.query("SELECT 1") }
            #expect(error?.kind == .misuse)
        }
    }

    @Test func aSwallowedErrorStillFailsTheCommit() async throws {
        try await withDatabase { db, _ in
            let error = await postgresError {
                try await db.transaction { tx in
                    _ = try? await tx.query("SELECT 1/0")
                }
            }
            #expect(error?.sqlState == "25P02")
        }
    }

    @Test func cancellationRollsBack() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, _ in
            try await db.execute("CREATE TABLE notes (id int8 PRIMARY KEY)")
            let task = Task {
                try await db.transaction { tx in
                    try await tx.run("INSERT INTO notes VALUES (1)")
                    _ = try await tx.query("SELECT pg_sleep(60)")
                }
            }
            try await waitUntil("pg_sleep is running") { try await db.withConnectionCount(waitingFor: "pg_sleep") > 0 }
            task.cancel()
            _ = await task.result
            let count = try await db.query("SELECT count(*) FROM notes", as: Int64.self)
            #expect(count == [0])
        }
    }

    @Test func serializationConflictsAreRetriedToSuccess() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 4)) { db, _ in
            try await db.execute("CREATE TABLE counters (id int PRIMARY KEY, value int8 NOT NULL); INSERT INTO counters VALUES (1, 0)")
            let attempts = AttemptCounter()
            let gate = Gate(parties: 2)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await db.transaction(isolation: .serializable, retry: .serializationFailures(maxAttempts: 5)) { tx in
                            let attempt = await attempts.next()
                            let value = try await tx.query("SELECT value FROM counters WHERE id = 1", as: Int64.self)[0]
                            // Both first attempts read before either writes: one of them must fail.
                            if attempt <= 2 { await gate.arrive() }
                            try await tx.run("UPDATE counters SET value = \(value + 1) WHERE id = 1")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let value = try await db.query("SELECT value FROM counters", as: Int64.self)
            #expect(value == [2])
            #expect(await attempts.count >= 3)
        }
        // Without retry the conflict surfaces as a typed, retryable error.
        try await withDatabase(.standard, Settings(maxConnections: 4)) { db, _ in
            try await db.execute("CREATE TABLE counters (id int PRIMARY KEY, value int8 NOT NULL); INSERT INTO counters VALUES (1, 0)")
            let gate = Gate(parties: 2)
            let results = await withTaskGroup(of: PostgresError?.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        await postgresError {
                            try await db.transaction(isolation: .serializable) { tx in
                                let value = try await tx.query("SELECT value FROM counters WHERE id = 1", as: Int64.self)[0]
                                await gate.arrive()
                                try await tx.run("UPDATE counters SET value = \(value + 1) WHERE id = 1")
                            }
                        }
                    }
                }
                var errors: [PostgresError?] = []
                for await error in group { errors.append(error) }
                return errors
            }
            let failures = results.compactMap { $0 }
            #expect(failures.count == 1)
            #expect(failures.first?.kind == .serializationFailure && failures.first?.isRetryable == true)
        }
    }
}

actor AttemptCounter {
    var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}

/// Suspends callers until `parties` of them have arrived.
actor Gate {
    let parties: Int
    var arrived = 0
    var waiting: [CheckedContinuation<Void, Never>] = []
    init(parties: Int) { self.parties = parties }
    func arrive() async {
        arrived += 1
        if arrived >= parties {
            waiting.forEach { $0.resume() }
            waiting.removeAll()
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
    }
}
