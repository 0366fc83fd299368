import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// The window between expand and contract on real PostgreSQL 15 and 16: old code (statements
/// naming `name` and `score integer`) and new code (statements naming `full_name` and the new
/// `bigint` column) write while and after the backfill runs, and every row stays consistent both
/// ways; the backfill's batches are separate transactions of at most `batchSize` rows; contract
/// leaves the catalog of a direct build; each down goes back with the rows kept.
@Suite struct ExpandContractWindowTests {
    static let before = """
        tables:
          accounts:
            columns:
              id: { type: bigint, primary_key: true }
              name: text
              score: { type: integer, default: 0 }
        """
    /// A lock_timeout far above the time the writes take while the backfill waits on the held
    /// row, even with every suite running at once on two cores (5 s was seen running out there).
    static let after = """
        migrations:
          lock_timeout: 120s
        tables:
          accounts:
            columns:
              id: { type: bigint, primary_key: true }
              full_name: { type: text, renamed_from: name }
              score: { type: bigint, default: 0 }
        """
    static let rows = 2500
    static let batchSize = 1000

    /// Rows where the two sides disagree (none, whoever wrote them).
    static let inconsistent: SQLScript = """
        SELECT id::text FROM accounts WHERE full_name IS DISTINCT FROM name OR score_tusk_new IS DISTINCT FROM score::bigint ORDER BY id
        """

    func schemas() throws -> (Schema, Schema) {
        (try SchemaLoader.parse(yaml: Self.before, fileName: "before.yaml"), try SchemaLoader.parse(yaml: Self.after, fileName: "after.yaml"))
    }

