/// A `NOTIFY` the server delivered: its channel, payload and the sending backend's pid.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The process id of the session that sent it (`pg_backend_pid()` there).
    public var senderPID: Int32

    public init(channel: String, payload: String, senderPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderPID = senderPID
    }
}

/// What a ``PostgresNotifications`` sequence yields: a notification, or a mark that some were
/// lost at this point.
public enum PostgresNotificationEvent: Sendable, Hashable {
    case notification(PostgresNotification)
    /// Notifications may have been lost here: re-read what they would have told you.
    case gap(NotificationGapReason)
}

public enum NotificationGapReason: Sendable, Hashable {
    /// The listening connection was lost and has been reopened (and every channel listened to
    /// again): anything sent while it was away never reached this process.
    case connectionLost
    /// This consumer fell behind: its buffer was full and newer notifications were dropped.
    case slowConsumer
}

/// The notifications of one channel, from ``Database/notifications(channel:bufferSize:)``.
///
/// Buffering policy: each sequence keeps at most `bufferSize` undelivered events. While it is
/// full, newer notifications are dropped (counted in ``droppedCount``), and one
/// `.gap(.slowConsumer)` is delivered before the next notification that fits, so the consumer
/// always learns of the loss at the place it happened. Stop iterating (or drop the sequence)
/// to unsubscribe; the channel is unlistened when its last consumer leaves.
public struct PostgresNotifications: AsyncSequence, Sendable {
    public typealias Element = PostgresNotificationEvent

    let stream: AsyncStream<PostgresNotificationEvent>
    let subscription: NotificationSubscription

    public var channel: String { subscription.channel }
    /// Notifications dropped because this consumer's buffer was full.
    public var droppedCount: Int { subscription.droppedCount }

    public func makeAsyncIterator() -> AsyncStream<PostgresNotificationEvent>.Iterator {
        stream.makeAsyncIterator()
    }
}

extension QueryRunner {
    /// Sends `payload` on `channel` (`pg_notify`). Inside a transaction it is delivered when the
    /// transaction commits, and not at all when it rolls back, as PostgreSQL does.
    public func notify(channel: String, payload: String = "") async throws {
        _ = try await query("SELECT pg_notify(\(channel), \(payload))")
    }
}
