import Foundation
import Testing
import Tusk

/// `run_logs` is partitioned by month (`partition_by: { range: created_at, interval: month,
/// premake: 3 }`) and keeps 90 days (`retention:`). Time moves by the data and the `now:` the
/// calls are given, never by waiting.
@Suite struct PartitionRetentionTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T12:00:00Z")! }

    static func partitions(_ db: Database) async throws -> [String] {
        try await db.query(SQL("""
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'run_logs'::regclass ORDER BY 1
            """), as: String.self)
    }

    static func rowsPerPartition(_ db: Database) async throws -> [String] {
        try await db.query(SQL("SELECT tableoid::regclass::text || '=' || n FROM (SELECT tableoid, count(*) AS n FROM run_logs GROUP BY tableoid) AS counted ORDER BY 1"), as: String.self)
    }

    @Test func partitionsAreMadeAheadAndRowsInTheDefaultMoveIn() async throws {
        try await withSchemaDatabase { db in try await Self.partitionsAreMadeAheadAndRowsInTheDefaultMoveIn(db) }
    }

    static func partitionsAreMadeAheadAndRowsInTheDefaultMoveIn(_ db: Database) async throws {
        // Before any monthly partition exists, rows land in the default partition.
        _ = try await db.insert([
            RunLog.Insert(message: "early", createdAt: date("2026-11-20")),
            RunLog.Insert(message: "later", createdAt: date("2026-12-03")),
        ])
        let before = try await rowsPerPartition(db)
        #expect(before == ["run_logs_default=2"])

        let made = try await db.createPartitions(of: RunLog.self, now: date("2026-12-06"))
        #expect(made == ["run_logs_p2026_12", "run_logs_p2027_01", "run_logs_p2027_02"])
        // December's row moved into its partition; November's stays in the default.
        let after = try await rowsPerPartition(db)
        #expect(after == ["run_logs_default=1", "run_logs_p2026_12=1"])
        let again = try await db.createPartitions(of: RunLog.self, now: date("2026-12-31"))
        #expect(again == [], "the same months are not made twice")
        let next = try await db.createPartitions(of: RunLog.self, now: date("2027-01-15"))
        #expect(next == ["run_logs_p2027_03"])
        let all = try await partitions(db)
        #expect(all == ["run_logs_default", "run_logs_p2026_12", "run_logs_p2027_01", "run_logs_p2027_02", "run_logs_p2027_03"])
        let count = try await RunLog.query.count(on: db)
        #expect(count == 2)
    }

    @Test func retentionDropsWholeExpiredMonthsAndDeletesOldRowsOfTheDefault() async throws {
        try await withSchemaDatabase { db in try await Self.retentionDropsWholeExpiredMonthsAndDeletesOldRowsOfTheDefault(db) }
    }

    static func retentionDropsWholeExpiredMonthsAndDeletesOldRowsOfTheDefault(_ db: Database) async throws {
        _ = try await db.createPartitions(of: RunLog.self, now: date("2026-06-10"))   // June, July, August
        _ = try await db.insert([
            RunLog.Insert(message: "spring", createdAt: date("2026-03-01")),   // default partition
            RunLog.Insert(message: "june", createdAt: date("2026-06-15")),
            RunLog.Insert(message: "july", createdAt: date("2026-07-15")),
            RunLog.Insert(message: "august", createdAt: date("2026-08-15")),
        ])
        // 90 days before 2026-10-05 is 2026-07-07: June is wholly past it, July is not.
        let result = try await db.applyRetention(to: RunLog.self, now: date("2026-10-05"))
        #expect(result.droppedPartitions == ["run_logs_p2026_06"])
        #expect(result.deletedRows == 1, "the March row in the default partition")
        let left = try await RunLog.order { $0.createdAt }.select { $0.message }.all(on: db)
        #expect(left == ["july", "august"])
        let nothing = try await db.applyRetention(to: RunLog.self, now: date("2026-10-05"))
        #expect(nothing == RetentionResult(droppedPartitions: [], deletedRows: 0))
    }

    @Test func aTableWithoutRetentionSaysSo() async throws {
        try await withSchemaDatabase { db in
            let error = await thrown(QueryError.self) { _ = try await db.applyRetention(to: User.self) }
            #expect(error?.message == "applyRetention: users has no 'retention:' in schema.yaml")
        }
    }
}
