import Foundation
import Testing
import Tusk
import TuskTesting

/// `stream` reads a read through a cursor in chunks (FETCH), anything else in single-row mode;
/// whichever way it stops, the connection is left clean.
@Suite struct StreamTests {
    /// Whether the session has no transaction block (two statements get transaction ids of
    /// their own) and no stream's cursor open.
    static func isClean(_ connection: Connection) async throws -> Bool {
        let first = try await connection.queryFirst("SELECT pg_current_xact_id()::text", as: String.self)
        let second = try await connection.queryFirst("SELECT pg_current_xact_id()::text", as: String.self)
        let cursors = try await connection.queryFirst(
            "SELECT count(*) FROM pg_cursors WHERE name LIKE 'tusk\\_stream\\_%'", as: Int64.self)
        return first != second && cursors == 0
    }

    @Test func aReadCrossesChunksInOrderThroughACursor() async throws {
        try await withDatabase { db, _ in try await db.withConnection(Self.readCrossesChunks) }
    }

    static func readCrossesChunks(_ connection: Connection) async throws {
        let pid = try await connection.queryFirst("SELECT pg_backend_pid()", as: Int32.self) ?? 0
        let watcher = try await Connection.connect(connection.configuration)
        var expected: Int64 = 1
        var lastQuery: String?
        for try await row in connection.stream("SELECT g::int8 FROM generate_series(1, \(Int64(10_007))) g", chunkSize: 100) {
            #expect(try row.decode(Int64.self, at: 0) == expected)
            if expected == 5_000 {
                let sql: SQL = "SELECT query FROM pg_stat_activity WHERE pid = \(pid) AND datname = current_database()"
                lastQuery = try await watcher.queryFirst(sql, as: String.self)
            }
            expected += 1
        }
        await watcher.close()
        #expect(expected == 10_008)
        // The stream's session last ran (or runs) a FETCH of the chunk size.
        #expect(lastQuery?.hasPrefix("FETCH FORWARD 100 FROM tusk_stream_") == true, "\(lastQuery ?? "nil")")
        #expect(try await isClean(connection))
    }

    @Test func parametersAndErrorPositionsAreTheStatementsOwn() async throws {
        try await withDatabase { db, _ in
            var seen: [Int64] = []
            for try await row in db.stream("SELECT g::int8 FROM generate_series(1, \(Int64(20))) g WHERE g % \(Int64(7)) = 0") {
                seen.append(try row.decode(Int64.self, at: 0))
            }
            #expect(seen == [7, 14])
            let error = await postgresError {
                for try await _ in db.stream("SELECT nosuch FROM generate_series(1, 3)") {}
            }
            #expect(error?.sqlState == "42703")
            #expect(error?.position == 8, "the position in the caller's statement, not in the DECLARE")
            #expect(error?.statement == "SELECT nosuch FROM generate_series(1, 3)")
        }
    }

    @Test func stoppingEarlyLeavesTheConnectionClean() async throws {
        try await withDatabase { db, _ in try await db.withConnection(Self.stopEarly) }
    }

    static func stopEarly(_ connection: Connection) async throws {
        // break
        var seen = 0
        for try await _ in connection.stream("SELECT generate_series(1, 1000000000)", chunkSize: 50) {
            seen += 1
            if seen == 120 { break }
        }
        #expect(seen == 120)
        #expect(try await isClean(connection))
        // an error thrown by the loop's body
        struct Stop: Error {}
        await #expect(throws: Stop.self) {
            for try await _ in connection.stream("SELECT generate_series(1, 1000000000)") { throw Stop() }
        }
        #expect(try await isClean(connection))
        // the iterator dropped after a row
        do {
            var rows = connection.stream("SELECT generate_series(1, 1000000000)").makeAsyncIterator()
            _ = try await rows.next()
        }
        #expect(try await isClean(connection))
    }

    @Test func aTaskCancelledMidStreamLeavesTheConnectionClean() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, _ in
            let started = Counter()
            let task = Task {
                for try await _ in db.stream("SELECT generate_series(1, 1000000000)", chunkSize: 10) {
                    started.add()
                }
            }
            try await waitUntil("rows arrive", timeout: .seconds(60)) { started.value > 20 }
            task.cancel()
            _ = await task.result
            let clean = try await db.withConnection { connection in try await Self.isClean(connection) }
            #expect(clean)
        }
    }

    @Test func anErrorMidStreamSurfacesWithItsSQLState() async throws {
        try await withDatabase { db, _ in try await db.withConnection(Self.errorMidStream) }
    }

    static func errorMidStream(_ connection: Connection) async throws {
        var rows = 0
        let error = await postgresError {
            for try await row in connection.stream("SELECT 1 / (i - 5000) FROM generate_series(1, 10000) i", chunkSize: 100) {
                _ = try row.decode(Int32.self, at: 0)
                rows += 1
            }
        }
        #expect(error?.sqlState == "22012")
        #expect(rows == 4_900, "every whole chunk before the failing one")
        #expect(try await isClean(connection))
    }

    @Test func insideATransactionTheStreamSeesItsRowsAndLeavesItOpen() async throws {
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE items (id int8 PRIMARY KEY)")
            try await db.withConnection(Self.streamInTransaction)
            let left = try await db.queryFirst("SELECT count(*) FROM items", as: Int64.self)
            #expect(left == 0, "the stream committed nothing of the transaction it joined")
        }
    }

    static func streamInTransaction(_ connection: Connection) async throws {
        struct Undo: Error {}
        await #expect(throws: Undo.self) {
            try await connection.transaction { tx in
                _ = try await tx.query("INSERT INTO items SELECT generate_series(1, 1000)")
                var sum: Int64 = 0
                for try await row in connection.stream("SELECT id FROM items ORDER BY id", chunkSize: 64) {
                    sum += try row.decode(Int64.self, at: 0)
                }
                #expect(sum == 500_500)
                for try await _ in connection.stream("SELECT id FROM items", chunkSize: 64) { break }
                let cursors = try await tx.query("SELECT count(*) FROM pg_cursors WHERE name LIKE 'tusk\\_stream\\_%'")
                #expect(try cursors[0].decode(Int64.self, at: 0) == 0)
                _ = try await tx.query("INSERT INTO items VALUES (1001)")
                throw Undo()
            }
        }
        #expect(try await isClean(connection))
    }

    @Test func aWritingStatementStreamsInSingleRowMode() async throws {
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE items (id int8 PRIMARY KEY)")
            var ids: [Int64] = []
            for try await row in db.stream("INSERT INTO items SELECT generate_series(1, 500) RETURNING id", chunkSize: 16) {
                ids.append(try row.decode(Int64.self, at: 0))
            }
            #expect(ids == Array(1...500))
            let count = try await db.queryFirst("SELECT count(*) FROM items", as: Int64.self)
            #expect(count == 500)
        }
    }
}

/// A count shared with a task.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
