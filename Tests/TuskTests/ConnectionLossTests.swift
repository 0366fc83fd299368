import Foundation
import Testing
import Tusk
import TuskTesting

/// What the runtime reports when the server ends a session or the answer never comes.
@Suite struct ConnectionLossTests {
    @Test func aTerminatedBackendReportsTheServersReason() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, testDatabase in
            let error = await postgresError {
                try await db.withConnection { connection in
                    let pid = try await connection.query("SELECT pg_backend_pid()", as: Int32.self)[0]
                    // Waits (up to 5 s) until the backend is gone: its FATAL is then in our socket.
                    try await testDatabase.execute("SELECT pg_terminate_backend(\(literal: pid), 5000)")
                    _ = try await connection.query("SELECT 1")
                }
            }
            #expect(error?.kind == .adminShutdown, "\(String(describing: error))")
            #expect(error?.sqlState == "57P01")
            #expect(error?.severity == "FATAL")
            let after = try await db.query("SELECT 2", as: Int32.self)
            #expect(after == [2])
        }
    }

    @Test func aBackendTerminatedMidStatementReportsTheServersReason() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, testDatabase in
            // The sleeps here are ended by the test, never run out: 60 s so that on a loaded
            // machine (10 s once ran out before the session was found) the outcome is the test's.
            let sleeper = Task { _ = try await db.query("SELECT pg_sleep(60)") }
            let pid = try await testDatabase.backend(running: "pg_sleep(60)")
            let terminated = try await testDatabase.query("SELECT pg_terminate_backend(\(literal: pid), 5000)")
            #expect(terminated == [["t"]], "backend \(pid) was not ended")
            let result = await sleeper.result
            var error: PostgresError?
            if case .failure(let failure as PostgresError) = result { error = failure }
            #expect(error?.kind == .adminShutdown, "\(result)")
            #expect(error?.sqlState == "57P01")
        }
    }

    @Test func aConnectionLostDuringCommitIsAnUnknownOutcomeNeverRetried() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, testDatabase in
            // A deferred constraint trigger that sleeps: COMMIT stays in flight until we act.
            try await db.execute(
                """
                CREATE TABLE payments (id int8 PRIMARY KEY);
                CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$;
                CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON payments
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();
                """)
            let attempts = AttemptCounter()
            let payer = Task {
                try await db.transaction(retry: .serializationFailures(maxAttempts: 5)) { tx in
                    _ = await attempts.next()
                    try await tx.run("INSERT INTO payments VALUES (1)")
                }
            }
            let pid = try await testDatabase.backend(running: "COMMIT")
            try await testDatabase.execute("SELECT pg_terminate_backend(\(literal: pid), 5000)")
            let error = await postgresError { try await payer.value }
            #expect(error?.kind == .commitOutcomeUnknown, "\(String(describing: error))")
            #expect(error?.isRetryable == false)
            #expect((error?.underlying as? PostgresError)?.sqlState == "57P01")
            #expect(await attempts.count == 1)
            // Here the server was inside the trigger, so it rolled back; the caller re-reads to know.
            let rows = try await db.query("SELECT count(*) FROM payments", as: Int64.self)
            #expect(rows == [0])
        }
    }

    @Test func aCancelBeforeTheServerAnswersIsAClientSideCancellation() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, testDatabase in
            try await db.execute("CREATE TABLE notes (id int8)")
            // An autocommit write that is still running when the task is cancelled.
            let writer = Task { _ = try await db.run("INSERT INTO notes SELECT 1 FROM pg_sleep(60)") }
            _ = try await testDatabase.backend(running: "pg_sleep(60)")
            writer.cancel()
            let error = await postgresError { try await writer.value }
            #expect(error?.kind == .cancelled, "\(String(describing: error))")
            #expect(error?.sqlState == nil && error?.isRetryable == false)
            // Inside withConnection the task waits on the connection's thread: the server's answer.
            let sleeper = Task {
                try await db.withConnection { connection in
                    _ = try await connection.run("INSERT INTO notes SELECT 2 FROM pg_sleep(61)")
                }
            }
            _ = try await testDatabase.backend(running: "pg_sleep(61)")
            sleeper.cancel()
            let answered = await postgresError { try await sleeper.value }
            #expect(answered?.kind == .queryCanceled && answered?.sqlState == "57014", "\(String(describing: answered))")
            let rows = try await db.query("SELECT count(*) FROM notes", as: Int64.self)
            #expect(rows == [0])
        }
    }

    /// A pooled statement that had to wait for its connection, cancelled while it runs, returns at
    /// once with `.cancelled` like any pooled statement, not with the server's answer (57014), and
    /// the connection serves the next statement. (A version of the pool that ran such statements
    /// inline on the connection's thread failed this.)
    @Test func aCancelledStatementThatWaitedForItsConnectionReturnsAtOnce() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, testDatabase in
            try await db.execute("CREATE TABLE notes (id int8)")
            let holder = try await leaseUntilSomeoneWaits(db)
            let writer = Task { _ = try await db.run("INSERT INTO notes SELECT 3 FROM pg_sleep(62)") }
            try await holder.value
            _ = try await testDatabase.backend(running: "pg_sleep(62)")
            writer.cancel()
            let error = await postgresError { try await writer.value }
            #expect(error?.kind == .cancelled && error?.sqlState == nil, "\(String(describing: error))")
            let rows = try await db.query("SELECT count(*) FROM notes", as: Int64.self)
            #expect(rows == [0])
        }
    }
}

extension TestDatabase {
    /// The pid of the session running a statement that contains `text` (waits up to 10 s for it).
    func backend(running text: String) async throws -> Int32 {
        var pid: Int32?
        try await waitUntil("a session runs \(text)") {
            pid = try await query(
                "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND datname = current_database() AND pid <> pg_backend_pid() AND position(\(literal: text) in query) > 0"
            ).first?.first?.flatMap { Int32($0) }
            return pid != nil
        }
        return pid!
    }
}
