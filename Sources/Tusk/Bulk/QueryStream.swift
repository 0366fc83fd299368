import CLibPQ
import Foundation

/// Rows of a query delivered in chunks as they arrive, with bounded memory: at most two chunks
/// are held at a time (the one being read and the next one arriving), whatever the result size.
///
/// ```swift
/// for try await row in db.stream("SELECT id, body FROM events ORDER BY id") {
///     let (id, body) = try row.decode(Int64.self, String.self)
/// }
/// ```
///
/// A read (`SELECT`, `VALUES`, `TABLE`, `WITH` without a write) goes through a server-side
/// cursor, `FETCH`ed up to `chunkSize` rows at a time (fewer when rows are wide, so a chunk stays
/// near 4 MB), the next chunk requested while this one is read. Outside a transaction the
/// stream opens its own for the cursor (committed after the last row); inside yours the cursor
/// joins it and is closed at the end. Other statements (`INSERT ... RETURNING`, ...) use libpq's
/// single-row mode.
///
/// Stopping early (`break`, a thrown error, task cancellation, dropping the iterator) returns
/// the connection clean: the cursor closed and the stream's own transaction rolled back (or the
/// single-row query cancelled); a transaction of yours stays usable after a `break`. The stream
/// holds one connection from its first row to its end; do not run other statements on that
/// connection meanwhile.
public struct QueryStream: AsyncSequence, Sendable {
    public typealias Element = Row

    let statement: SQL
    let lease: @Sendable () async throws -> Connection
    let release: @Sendable (Connection) async -> Void
    /// The most rows fetched at once (a cursor's FETCH, or single-row results per hop).
    let chunkSize: Int

    /// Rows per chunk unless the caller says otherwise.
    public static let defaultChunkSize = 4096

    public func makeAsyncIterator() -> Iterator {
        Iterator(state: StreamState(stream: self))
    }

    public struct Iterator: AsyncIteratorProtocol {
        @usableFromInline let state: StreamState
        /// The results of the last fetch: one chunk from a cursor, one result per row otherwise.
        @usableFromInline var results: [QueryResult] = []
        @usableFromInline var resultIndex = 0
        @usableFromInline var rowIndex = 0

        init(state: StreamState) { self.state = state }

        @inlinable
        public mutating func next() async throws -> Row? {
            if resultIndex < results.count {
                let result = results[resultIndex]
                if rowIndex < result.count {
                    defer { rowIndex += 1 }
                    return result[rowIndex]
                }
            }
            return try await nextResult()
        }

        /// Moves to the next result with rows, fetching when none is left.
        @usableFromInline
        mutating func nextResult() async throws -> Row? {
            while true {
                resultIndex += 1
                rowIndex = 0
                if resultIndex >= results.count {
                    results = try await state.fetch()
                    resultIndex = 0
                    if results.isEmpty { return nil }
                }
                if results[resultIndex].count > 0 {
                    rowIndex = 1
                    return results[resultIndex][0]
                }
            }
        }
    }
}

/// The connection behind one iteration; its deinit stops an unfinished stream.
@usableFromInline
final class StreamState: @unchecked Sendable {
    private let stream: QueryStream
    private var connection: Connection?
    private var finished = false

    init(stream: QueryStream) { self.stream = stream }

    /// The next results; empty at the end.
    @usableFromInline
    func fetch() async throws -> [QueryResult] {
        if finished { return [] }
        let statement = stream.statement
        let size = stream.chunkSize
        do {
            let rows: [QueryResult]
            let done: Bool
            if let connection {
                (rows, done) = try await connection.perform(statement.text) { session in try session.fetchRows(max: size, statement.text) }
            } else {
                let connection = try await stream.lease()
                self.connection = connection
                // Opening and the first chunk: one hop.
                (rows, done) = try await connection.perform(statement.text) { session in
                    try session.startStream(statement, chunkSize: size)
                    return try session.fetchRows(max: size, statement.text)
                }
            }
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
        // Stop now: inline when this task runs on the connection's thread (withConnection),
        // else queued (jobs run in order), so whoever uses the connection next finds it clean.
        let session = connection.session
        if connection.worker.isCurrent {
            session.stopStream()
        } else {
            connection.worker.submit { session.stopStream() }
        }
        let release = stream.release
        Task { await release(connection) }
    }
}

extension Connection {
    /// Streams the rows of `statement` on this connection. See ``QueryStream``.
    public func stream(_ statement: SQL, chunkSize: Int = QueryStream.defaultChunkSize) -> QueryStream {
        QueryStream(statement: statement, lease: { self }, release: { _ in }, chunkSize: max(1, chunkSize))
    }
}

extension Database {
    /// Streams the rows of `statement` on a pooled connection, leased for the stream's duration:
    /// with replicas, a read's stream runs on one (as ``query(_:)`` does, without moving to the
    /// primary once rows have come).
    public func stream(_ statement: SQL, chunkSize: Int = QueryStream.defaultChunkSize) -> QueryStream {
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
    /// Opens a stream of `sql`'s rows: a cursor for a read, single-row mode otherwise.
    func startStream(_ sql: SQL, chunkSize: Int) throws {
        // Encode first: resolving a named type runs a query of its own.
        let parameters = try encode(sql)
        try enter(.streaming, sql.text)
        do {
            if StreamCursor.canRead(sql) {
                try openCursor(sql, parameters, maxRows: chunkSize)
            } else {
                try sendSingleRow(sql, parameters)
            }
        } catch {
            stopStream()
            throw error
        }
    }

    /// The next rows of the open stream (a cursor's chunk, or up to `max` single rows), and
    /// whether they are the last; the session is idle again after the last or an error.
    func fetchRows(max: Int, _ statement: String) throws -> (rows: [QueryResult], done: Bool) {
        if state == .idle { return ([], true) }  // ended (or stopped) already
        try expect(.streaming, statement)
        do {
            let fetched = try cursor != nil ? fetchChunk(statement) : fetchSingleRows(max: max, statement)
            if fetched.done { leave() }
            return fetched
        } catch {
            // A single-row stream has read to the end of a failed query already.
            if cursor != nil { stopStream() } else { leave() }
            throw error
        }
    }

    /// Ends an unfinished stream: closes its cursor (and the transaction it opened), or
    /// cancels its single-row query; what is still in flight is discarded.
    func stopStream() {
        assertConfined()
        guard state == .streaming, connection != nil else { return }
        defer {
            cursor = nil
            leave()
        }
        if let cursor {
            // A failure here is the connection's (then broken) or leaves a transaction the pool rolls back.
            try? closeCursor(cursor, completed: false)
        } else {
            stopSingleRows()
        }
    }
}
