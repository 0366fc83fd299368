import CLibPQ
import Foundation

/// Writes rows for `COPY ... FROM STDIN` in PostgreSQL's binary format. Obtained from
/// ``Connection/copyIn(table:columns:_:)``; values are encoded as they are appended and sent in
/// 256 KiB chunks, each sent on the connection's thread while the next one is filled.
///
/// Binary COPY does no type conversion: each value's Swift type must match its column's type
/// exactly (`Int64` for `bigint`, `Int32` for `integer`, `Date` for `timestamptz`, ...).
public struct CopyWriter {
    @usableFromInline let connection: Connection
    @usableFromInline let statement: String
    /// The chunk being filled.
    @usableFromInline var chunk: CopyBuffer
    /// Encodes the values ``CopyBuffer`` does not write itself (arrays, enums, your types).
    @usableFromInline var scratch: PostgresEncoder
    @usableFromInline let columnCount: Int
    @usableFromInline var rows = 0
    /// The chunk the connection's thread is sending while the next one is filled (nil: none).
    @usableFromInline var inFlight: CopyChunkSend?
    /// A sent chunk's memory, to fill again.
    @usableFromInline var spare: CopyBuffer?
    /// Rows appended so far.
    public var rowCount: Int { rows }
    @usableFromInline static let chunkBytes = 1 << 18

    init(connection: Connection, statement: String, columnCount: Int, knownTypes: [String: UInt32]) {
        self.connection = connection
        self.statement = statement
        self.columnCount = columnCount
        chunk = CopyBuffer(capacity: Self.chunkBytes + Self.chunkBytes / 4)
        scratch = PostgresEncoder(resolve: { type in
            // COPY cannot run a catalog query mid-stream; only arrays of enums or extension
            // types need an OID here, and only ones this connection has already bound.
            guard let oid = knownTypes[type.name] else {
                throw PostgresError(
                    kind: .encodingFailed,
                    message: "COPY needs the OID of \(type.name): bind a value of that type once on this connection first")
            }
            return oid
        })
        let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]  // PGCOPY\n\377\r\n\0
        signature.withUnsafeBytes { chunk.write($0) }
        chunk.write(Int32(0))  // flags
        chunk.write(Int32(0))  // header extension length
    }

    /// Appends one row; the values must be in the order of the columns given to `copyIn`.
    /// Suspends only when a chunk is full and the one before it is still being sent.
    /// (Rows of up to 12 values take the fixed-arity overloads of CopyWriterFixedArity.swift.)
    @inlinable @inline(__always)
    public mutating func append<each Value: PostgresEncodable>(_ values: repeat each Value) async throws {
        var count = 0
        for _ in repeat (each values) { count += 1 }
        try encodeRow(count: count) { chunk, scratch in
            for value in repeat each values { try chunk.writeField(value, scratch: &scratch) }
        }
        try await sendIfFull()
    }

    /// Appends one row of values whose types are only known at run time.
    public mutating func append(row values: [any PostgresEncodable]) async throws {
        try encodeRow(count: values.count) { chunk, scratch in
            for value in values { try chunk.writeField(value, scratch: &scratch) }
        }
        try await sendIfFull()
    }

    /// Writes one row of `count` fields with `writeFields`, synchronously, so a row that fills
    /// no chunk costs no suspension point. A row whose encoding fails leaves nothing behind.
    @inlinable @inline(__always)
    mutating func encodeRow(count: Int, _ writeFields: (inout CopyBuffer, inout PostgresEncoder) throws -> Void) throws {
        guard count == columnCount else {
            throw PostgresError(kind: .misuse, message: "COPY row has \(count) values for \(columnCount) columns")
        }
        let start = chunk.count
        chunk.write(Int16(count))
        do {
            try writeFields(&chunk, &scratch)
        } catch {
            chunk.count = start  // no half row: a caller may catch the error and go on
            throw encodingError(error)
        }
        rows += 1
    }

    /// Sends the chunk once it is full (suspending only if the one before is still being sent).
    @inlinable @inline(__always)
    mutating func sendIfFull() async throws {
        if chunk.count >= Self.chunkBytes { try await send() }
    }

    /// A value that cannot be encoded (a Date outside timestamptz's range, ...), as a
    /// `.encodingFailed` error naming the row.
    @usableFromInline func encodingError(_ error: Error) -> Error {
        if error is PostgresError { return error }
        return PostgresError(kind: .encodingFailed, message: "cannot encode COPY row \(rows + 1): \(error)", statement: statement)
    }

    /// Hands the full chunk to the connection's thread once the one before has gone, and
    /// returns: the next chunk is filled while this one is sent.
    @usableFromInline mutating func send() async throws {
        try await finishSending()
        let full = chunk
        chunk = spare ?? CopyBuffer(capacity: full.capacity)
        chunk.count = 0
        spare = nil
        inFlight = CopyChunkSend(full, on: connection)
    }

    /// Waits until the chunk in flight has been sent (its error, if it failed); its memory is
    /// kept for the next chunk.
    mutating func finishSending() async throws {
        guard let sending = inFlight else { return }
        inFlight = nil
        let (buffer, outcome) = await sending.wait()
        spare = buffer
        try outcome.get()
    }

    /// Frees the chunks' memory once the COPY has ended (nothing is in flight then).
    func deallocate() {
        chunk.deallocate()
        spare?.deallocate()
    }
}

