import Foundation
import Testing
import Tusk
import TuskMigrator
import TuskTesting

/// Read replicas on a real primary and streaming standbys that the tests start
/// (`pg_basebackup -R`, hot standby): routing by statement kind, round-robin and least-busy,
/// read-your-writes under continuous writes, a standby stopped and restarted, one lagging
/// (replay paused) leaving the rotation and coming back. Figures: `TUSK_PRINT_FIGURES=1`.
@Suite struct ReplicaTests {
    /// A primary with an `items` table, `standbys` standbys of it, and a Database over them all.
    private func withReplicas(
        standbys count: Int = 1, configure: (inout PostgresConfiguration) -> Void = { _ in },
        _ body: (Database, PostgresCluster, [PostgresCluster]) async throws -> Void
    ) async throws {
        let primary = try await PostgresCluster.start()
        defer { primary.stop() }
        _ = try await primary.adminQuery("CREATE TABLE items (id int8 PRIMARY KEY, note text NOT NULL); CREATE SEQUENCE numbers")
        var standbys: [PostgresCluster] = []
        defer { standbys.forEach { $0.stop() } }
        for _ in 0..<count { standbys.append(try await primary.startStandby()) }
        var configuration = try PostgresConfiguration(primary.connectionString(database: "postgres"))
        for standby in standbys { try configuration.addReplica(standby.connectionString(database: "postgres")) }
        configuration.pool.maxConnections = 8
        configuration.replicaOptions.checkInterval = .milliseconds(50)
        configuration.replicaOptions.maxLag = .seconds(1)
        configure(&configuration)
        let db = try await Database.connect(configuration)
        try await withShutdown(db) { db in try await body(db, primary, standbys) }
    }

    /// Whether a read outside any write of this task's ran on a standby (a new task: no fence).
    private func readsOnStandby(_ db: Database) async throws -> Bool? {
        try await Task { try await db.queryFirst("SELECT pg_is_in_recovery()", as: Bool.self) }.value
    }

    @Test func readsGoToReplicasAndEverythingElseToThePrimary() async throws {
        try await withReplicas(standbys: 2) { db, primary, standbys in
            #expect(db.replicaStatuses.map(\.isHealthy) == [true, true])
            let health = try await db.healthCheck()
            #expect(health.port == primary.port)
            #expect(health.replicas.map(\.isHealthy) == [true, true])
            #expect(try await readsOnStandby(db) == true)
            // Round-robin: consecutive reads alternate between the two standbys.
            let ports = try await Task {
                var ports: [String] = []
                for _ in 0..<6 { ports.append(try await db.queryFirst("SELECT current_setting('port')", as: String.self) ?? "") }
                return ports
            }.value
            let standbyPorts = Set(standbys.map { String($0.port) })
            #expect(Set(ports) == standbyPorts)
            #expect(zip(ports, ports.dropFirst()).allSatisfy { $0 != $1 })

            // A row stream of a read runs on a replica too.
            let streamed = try await Task {
                var rows: [Bool] = []
                for try await row in db.stream("SELECT pg_is_in_recovery() FROM generate_series(1, 3)") {
                    rows.append(try row.decode(Bool.self, at: 0))
                }
                return rows
            }.value
            #expect(streamed == [true, true, true])
            // Stopped early, it gives its replica connection back usable (the endless query cancelled).
            try await Task {
                for try await _ in db.stream("SELECT generate_series(1, 1000000000)") { break }
            }.value
            #expect(try await readsOnStandby(db) == true)

            // Writes, transactions (read-only ones too), locking reads, db.primary, withConnection,
            // batches and LISTEN: the primary.
            #expect(try await db.queryFirst("INSERT INTO items VALUES (1, 'a') RETURNING pg_is_in_recovery()", as: Bool.self) == false)
            #expect(try await db.transaction { try await $0.queryFirst("SELECT pg_is_in_recovery()", as: Bool.self) } == false)
            #expect(try await db.transaction(readOnly: true) { try await $0.queryFirst("SELECT pg_is_in_recovery()", as: Bool.self) } == false)
            let locking = try await Task {
                // A read built by Tusk says it writes nothing; its FOR UPDATE / FOR SHARE still sends it to the primary.
                let forUpdate = try await db.queryFirst(
                    SQL("SELECT pg_is_in_recovery() FROM items FOR UPDATE").invalidating(tables: []), as: Bool.self)
                let forShare = try await db.queryFirst(
                    SQL("SELECT pg_is_in_recovery() FROM items FOR KEY SHARE").invalidating(tables: []), as: Bool.self)
                return [forUpdate, forShare]
            }.value
            #expect(locking == [false, false])
            #expect(try await Task { try await db.primary.queryFirst("SELECT pg_is_in_recovery()", as: Bool.self) }.value == false)
            #expect(try await db.withConnection { try await $0.queryFirst("SELECT pg_is_in_recovery()", as: Bool.self) } == false)
            let notes = try await db.notifications(channel: "replicas")  // LISTEN fails on a standby
            try await db.notify(channel: "replicas", payload: "hello")
            for await event in notes {
                if case .notification(let note) = event { #expect(note.payload == "hello") }
                break
            }
            // The migrator (DDL under a session advisory lock) runs on the primary.
            let migration = try MigrationSource(
                fileName: "20261206000000_create_notes.sql",
                contents: "-- migrate:up\nCREATE TABLE notes (id int8 PRIMARY KEY);\n-- migrate:down\nDROP TABLE notes;\n")
            #expect(try await db.migrate([migration]).ran == ["20261206000000_create_notes"])
            // A read that writes after all (nextval: 25006 on a standby) is answered by the primary.
            #expect(try await Task { try await db.queryFirst("SELECT nextval('numbers')", as: Int64.self) }.value == 1)
        }
    }

    @Test func leastBusySpreadsConcurrentReads() async throws {
        try await withReplicas(standbys: 2, configure: { $0.replicaOptions.balancing = .leastBusy }) { db, _, standbys in
            let ports = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await db.queryFirst("SELECT current_setting('port') FROM pg_sleep(0.2)", as: String.self) ?? "" }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let counts = Dictionary(grouping: ports, by: { $0 }).mapValues(\.count)
            #expect(Set(counts.keys) == Set(standbys.map { String($0.port) }))
            #expect(counts.values.allSatisfy { $0 == 3 })
        }
    }

