import CLibPQ
import Foundation
import Logging

/// The one dedicated connection per ``Database`` that carries every `LISTEN`.
///
/// It runs on a thread of its own (libpq is driven synchronously there, like every session):
/// it waits on the socket, hands each notification to the channel's consumers, and runs the
/// LISTEN/UNLISTEN commands that subscriptions queue. When the connection is lost it reopens
/// it (backing off up to 2 s), listens to every channel again and tells each consumer that a
/// gap happened. Nothing is opened until the first subscription.
final class NotificationListener: @unchecked Sendable {
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let lock = NSLock()
    private var subscriptions: [String: [UInt64: NotificationSubscription]] = [:]
    private var commands: [Command] = []
    private var nextID: UInt64 = 0
    private var thread: Thread?
    private var stopped = false
    /// True while the thread runs (it may hold a session); `stop()` waits for it to end.
    private var running = false
    private var ended: [CheckedContinuation<Void, Never>] = []
    /// Told at once when the connection is lost (before it is reopened and the gap delivered).
    private var lossObservers: [@Sendable () -> Void] = []

    private enum Command {
        case listen(String, CheckedContinuation<Void, Error>)
        case unlisten(String)
    }

    /// How long the thread waits on the socket before it looks at new commands.
    private static let commandLatency: Int32 = 50

    init(configuration: PostgresConfiguration) {
        self.configuration = configuration
        self.logger = configuration.logger
    }

    /// Calls `observer` on the listener's thread each time the connection is found lost.
    func onConnectionLost(_ observer: @escaping @Sendable () -> Void) {
        lock.withLock { lossObservers.append(observer) }
    }

    /// Adds a consumer of `channel`; returns once the server listens to it.
    func subscribe(channel: String, bufferSize: Int) async throws -> PostgresNotifications {
        try configuration.requireSessionPersistence(
            for: "LISTEN (notifications, the job queue's workers, cross-process cache invalidation)")
        let (stream, continuation) = AsyncStream.makeStream(
            of: PostgresNotificationEvent.self, bufferingPolicy: .bufferingOldest(max(1, bufferSize)))
        let (subscription, isNewChannel) = try lock.withLock { () throws -> (NotificationSubscription, Bool) in
            guard !stopped else { throw PostgresError(kind: .poolClosed, message: "the database is shut down") }
            nextID += 1
            let subscription = NotificationSubscription(id: nextID, channel: channel, continuation: continuation)
            let isNew = subscriptions[channel, default: [:]].isEmpty
            subscriptions[channel, default: [:]][subscription.id] = subscription
            return (subscription, isNew)
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(subscription) }
        if isNewChannel {
            do {
                try await withCheckedThrowingContinuation { (listened: CheckedContinuation<Void, Error>) in
                    enqueue(.listen(channel, listened))
                }
            } catch {
                unsubscribe(subscription)
                throw error
            }
        }
        return PostgresNotifications(stream: stream, subscription: subscription)
    }

    private func unsubscribe(_ subscription: NotificationSubscription) {
        lock.withLock {
            subscriptions[subscription.channel]?[subscription.id] = nil
            if subscriptions[subscription.channel]?.isEmpty == true {
                subscriptions[subscription.channel] = nil
                if !stopped { commands.append(.unlisten(subscription.channel)) }
            }
        }
    }

    private func enqueue(_ command: Command) {
        let start: Bool = lock.withLock {
            if stopped {
                if case .listen(_, let continuation) = command {
                    continuation.resume(throwing: PostgresError(kind: .poolClosed, message: "the database is shut down"))
                }
                return false
            }
            commands.append(command)
            if thread == nil { running = true }
            return thread == nil
        }
        if start {
            let thread = Thread { [self] in run() }
            thread.name = "tusk-listener"
            thread.stackSize = 1 << 20
            lock.withLock { self.thread = thread }
            thread.start()
        }
    }