/// One chunk of COPY data being sent on the connection's thread, awaited before the next.
@usableFromInline
final class CopyChunkSend: @unchecked Sendable {
    private let lock = NSLock()
    private let buffer: CopyBuffer
    private var outcome: Result<Void, Error>?
    private var waiter: UnsafeContinuation<Result<Void, Error>, Never>?

    init(_ buffer: CopyBuffer, on connection: Connection) {
        self.buffer = buffer
        let session = connection.session
        connection.worker.submit { [self] in complete(Result { try session.putCopyData(buffer.bytes) }) }
    }

    private func complete(_ result: Result<Void, Error>) {
        let waiting: UnsafeContinuation<Result<Void, Error>, Never>? = lock.withLock {
            if waiter == nil { outcome = result }
            return waiter
        }
        waiting?.resume(returning: result)
    }

    /// The chunk's memory (free to fill again) and whether sending it worked.
    func wait() async -> (CopyBuffer, Result<Void, Error>) {
        let sent = await withUnsafeContinuation { (continuation: UnsafeContinuation<Result<Void, Error>, Never>) in
            let done: Result<Void, Error>? = lock.withLock {
                if outcome == nil { waiter = continuation }
                return outcome
            }
            if let done { continuation.resume(returning: done) }
        }
        return (buffer, sent)
    }
}

extension Connection {
    /// Bulk-inserts rows with `COPY table (columns) FROM STDIN (FORMAT binary)`; returns the
    /// number of rows copied. When `body` throws, the COPY is aborted (nothing is inserted) and
    /// the error is rethrown.
    ///
    /// ```swift
    /// try await conn.copyIn(table: "events", columns: ["id", "name"]) { writer in
    ///     for event in events { try await writer.append(event.id, event.name) }
    /// }
    /// ```
    @discardableResult
    public func copyIn(table: String, columns: [String], _ body: (inout CopyWriter) async throws -> Void) async throws -> Int {
        // Other processes hear of the rows in the COPY's own transaction: outside one, make one.
        if configuration.queryCache.crossProcess && !isInTransaction {
            return try await transaction { _ in try await copyIn(table: table, columns: columns, body) }
        }
        let target = SQLFragment.relation(table)
        let statement = "COPY \(target) (\(columns.map(SQLFragment.quoted).joined(separator: ", "))) FROM STDIN (FORMAT binary)"
        return try await withSpan({ .statement(statement) }) { try await copyIn(statement, table: table, columns: columns.count, body) }
    }

    private func copyIn(_ statement: String, table: String, columns: Int, _ body: (inout CopyWriter) async throws -> Void) async throws -> Int {
        let known = try await perform(statement) { session in try session.beginCopy(statement) }
        var writer = CopyWriter(connection: self, statement: statement, columnCount: columns, knownTypes: known)
        defer { writer.deallocate() }
        do {
            try await body(&writer)
            writer.chunk.write(Int16(-1))  // trailer
            try await writer.send()
            try await writer.finishSending()
        } catch {
            try? await writer.finishSending()  // the abort must follow what is in flight
            _ = try? await performUncancellable(statement) { session in try session.endCopy(abort: "\(error)", statement) }
            throw error
        }
        let start = ContinuousClock.now
        let written = TableSet.some([String(table.split(separator: ".").last ?? "")])
        let result = try await performUncancellable(statement) { [self] session in
            let result = try session.endCopy(abort: nil, statement)
            noteWrite({ written }, isRaw: false, succeeded: true, session: session)
            return result
        }
        if let notice = invalidationNotice(written) { _ = try await query(notice) }
        record(statement, since: start, rows: result.affectedRows)
        return result.affectedRows
    }
}

extension Database {
    /// Bulk-inserts rows with binary COPY on a pooled connection. See ``Connection/copyIn(table:columns:_:)``.
    @discardableResult
    public func copyIn(table: String, columns: [String], _ body: (inout CopyWriter) async throws -> Void) async throws -> Int {
        // Leased without moving the task onto the connection's thread: rows are encoded here
        // while that thread sends the chunk before.
        try await withConnectionForOneJob { try await $0.copyIn(table: table, columns: columns, body) }
    }
}

extension LibPQSession {
    /// Starts COPY FROM STDIN; returns the named-type OIDs known so far (for array encoding).
    func beginCopy(_ statement: String) throws -> [String: UInt32] {
        _ = try startCopy(statement)
        return knownTypeOIDs
    }

    func putCopyData(_ bytes: UnsafeRawBufferPointer) throws {
        try expect(.copying, nil)
        let connection = try liveConnection()
        let start = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        var sent: Int32 = 0
        repeat {
            sent = PQputCopyData(connection, start, Int32(bytes.count))
            if sent < 0 { throw failure("COPY data could not be sent") }
            if sent == 0 { try flush(nil) }  // libpq's buffer is full: drain it, then retry
        } while sent == 0
        try flush(nil)
    }

    func endCopy(abort: String?, _ statement: String) throws -> QueryResult {
        try expect(.copying, statement)
        defer { leave() }
        let connection = try liveConnection()
        while true {
            let ended = PQputCopyEnd(connection, abort)
            if ended < 0 { throw failure("COPY could not be ended") }
            if ended == 1 { break }
            try flush(nil)
        }
        try flush(statement)
        return try collect(statement)
    }
}