    @Test func eachTaskReadsItsOwnWritesUnderContinuousWrites() async throws {
        try await withReplicas { db, _, _ in
            let tally = ReadTally()
            let writers = 6
            let rounds = 60
            // Other tasks read meanwhile without writing: what replicas serve.
            let readers = (0..<2).map { _ in
                Task {
                    while !Task.isCancelled {
                        guard let onStandby = try? await db.queryFirst("SELECT pg_is_in_recovery()", as: Bool.self) else { continue }
                        await tally.plainRead(onStandby: onStandby)
                    }
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for round in 0..<rounds {
                            let id = Int64(writer * 100_000 + round)
                            if round % 3 == 2 {
                                _ = try await db.transaction { tx in try await tx.run("INSERT INTO items VALUES (\(id), 'tx')") }
                            } else {
                                try await db.run("INSERT INTO items VALUES (\(id), 'row')")
                            }
                            // The task's own write, read at once and again after another read.
                            for _ in 0..<2 {
                                let row = try await db.queryFirst(
                                    "SELECT pg_is_in_recovery(), count(*) FROM items WHERE id = \(id)", as: Bool.self, Int64.self)
                                await tally.ownRead(onStandby: row?.0 ?? false, stale: row?.1 != 1)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            readers.forEach { $0.cancel() }
            for reader in readers { await reader.value }
            let figures = await tally.figures
            if ProcessInfo.processInfo.environment["TUSK_PRINT_FIGURES"] != nil { print("read-your-writes:", figures) }
            #expect(figures.ownReads == writers * rounds * 2)
            #expect(figures.staleReads == 0)
            #expect(figures.plainReadsOnStandby > 0)
        }
    }

    @Test func aStoppedReplicaLeavesTheRotationAndComesBack() async throws {
        try await withReplicas { db, _, standbys in
            #expect(try await readsOnStandby(db) == true)
            try await standbys[0].stopServer(mode: .immediate)
            // Reads keep working (on the primary) from the moment the standby is gone: a read on a
            // pooled connection to it fails over to the primary.
            for _ in 0..<20 { #expect(try await readsOnStandby(db) == false) }
            try await waitUntil("the replica is out of the rotation") { db.replicaStatuses.first?.isHealthy == false }
            try await standbys[0].startServer()
            try await waitUntil("reads go to the replica again", timeout: .seconds(30)) { try await readsOnStandby(db) == true }
        }
    }

    @Test func aLaggingReplicaLeavesTheRotationAndComesBack() async throws {
        try await withReplicas(configure: { $0.replicaOptions.maxLag = .milliseconds(300) }) { db, _, standbys in
            #expect(try await readsOnStandby(db) == true)
            _ = try await standbys[0].adminQuery("SELECT pg_wal_replay_pause()")
            let writes = Task {
                var id: Int64 = 1_000_000
                while !Task.isCancelled {
                    id += 1
                    _ = try? await db.run("INSERT INTO items VALUES (\(id), 'lag')")
                }
            }
            defer { writes.cancel() }
            try await waitUntil("the lagging replica is out of the rotation") { db.replicaStatuses.first?.isHealthy == false }
            #expect(db.replicaStatuses.first.map { $0.lag > .milliseconds(300) } == true)
            #expect(try await readsOnStandby(db) == false)
            _ = try await standbys[0].adminQuery("SELECT pg_wal_replay_resume()")
            try await waitUntil("the replica caught up and is back", timeout: .seconds(30)) { try await readsOnStandby(db) == true }
        }
    }
}

/// Counts of the read-your-writes test.
actor ReadTally {
    struct Figures: CustomStringConvertible {
        var ownReads = 0
        var ownReadsOnStandby = 0
        var staleReads = 0
        var plainReads = 0
        var plainReadsOnStandby = 0

        var description: String {
            "\(staleReads) stale of \(ownReads) reads of the task's own write (\(ownReadsOnStandby) served by the replica); "
                + "\(plainReadsOnStandby) of \(plainReads) other reads served by the replica"
        }
    }

    private(set) var figures = Figures()

    func ownRead(onStandby: Bool, stale: Bool) {
        figures.ownReads += 1
        if onStandby { figures.ownReadsOnStandby += 1 }
        if stale { figures.staleReads += 1 }
    }

    func plainRead(onStandby: Bool) {
        figures.plainReads += 1
        if onStandby { figures.plainReadsOnStandby += 1 }
    }
}
