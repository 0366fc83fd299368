import CLibPQ
import Foundation

/// A ``QueryResult`` as bytes, and back into a result libpq holds like any other (made with
/// `PQmakeEmptyPGresult`, `PQsetResultAttrs` and `PQsetvalue`): every row decoder reads a
/// result decoded here exactly as it reads the one the server sent.
///
/// Layout (big-endian): column count (UInt32); per column its name (UInt32 length + UTF-8),
/// table OID (UInt32), column number (Int32), format (Int16), type OID (UInt32), type length
/// (Int32), type modifier (Int32); row count (UInt32); then each row's cells in order, each a
/// length (Int32, -1 for NULL) and its bytes. The envelope (version, checksum) is
/// ``QueryCacheEntry``'s.
enum SerializedQueryResult {
    /// More columns than PostgreSQL allows in a result (1664) is not a result it sent.
    static let maxColumns = 1664

    /// Whether `result` survives the trip: libpq cannot make rows without columns
    /// (`SELECT FROM t`), so such a result is not stored outside the process.
    static func canEncode(_ result: QueryResult) -> Bool { result.columnCount > 0 || result.count == 0 }

    static func encode(_ result: QueryResult, into encoder: inout PostgresEncoder) {
        let handle = result.handle
        let fields = PQnfields(handle)
        let rows = PQntuples(handle)
        encoder.writeInteger(UInt32(fields))
        for field in 0..<fields {
            encoder.writeShortString(String(cString: PQfname(handle, field)))
            encoder.writeInteger(UInt32(PQftable(handle, field)))
            encoder.writeInteger(Int32(PQftablecol(handle, field)))
            encoder.writeInteger(Int16(PQfformat(handle, field)))
            encoder.writeInteger(UInt32(PQftype(handle, field)))
            encoder.writeInteger(Int32(PQfsize(handle, field)))
            encoder.writeInteger(Int32(PQfmod(handle, field)))
        }
        encoder.writeInteger(UInt32(rows))
        for row in 0..<rows {
            for field in 0..<fields {
                guard PQgetisnull(handle, row, field) == 0 else {
                    encoder.writeInteger(Int32(-1))
                    continue
                }
                let length = Int(PQgetlength(handle, row, field))
                encoder.writeInteger(Int32(length))
                encoder.writeBytes(UnsafeRawBufferPointer(start: PQgetvalue(handle, row, field), count: length))
            }
        }
    }

    /// The result `decoder` holds (the statement text is kept for error messages). Throws
    /// ``QueryCacheEntry/DecodingError`` for anything that is not a result this encoding wrote.
    static func decode(from decoder: inout PostgresDecoder, statement: String) throws -> QueryResult {
        let fields = Int(try decoder.readInteger(UInt32.self))
        guard fields <= maxColumns else { throw QueryCacheEntry.DecodingError("\(fields) columns") }
        var columns: [Column] = []
        columns.reserveCapacity(fields)
        for _ in 0..<fields {
            let name = try decoder.readShortString()
            guard !name.utf8.contains(0) else { throw QueryCacheEntry.DecodingError("a column name with a NUL byte") }
            columns.append(Column(
                name: name, table: try decoder.readInteger(UInt32.self), column: try decoder.readInteger(Int32.self),
                format: try decoder.readInteger(Int16.self), type: try decoder.readInteger(UInt32.self),
                length: try decoder.readInteger(Int32.self), modifier: try decoder.readInteger(Int32.self)))
        }
        let rows = Int(try decoder.readInteger(UInt32.self))
        // Every cell takes at least its 4-byte length: a row count the bytes cannot hold is corrupt
        // (and is refused before anything is allocated for it).
        guard rows <= Int(Int32.max), fields == 0 ? rows == 0 : rows <= decoder.remaining / (4 * fields) else {
            throw QueryCacheEntry.DecodingError("\(rows) rows in \(decoder.remaining) bytes")
        }
        guard let handle = PQmakeEmptyPGresult(nil, PGRES_TUPLES_OK) else { throw QueryCacheEntry.DecodingError("out of memory") }
        let result = QueryResultBuilder(handle: handle)
        try result.setColumns(columns)
        for row in 0..<rows {
            for field in 0..<fields {
                let length = try decoder.readInteger(Int32.self)
                try result.setValue(length < 0 ? nil : try decoder.readBytes(Int(length)), row: row, field: field)
            }
        }
        return QueryResult(handle: result.take(), statement: statement)
    }

    struct Column {
        var name: String
        var table: UInt32
        var column: Int32
        var format: Int16
        var type: UInt32
        var length: Int32
        var modifier: Int32
    }
}

/// A PGresult being filled in; cleared if it is dropped before ``take()``.
private final class QueryResultBuilder {
    private var handle: OpaquePointer?

    init(handle: OpaquePointer) { self.handle = handle }
    deinit { if let handle { PQclear(handle) } }

    func take() -> OpaquePointer {
        defer { handle = nil }
        return handle!
    }

    func setColumns(_ columns: [SerializedQueryResult.Column]) throws {
        guard !columns.isEmpty else { return }
        // libpq copies the names: they need to live only for the call.
        let names = columns.map { strdup($0.name) }
        defer { names.forEach { free($0) } }
        var descriptions = zip(columns, names).map { column, name in
            PGresAttDesc(
                name: name, tableid: column.table, columnid: Int32(column.column), format: Int32(column.format),
                typid: column.type, typlen: column.length, atttypmod: column.modifier)
        }
        guard PQsetResultAttrs(handle, Int32(columns.count), &descriptions) == 1 else {
            throw QueryCacheEntry.DecodingError("libpq refused the columns")
        }
    }

    /// One cell, nil for NULL. An empty value needs a valid pointer (NULL means SQL NULL to libpq).
    func setValue(_ value: UnsafeRawBufferPointer?, row: Int, field: Int) throws {
        var empty: CChar = 0
        let (row, field) = (Int32(row), Int32(field))
        let stored: Int32
        if let value, let base = value.baseAddress, !value.isEmpty {
            stored = PQsetvalue(handle, row, field, UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self)), Int32(value.count))
        } else if value != nil {
            stored = PQsetvalue(handle, row, field, &empty, 0)
        } else {
            stored = PQsetvalue(handle, row, field, nil, -1)
        }
        guard stored == 1 else { throw QueryCacheEntry.DecodingError("libpq refused the cell at row \(row), column \(field)") }
    }
}

extension PostgresEncoder {
    /// A UInt32 length, then the UTF-8 bytes.
    mutating func writeShortString(_ value: String) {
        writeInteger(UInt32(value.utf8.count))
        writeString(value)
    }
}

extension PostgresDecoder {
    /// What ``PostgresEncoder/writeShortString(_:)`` wrote.
    mutating func readShortString() throws -> String {
        let length = try readInteger(UInt32.self)
        guard length <= UInt32(Int32.max) else { throw QueryCacheEntry.DecodingError("a string of \(length) bytes") }
        return String(decoding: try readBytes(Int(length)), as: UTF8.self)
    }
}
