import Foundation
import Testing
import Tusk
import TuskTesting

/// LISTEN/NOTIFY on a real PostgreSQL: delivery, channels, transactions, a lost listener
/// connection, a slow consumer.
@Suite struct NotificationTests {
    @Test func aNotificationReachesItsChannelsConsumerOnly() async throws {
        try await withDatabase { db, _ in
            try await withinBound {
                let jobs = try await db.notifications(channel: "jobs")
                let mail = try await db.notifications(channel: "Mail box")  // quoted: any name
                try await db.notify(channel: "jobs", payload: "job 1")
                try await db.notify(channel: "Mail box", payload: "hello")
                var jobEvents = jobs.makeAsyncIterator()
                var mailEvents = mail.makeAsyncIterator()
                #expect(await jobEvents.next()?.payload == "job 1")
                #expect(await mailEvents.next()?.payload == "hello")
                try await db.notify(channel: "jobs", payload: "job 2")
                #expect(await jobEvents.next()?.payload == "job 2")
            }
        }
    }

    @Test func aNotificationSentInATransactionArrivesAtCommitAndNeverAfterARollback() async throws {
        try await withDatabase { db, _ in
            try await withinBound {
                let events = try await db.notifications(channel: "audit")
                var iterator = events.makeAsyncIterator()
                struct Rollback: Error {}
                try? await db.transaction { tx in
                    try await tx.notify(channel: "audit", payload: "rolled back")
                    throw Rollback()
                }
                try await db.transaction { tx in
                    try await tx.notify(channel: "audit", payload: "committed 1")
                    try await tx.notify(channel: "audit", payload: "committed 2")
                }
                #expect(await iterator.next()?.payload == "committed 1")
                #expect(await iterator.next()?.payload == "committed 2")
            }
        }
    }

    @Test func aLostListenerConnectionIsReopenedAndTheGapReported() async throws {
        try await withDatabase { db, testDatabase in
            try await withinBound {
                let events = try await db.notifications(channel: "work")
                var iterator = events.makeAsyncIterator()
                try await db.notify(channel: "work", payload: "before")
                #expect(await iterator.next()?.payload == "before")
                // End the listener's session from outside, as a failover or an admin would.
                let killed = try await testDatabase.query("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()
                    """)
                #expect(killed == [["t"]])
                #expect(await iterator.next() == .gap(.connectionLost))
                // The gap comes after the channel is listened to again: this one arrives.
                try await db.notify(channel: "work", payload: "after")
                #expect(await iterator.next()?.payload == "after")
            }
        }
    }

    @Test func aSlowConsumerKeepsTheOldestAndIsToldOfTheDroppedOnes() async throws {
        try await withDatabase { db, _ in
            try await withinBound {
                let events = try await db.notifications(channel: "burst", bufferSize: 4)
                // Ten in one transaction: delivered together at commit, nobody consuming yet.
                try await db.transaction { tx in
                    for index in 1...10 { try await tx.notify(channel: "burst", payload: "\(index)") }
                }
                try await waitUntil("six were dropped") { events.droppedCount == 6 }
                var iterator = events.makeAsyncIterator()
                var first: [String?] = []
                for _ in 1...4 { first.append(await iterator.next()?.payload) }
                #expect(first == ["1", "2", "3", "4"])
                // The loss is reported before the next notification that fits.
                try await db.notify(channel: "burst", payload: "11")
                #expect(await iterator.next() == .gap(.slowConsumer))
                #expect(await iterator.next()?.payload == "11")
            }
        }
    }

    @Test func shutdownEndsTheSequences() async throws {
        try await withDatabase { db, _ in
            try await withinBound {
                let events = try await db.notifications(channel: "bye")
                await db.shutdown()
                var iterator = events.makeAsyncIterator()
                #expect(await iterator.next() == nil)
                await #expect(throws: PostgresError.self) { _ = try await db.notifications(channel: "late") }
            }
        }
    }

    /// Runs `body`, cancelling it after `limit` so a missing notification fails the test
    /// (the pending `next()` returns nil) instead of hanging it.
    func withinBound(_ limit: Duration = .seconds(30), _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                Issue.record("no notification within \(limit)")
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

extension PostgresNotificationEvent {
    /// The payload when this is a notification.
    var payload: String? {
        if case .notification(let notification) = self { return notification.payload }
        return nil
    }
}
