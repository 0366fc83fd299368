import Foundation
import Logging
import Testing
import Tusk
import TuskTesting

/// The server's notices reach the configuration's logger (libpq's default prints them to stderr).
@Suite struct NoticeTests {
    @Test func serverNoticesGoToTheLoggerWithSQLStateAndSeverity() async throws {
        let recorder = LogRecorder()
        try await withLoggedDatabase(recorder) { db in
            try await db.execute(
                """
                DO $$ BEGIN
                    RAISE NOTICE 'tusk notice';
                    RAISE WARNING 'tusk warning' USING ERRCODE = '01007';
                END $$
                """)
        }
        let notice = recorder.messages.first { $0.text.hasPrefix("tusk notice") }
        #expect(notice?.level == .notice)
        #expect(notice?.metadata["sqlstate"] == "00000" && notice?.metadata["severity"] == "NOTICE")
        let warning = recorder.messages.first { $0.text.hasPrefix("tusk warning") }
        #expect(warning?.level == .warning)
        #expect(warning?.metadata["sqlstate"] == "01007" && warning?.metadata["severity"] == "WARNING")
    }

    @Test func leavingAStreamEarlySendsNoNeedlessRollback() async throws {
        let recorder = LogRecorder()
        try await withLoggedDatabase(recorder) { db in
            for _ in 0..<3 {
                var seen = 0
                for try await _ in db.stream("SELECT generate_series(1, 1000000000)") {
                    seen += 1
                    if seen == 5 { break }
                }
                let after = try await db.query("SELECT 1", as: Int32.self)
                #expect(after == [1])
            }
        }
        // A ROLLBACK outside a transaction block answers WARNING 25P01.
        let warnings = recorder.messages.filter { $0.metadata["sqlstate"] == "25P01" }
        #expect(warnings.isEmpty, "\(warnings.map(\.text))")
    }
}

/// A one-connection pool on a fresh database whose logger is `recorder`.
private func withLoggedDatabase(_ recorder: LogRecorder, _ body: (Database) async throws -> Void) async throws {
    try await withTestDatabase { testDatabase in
        var configuration = try PostgresConfiguration(testDatabase.connectionString)
        configuration.pool.maxConnections = 1
        configuration.logger = Logger(label: "test") { _ in recorder }
        let db = try await Database.connect(configuration)
        do {
            try await body(db)
            await db.shutdown()
        } catch {
            await db.shutdown()
            throw error
        }
    }
}
