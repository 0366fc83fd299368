import CLibPQ

/// Writes rows for `COPY ... FROM STDIN` in PostgreSQL's binary format. Obtained from
/// ``Connection/copyIn(table:columns:_:)``; values are encoded as they are appended and sent in
/// large chunks.
///
/// Binary COPY does no type conversion: each value's Swift type must match its column's type
/// exactly (`Int64` for `bigint`, `Int32` for `integer`, `Date` for `timestamptz`, ...).
public struct CopyWriter {
    @usableFromInline let connection: Connection
    @usableFromInline let statement: String
    @usableFromInline var encoder: PostgresEncoder
    @usableFromInline let columnCount: Int
    @usableFromInline var rows = 0
    /// Rows appended so far.
    public var rowCount: Int { rows }
    @usableFromInline static let chunkBytes = 1 << 18

    init(connection: Connection, statement: String, columnCount: Int, knownTypes: [String: UInt32]) {
        self.connection = connection
        self.statement = statement
        self.columnCount = columnCount
        encoder = PostgresEncoder(resolve: { type in
            // COPY cannot run a catalog query mid-stream; only arrays of enums or extension
            // types need an OID here, and only ones this connection has already bound.
            guard let oid = knownTypes[type.name] else {
                throw PostgresError(
                    kind: .encodingFailed,
                    message: "COPY needs the OID of \(type.name): bind a value of that type once on this connection first")
            }
            return oid
        })
        encoder.writeBytes([0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00])  // PGCOPY\n\377\r\n\0
        encoder.writeInteger(Int32(0))  // flags
        encoder.writeInteger(Int32(0))  // header extension length
    }

    /// Appends one row; the values must be in the order of the columns given to `copyIn`.
    @inlinable
    public mutating func append<each Value: PostgresEncodable>(_ values: repeat each Value) async throws {
        var count = 0
        for _ in repeat (each values) { count += 1 }
        guard count == columnCount else {
            throw PostgresError(kind: .misuse, message: "COPY row has \(count) values for \(columnCount) columns")
        }
        encoder.writeInteger(Int16(count))
        for value in repeat each values { try encoder.writeField(value) }
        rows += 1
        if encoder.bytes.count >= Self.chunkBytes { try await send() }
    }

    /// Appends one row of values whose types are only known at run time.
    public mutating func append(row values: [any PostgresEncodable]) async throws {
        guard values.count == columnCount else {
            throw PostgresError(kind: .misuse, message: "COPY row has \(values.count) values for \(columnCount) columns")
        }
        encoder.writeInteger(Int16(values.count))
        for value in values { try encoder.writeField(value) }
        rows += 1
        if encoder.bytes.count >= Self.chunkBytes { try await send() }
    }

    @usableFromInline mutating func send() async throws {
        let bytes = encoder.bytes
        encoder.bytes.removeAll(keepingCapacity: true)
        try await connection.performUncancellable(statement) { session in try session.putCopyData(bytes) }
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
        do {
            try await body(&writer)
            writer.encoder.writeInteger(Int16(-1))  // trailer
            try await writer.send()
        } catch {
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
        try await withConnection { try await $0.copyIn(table: table, columns: columns, body) }
    }
}

extension LibPQSession {
    /// Starts COPY FROM STDIN; returns the named-type OIDs known so far (for array encoding).
    func beginCopy(_ statement: String) throws -> [String: UInt32] {
        _ = try startCopy(statement)
        return knownTypeOIDs
    }

    func putCopyData(_ bytes: [UInt8]) throws {
        try expect(.copying, nil)
        let connection = try liveConnection()
        var sent: Int32 = 0
        repeat {
            sent = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
            }
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
