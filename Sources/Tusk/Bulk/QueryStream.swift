import CLibPQ
import Foundation

/// Rows of a query delivered as they arrive (libpq single-row mode), with bounded memory: at
/// most a chunk of rows is held at a time, whatever the result size.
///
/// ```swift
/// for try await row in db.stream("SELECT id, body FROM events ORDER BY id") {
///     let (id, body) = try row.decode(Int64.self, String.self)
/// }
/// ```
///
/// Stopping early (`break`, a thrown error, task cancellation) cancels the query on the server
/// and returns the connection clean. The stream holds one connection from its first row to its
/// end; do not run other statements on that connection meanwhile.
public struct QueryStream: AsyncSequence, Sendable {
    public typealias Element = Row

    let statement: SQL
    let lease: @Sendable () async throws -> Connection
    let release: @Sendable (Connection) async -> Void
    /// Rows fetched per hop to the connection's thread.
    let chunkSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(state: StreamState(stream: self))
    }

    public struct Iterator: AsyncIteratorProtocol {
        let state: StreamState
        var buffer: [QueryResult] = []
        var position = 0

        public mutating func next() async throws -> Row? {
            if position < buffer.count {
                defer { position += 1 }
                return buffer[position][0]
            }
            buffer = try await state.fetch()
            position = 0
            guard !buffer.isEmpty else { return nil }
            position = 1
            return buffer[0][0]
        }
    }
}

/// The connection behind one iteration; its deinit stops an unfinished stream.
final class StreamState: @unchecked Sendable {
    private let stream: QueryStream
    private var connection: Connection?
    private var finished = false

    init(stream: QueryStream) { self.stream = stream }

    func fetch() async throws -> [QueryResult] {
        if finished { return [] }
        let connection: Connection
        if let existing = self.connection {
            connection = existing
        } else {
            connection = try await stream.lease()
            self.connection = connection
            let statement = stream.statement
            do {
                try await connection.perform(statement.text) { session in try session.startStream(statement) }
            } catch {
                await finish()
                throw error
            }
        }
        let size = stream.chunkSize
        let text = stream.statement.text
        do {
            let (rows, done) = try await connection.perform(text) { session in try session.fetchRows(max: size, text) }
            if done { await finish() }
            return rows
        } catch {
            await finish()
            throw error
        }
    }

    private func finish() async {
        finished = true
        guard let connection else { return }
        self.connection = nil
        try? await connection.performUncancellable(nil) { session in session.stopStream() }
        await stream.release(connection)
    }

    deinit {
        guard !finished, let connection else { return }
        // Queue the stop now (jobs run in order), so whoever uses the connection next finds it clean.
        let session = connection.session
        connection.worker.submit { session.stopStream() }
        let release = stream.release
        Task { await release(connection) }
    }
}

extension Connection {
    /// Streams the rows of `statement` on this connection. See ``QueryStream``.
    public func stream(_ statement: SQL, chunkSize: Int = 256) -> QueryStream {
        QueryStream(statement: statement, lease: { self }, release: { _ in }, chunkSize: max(1, chunkSize))
    }
}

extension Database {
    /// Streams the rows of `statement` on a pooled connection, leased for the stream's duration:
    /// with replicas, a read's stream runs on one (as ``query(_:)`` does, without moving to the
    /// primary once rows have come).
    public func stream(_ statement: SQL, chunkSize: Int = 256) -> QueryStream {
        let replica = StreamReplica()
        let onReplica = replicaSet != nil && !ReadRouting.primaryOnly && statement.isReplicaRead
        return QueryStream(
            statement: statement,
            lease: {
                if onReplica, let replicaSet = self.replicaSet, let lease = try await replicaSet.leaseForStream() {
                    replica.set(lease.pool, lease.replica)
                    return lease.connection
                }
                return try await self.pool.acquire()
            },
            release: { connection in
                if let (pool, index) = replica.take() {
                    await self.restore(connection, into: pool)
                    self.replicaSet?.streamEnded(replica: index)
                } else {
                    await self.restore(connection)
                }
            }, chunkSize: max(1, chunkSize))
    }
}

/// The replica pool a stream's connection came from (nil: the primary's).
private final class StreamReplica: @unchecked Sendable {
    private let lock = NSLock()
    private var leased: (ConnectionPool, Int)?

    func set(_ pool: ConnectionPool, _ index: Int) { lock.withLock { leased = (pool, index) } }

    func take() -> (ConnectionPool, Int)? {
        lock.withLock {
            defer { leased = nil }
            return leased
        }
    }
}

extension LibPQSession {
    func startStream(_ sql: SQL) throws {
        // Encode first: resolving a named type runs a query of its own.
        let parameters = try encode(sql)
        try enter(.streaming, sql.text)
        do {
            try sendStream(sql, parameters)
        } catch {
            leave()
            throw error
        }
    }

    private func sendStream(_ sql: SQL, _ parameters: EncodedParameters) throws {
        let connection = try liveConnection()
        let sent = parameters.types.withUnsafeBufferPointer { types in
            parameters.withPointers { values, lengths, formats in
                PQsendQueryParams(connection, sql.text, Int32(types.count), types.baseAddress, values, lengths, formats, 1)
            }
        }
        guard sent == 1 else { throw failure("cannot send the query") }
        // Must come right after sending, before any result is read.
        _ = PQsetSingleRowMode(connection)
        try flush(sql.text)
    }

    /// Up to `max` rows: waits for the first, then takes only what has already arrived.
    func fetchRows(max: Int, _ statement: String) throws -> (rows: [QueryResult], done: Bool) {
        if state == .idle { return ([], true) }  // ended (or stopped) already
        try expect(.streaming, statement)
        let connection = try liveConnection()
        var rows: [QueryResult] = []
        while rows.count < max {
            if !rows.isEmpty && PQisBusy(connection) == 1 {
                guard PQconsumeInput(connection) == 1 else { throw failure("reading rows") }
                if PQisBusy(connection) == 1 { break }
            }
            guard let result = try nextResult(statement) else {
                leave()
                return (rows, true)
            }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                rows.append(QueryResult(handle: result, statement: statement))
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                PQclear(result)  // the end of the rows; a NULL follows
            default:
                let error = serverError(from: result, statement: statement)
                PQclear(result)
                while let rest = try nextResult(statement) { PQclear(rest) }
                leave()
                throw error
            }
        }
        return (rows, false)
    }

    /// Cancels an unfinished stream on the server and discards what is still in flight.
    func stopStream() {
        assertConfined()
        guard state == .streaming, let connection else { return }
        defer { leave() }
        if let cancel = PQgetCancel(connection) {
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &buffer, Int32(buffer.count))
            PQfreeCancel(cancel)
        }
        while let result = try? nextResult(nil) { PQclear(result) }
    }
}