    @Test(arguments: [PostgresFlavor.standard, .pgvector])
    func oldAndNewCodeStayConsistentThroughTheWindow(flavor: PostgresFlavor) async throws {
        let (before, after) = try schemas()
        let run = try ExpandContractRun(from: before, to: after, batchSize: Self.batchSize)
        let direct = try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: after)))
            return try await CatalogDump.readSchema(db)
        }
        try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: before)))
            let original = try await CatalogDump.readSchema(db)
            try await db.execute("INSERT INTO accounts (id, name, score) SELECT g, 'user ' || g, g FROM generate_series(1, \(literal: Self.rows)) g")

            // Expand by the migrator while old and new code write during the backfill. The first file
            // (column and trigger: an ACCESS EXCLUSIVE moment) goes alone; then a row of the second
            // batch is held locked, so the backfill stops there with batch 1 committed and batch 3
            // not begun; both codes write rows of batches 1 and 3 and insert, and the lock is
            // released (well within the file's lock_timeout).
            #expect(try await run.withMigrator(db, files: 1) { try await $0.up() }.ran == [run.expand[0].id])
            let holder = try await Connection.connect(PostgresConfiguration(db.connectionString))
            try await holder.execute("BEGIN")
            _ = try await holder.query("SELECT id FROM accounts WHERE id = 1500 FOR UPDATE")
            let report = try await withThrowingTaskGroup(of: Migrator.Report?.self) { group in
                group.addTask { try await run.withMigrator(db) { try await $0.up() } }
                group.addTask {
                    do {
                        try await waitUntil("the backfill waiting on the held row") {
                            try await db.query("""
                                SELECT 1 FROM pg_stat_activity
                                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DO %'
                                """) != []
                        }
                        #expect(try await db.query("SELECT count(*)::text FROM accounts WHERE full_name IS NOT NULL") == [["1000"]], "batch 1 only")
                        try await Self.writeAsBothCodes(db, from: 10_001, updating: 1...50)
                        try await Self.writeAsBothCodes(db, from: 10_101, updating: 2001...2050)
                        try await holder.execute("COMMIT")
                        await holder.close()
                    } catch {
                        await holder.close()
                        throw error
                    }
                    return nil
                }
                return try await group.reduce(into: [Migrator.Report]()) { if let r = $1 { $0.append(r) } }.first
            }
            #expect(report?.ran == run.expand.dropFirst().map(\.id))
            #expect(report?.heldBack == run.contract.first?.id, "up stops before the contract")
            #expect(try await db.query(Self.inconsistent) == [])

            // Each batch is one transaction (its rows share an xmin) of at most batchSize rows. The
            // rows the writers updated and inserted are left out: their last writer was not the backfill.
            let batches = try await db.query("""
                SELECT count(*)::text FROM accounts WHERE id BETWEEN 51 AND 2000 OR id BETWEEN 2051 AND \(literal: Self.rows)
                GROUP BY xmin::text ORDER BY 1
                """)
            #expect(batches.count == 3, "\(batches)")
            #expect(batches.allSatisfy { Int($0[0] ?? "") ?? .max <= Self.batchSize }, "\(batches)")

            // After the backfill, interleaved writes of both codes on the same rows.
            try await Self.writeAsBothCodes(db, from: 20_001, updating: 100...140)
            #expect(try await db.query(Self.inconsistent) == [])
            let window = try await CatalogDump.readSchema(db)
            let snapshot = try await db.query("SELECT id::text, full_name, score_tusk_new::text FROM accounts ORDER BY id")

            try await run.withMigrator(db) { migrator in
                #expect(try await migrator.up().ran.isEmpty, "the contract waits until asked")
                #expect(try await migrator.up(includingContracts: true).ran == run.contract.map(\.id))
                let contracted = try await CatalogDump.readSchema(db)
                #expect(contracted == direct, "contract differs from a direct build:\n\(contracted.difference(from: direct))")
                #expect(try await syncObjects(db) == [])
                #expect(try await db.query("SELECT id::text, full_name, score::text FROM accounts ORDER BY id") == snapshot)

                #expect(try await migrator.down(steps: run.contract.count).ran == run.contract.map(\.id))
                #expect(try await CatalogDump.readSchema(db) == window)
                #expect(try await db.query(Self.inconsistent) == [])
                // The window works again after contract's down: old code's writes reach the new side.
                try await Self.writeAsBothCodes(db, from: 30_001, updating: 200...210)
                #expect(try await db.query(Self.inconsistent) == [])

                #expect(try await migrator.down(steps: run.expand.count).ran == run.expand.map(\.id).reversed())
                let restored = try await CatalogDump.readSchema(db)
                #expect(restored == original, "expand's down:\n\(restored.difference(from: original))")
                #expect(try await syncObjects(db) == [])
                #expect(try await db.query("SELECT count(*)::text FROM accounts WHERE name = 'user ' || id AND score = id") == [["\(Self.rows - 50 - 50 - 41 - 11)"]])
            }
        }
    }

    /// Old code inserts and updates through `name`/`score`, new code through `full_name`/`score_tusk_new`,
    /// alternating row by row; then an old update and a new update of the same rows in turn.
    static func writeAsBothCodes(_ db: TestDatabase, from firstID: Int, updating ids: ClosedRange<Int>) async throws {
        // One connection for all the writes: quick enough to run while the backfill waits on a lock.
        try await MigratorTests().withConnection(db) { (connection: Connection) async throws in
            try await writeAsBothCodes(connection, from: firstID, updating: ids)
        }
    }

    static func writeAsBothCodes(_ db: Connection, from firstID: Int, updating ids: ClosedRange<Int>) async throws {
        for i in 0..<10 {
            let id = firstID + i
            if i % 2 == 0 {
                try await db.execute("INSERT INTO accounts (id, name, score) VALUES (\(literal: id), \(literal: "old \(id)"), \(literal: id))")
            } else {
                try await db.execute("INSERT INTO accounts (id, full_name, score_tusk_new) VALUES (\(literal: id), \(literal: "new \(id)"), \(literal: Int64(id) * 3))")
            }
        }
        for id in ids {
            if id % 2 == 0 {
                try await db.execute("UPDATE accounts SET name = \(literal: "old update \(id)"), score = score + 1 WHERE id = \(literal: id)")
            } else {
                try await db.execute("UPDATE accounts SET full_name = \(literal: "new update \(id)"), score_tusk_new = score_tusk_new + 2 WHERE id = \(literal: id)")
            }
        }
        try await db.execute("UPDATE accounts SET name = name || ' (old)' WHERE id = \(literal: ids.lowerBound)")
        try await db.execute("UPDATE accounts SET full_name = full_name || ' (new)' WHERE id = \(literal: ids.lowerBound)")
    }
}
