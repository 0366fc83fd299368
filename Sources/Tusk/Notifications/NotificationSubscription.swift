import Foundation

/// One consumer of one channel: its bounded stream and the gap it owes.
final class NotificationSubscription: @unchecked Sendable {
    let id: UInt64
    let channel: String
    private let continuation: AsyncStream<PostgresNotificationEvent>.Continuation
    private let lock = NSLock()
    private var owedGap: NotificationGapReason?
    private var dropped = 0

    init(id: UInt64, channel: String, continuation: AsyncStream<PostgresNotificationEvent>.Continuation) {
        self.id = id
        self.channel = channel
        self.continuation = continuation
    }

    var droppedCount: Int { lock.withLock { dropped } }

    /// Delivers `notification`, first the gap this consumer is owed, if any. A full buffer
    /// drops the notification and owes a `.slowConsumer` gap.
    func deliver(_ notification: PostgresNotification) {
        lock.withLock {
            if let gap = owedGap {
                guard case .enqueued = continuation.yield(.gap(gap)) else {
                    dropped += 1
                    return
                }
                owedGap = nil
            }
            if case .dropped = continuation.yield(.notification(notification)) {
                dropped += 1
                owedGap = .slowConsumer
            }
        }
    }

    /// Marks a loss that happened for every consumer (the connection was away): delivered now
    /// if there is room, else before the next notification.
    func deliverGap(_ reason: NotificationGapReason) {
        lock.withLock {
            if case .dropped = continuation.yield(.gap(reason)) { owedGap = owedGap ?? reason }
        }
    }

    func finish() { continuation.finish() }
}