    /// Ends every consumer's sequence and returns once the connection is closed.
    func stop() async {
        stopConsumers()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let hasEnded = lock.withLock {
                if running { ended.append(continuation) }
                return !running
            }
            if hasEnded { continuation.resume() }
        }
    }

    private func stopConsumers() {
        let (all, pending) = lock.withLock { () -> ([NotificationSubscription], [Command]) in
            stopped = true
            defer {
                subscriptions = [:]
                commands = []
            }
            return (subscriptions.values.flatMap(\.values), commands)
        }
        for case .listen(_, let continuation) in pending {
            continuation.resume(throwing: PostgresError(kind: .poolClosed, message: "the database is shut down"))
        }
        for subscription in all { subscription.finish() }
    }

    // MARK: The listener thread

    private func run() {
        var session: LibPQSession?
        var wasConnected = false
        var backoff = 0.05
        while !lock.withLock({ stopped }) {
            if session == nil {
                do {
                    session = try open(afterLoss: wasConnected)
                    wasConnected = true
                    backoff = 0.05
                } catch {
                    failPendingListens(with: error, ifNeverConnected: !wasConnected)
                    logger.warning("the LISTEN connection could not be opened; retrying", metadata: ["error": "\(error)"])
                    Thread.sleep(forTimeInterval: backoff)
                    backoff = min(backoff * 2, 2)
                    continue
                }
            }
            guard let live = session else { continue }
            do {
                try runCommands(on: live)
                try receive(on: live)
            } catch {
                logger.warning("the LISTEN connection was lost; reopening it", metadata: ["error": "\(error)"])
                live.close()
                session = nil
                for observer in lock.withLock({ lossObservers }) { observer() }
            }
        }
        session?.close()
        let waiting = lock.withLock {
            running = false
            defer { ended = [] }
            return ended
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Opens the connection and listens to every channel that has consumers; after a loss,
    /// tells each consumer that notifications may have been missed.
    private func open(afterLoss: Bool) throws -> LibPQSession {
        let session = try LibPQSession.connect(configuration)
        let (channels, all) = lock.withLock { (Array(subscriptions.keys), subscriptions.values.flatMap(\.values)) }
        for channel in channels { _ = try session.simple("LISTEN " + Self.quoted(channel)) }
        if afterLoss { for subscription in all { subscription.deliverGap(.connectionLost) } }
        return session
    }

    private func failPendingListens(with error: Error, ifNeverConnected: Bool) {
        guard ifNeverConnected else { return }
        let pending = takeCommands()
        for case .listen(let channel, let continuation) in pending {
            lock.withLock { subscriptions[channel] = nil }
            continuation.resume(throwing: error)
        }
    }

    /// The commands queued so far, leaving none.
    private func takeCommands() -> [Command] {
        lock.withLock {
            defer { commands.removeAll() }
            return commands
        }
    }

    private func runCommands(on session: LibPQSession) throws {
        let pending = takeCommands()
        for (index, command) in pending.enumerated() {
            do {
                switch command {
                case .listen(let channel, let continuation):
                    _ = try session.simple("LISTEN " + Self.quoted(channel))
                    continuation.resume()
                case .unlisten(let channel):
                    // A consumer may have subscribed again meanwhile.
                    if lock.withLock({ subscriptions[channel] == nil }) {
                        _ = try session.simple("UNLISTEN " + Self.quoted(channel))
                    }
                }
            } catch {
                // The connection failed: run what is left after the reconnect (which listens
                // to every channel with consumers anyway).
                lock.withLock { commands.insert(contentsOf: pending[index...], at: 0) }
                throw error
            }
        }
    }

    /// Waits briefly on the socket and hands out what arrived.
    private func receive(on session: LibPQSession) throws {
        let connection = try session.liveConnection()
        let ready = LibPQSession.poll(socket: PQsocket(connection), read: true, write: false, timeoutMilliseconds: Self.commandLatency)
        if ready < 0 { throw session.failure("poll failed") }
        if ready > 0 && PQconsumeInput(connection) == 0 { throw session.failure("the LISTEN connection broke") }
        if PQstatus(connection) != CONNECTION_OK { throw session.failure("the LISTEN connection broke") }
        while let raw = PQnotifies(connection) {
            let notification = PostgresNotification(
                channel: String(cString: raw.pointee.relname), payload: String(cString: raw.pointee.extra),
                senderPID: raw.pointee.be_pid)
            PQfreemem(raw)
            let consumers = lock.withLock { subscriptions[notification.channel].map { Array($0.values) } ?? [] }
            for consumer in consumers { consumer.deliver(notification) }
        }
    }

    /// A channel is an identifier: quoted as every identifier Tusk writes.
    static func quoted(_ channel: String) -> String { SQLFragment.quoted(channel) }
}
