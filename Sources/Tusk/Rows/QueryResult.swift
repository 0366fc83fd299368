import CLibPQ

/// The rows and command status of one statement, in PostgreSQL's binary format.
///
/// Rows are decoded on demand, by position (fast: what generated code uses) or by name:
///
/// ```swift
/// for row in try await db.query("SELECT id, email FROM users") {
///     let (id, email) = try row.decode(Int64.self, String.self)
/// }
/// ```
public final class QueryResult: @unchecked Sendable, RandomAccessCollection {
    // A PGresult is immutable once returned by libpq, so reading it from any thread is safe.
    @usableFromInline let handle: OpaquePointer
    /// The statement text (without parameter values), for error messages.
    public let statement: String
    public let count: Int
    /// Column type OIDs, read once. A buffer this object owns rather than an array, so reading a
    /// cell's type costs no reference counting (an array read from a class is retained and
    /// released around each use: about a tenth of a decoded row's instructions).
    @usableFromInline let columnOIDs: UnsafeMutablePointer<UInt32>
    @usableFromInline let fieldCount: Int
    /// True when every column is in binary format (always, except simple-protocol results).
    @usableFromInline let isBinary: Bool

    init(handle: OpaquePointer, statement: String) {
        self.handle = handle
        self.statement = statement
        self.count = Int(PQntuples(handle))
        let fields = PQnfields(handle)
        fieldCount = Int(fields)
        columnOIDs = .allocate(capacity: Swift.max(Int(fields), 1))
        for field in 0..<fields { columnOIDs[Int(field)] = PQftype(handle, field) }
        self.isBinary = (0..<fields).allSatisfy { PQfformat(handle, $0) == 1 }
    }

    deinit {
        columnOIDs.deallocate()
        PQclear(handle)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> Row { Row(result: self, index: Int32(position)) }

    /// The command tag, e.g. `INSERT 0 3` or `SELECT 20`.
    public var commandTag: String { String(cString: PQcmdStatus(handle)) }

    /// Rows inserted, updated, deleted, selected, copied or fetched by the command.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    public var columnCount: Int { Int(PQnfields(handle)) }

    /// Names and types of the result columns, in order.
    public var columns: [Column] {
        (0..<PQnfields(handle)).map { index in
            Column(name: String(cString: PQfname(handle, index)), type: PostgresType(oid: PQftype(handle, index)))
        }
    }

    public struct Column: Sendable, Hashable {
        public let name: String
        public let type: PostgresType
    }

    /// Column position for a name, as libpq matches it (case-folded unless quoted).
    func columnIndex(named name: String) -> Int? {
        let index = PQfnumber(handle, name)
        return index < 0 ? nil : Int(index)
    }
}

/// One row of a ``QueryResult``.
public struct Row: Sendable {
    public let result: QueryResult
    public let index: Int32
    /// Where this row's column 0 is in the result: non-zero in a view of a joined row's right
    /// side (``columns(from:)``), so a generated row decoder reads its own columns.
    public internal(set) var columnOffset: Int = 0

    public var columnCount: Int { result.columnCount - columnOffset }

    public func isNull(at column: Int) -> Bool { PQgetisnull(result.handle, index, Int32(column + columnOffset)) == 1 }

    /// The row seen from column `offset` on: column 0 of the view is column `offset` of this row.
    public func columns(from offset: Int) -> Row {
        var view = self
        view.columnOffset += offset
        return view
    }

    /// Decodes column `column` (0-based) as `type`. Throws a ``PostgresError`` of kind
    /// `.decodingFailed` naming the column when the column's type does not fit or is NULL for a
    /// non-optional type.

    @inlinable
    public func decode<Value: PostgresDecodable>(_ type: Value.Type = Value.self, at relativeColumn: Int) throws -> Value {
        let column = relativeColumn &+ columnOffset
        guard relativeColumn >= 0, column < result.fieldCount else { throw columnOutOfRange(relativeColumn) }
        let handle = result.handle
        let field = Int32(truncatingIfNeeded: column)
        let oid = result.columnOIDs[column]
        // A non-empty value is never NULL: the NULL test only for empty ones (one libpq call less per cell).
        let length = PQgetlength(handle, index, field)
        if length == 0 && PQgetisnull(handle, index, field) == 1 { return try decodeNull(Value.self, column: field, oid: oid) }
        if !result.isBinary && PQfformat(handle, field) == 0 && !(Value.self == String.self || Value.self == String?.self) {
            throw decodingError(
                PostgresDecodingFailure.malformed("text-format result (simple protocol): only String decodes; use query()"),
                column: field, type: PostgresType(oid: oid), swiftType: Value.self)
        }
        var decoder = PostgresDecoder(bytes: UnsafeRawBufferPointer(start: PQgetvalue(handle, index, field), count: Int(length)))
        do {
            return try Value.decode(from: &decoder, type: PostgresType(oid: oid))
        } catch {
            throw decodingError(error, column: field, type: PostgresType(oid: oid), swiftType: Value.self)
        }
    }

    @usableFromInline
    func decodeNull<Value: PostgresDecodable>(_: Value.Type, column field: Int32, oid: UInt32) throws -> Value {
        do {
            return try Value.decodeNull(type: PostgresType(oid: oid))
        } catch {
            throw decodingError(error, column: field, type: PostgresType(oid: oid), swiftType: Value.self)
        }
    }

    @usableFromInline
    func columnOutOfRange(_ relativeColumn: Int) -> PostgresError {
        PostgresError(
            kind: .decodingFailed,
            message: "column index \(relativeColumn) out of range (the row has \(result.fieldCount - columnOffset) columns)",
            statement: result.statement)
    }

    /// Decodes a `json`/`jsonb` column into a `Decodable` type (generated code uses it for
    /// `swift_type:` columns). A document that does not decode is a `.decodingFailed`
    /// ``PostgresError`` naming the column, with Foundation's `DecodingError` as `underlying`.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type = Value.self, at relativeColumn: Int) throws -> Value {
        let json = try decode(PostgresJSON.self, at: relativeColumn)
        return try decodeJSONDocument(json, as: type, at: relativeColumn)
    }

    /// ``decodeJSON(_:at:)`` for a nullable column: nil for SQL NULL.
    public func decodeJSON<Value: Decodable>(_ type: Value?.Type, at relativeColumn: Int) throws -> Value? {
        guard let json = try decode(PostgresJSON?.self, at: relativeColumn) else { return nil }
        return try decodeJSONDocument(json, as: Value.self, at: relativeColumn)
    }

    private func decodeJSONDocument<Value: Decodable>(_ json: PostgresJSON, as type: Value.Type, at relativeColumn: Int) throws -> Value {
        do {
            return try json.decode(type)
        } catch {
            let field = Int32(truncatingIfNeeded: relativeColumn + columnOffset)
            throw decodingError(error, column: field, type: PostgresType(oid: result.columnOIDs[Int(field)]), swiftType: Value.self)
        }
    }

    /// Decodes the column called `name`.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type = Value.self, named name: String) throws -> Value {
        guard let column = result.columnIndex(named: name) else {
            let names = result.columns.map(\.name).joined(separator: ", ")
            throw PostgresError(
                kind: .decodingFailed, message: "no column named \(name) (columns: \(names))", column: name,
                statement: result.statement)
        }
        return try decode(type, at: column - columnOffset)
    }

    /// Decodes the first columns of the row as a tuple: `let (id, name) = try row.decode(Int64.self, String.self)`.
    @inlinable
    public func decode<each Value: PostgresDecodable>(_ types: repeat (each Value).Type) throws -> (repeat each Value) {
        // The position is passed inout, not captured by a nested function: a captured variable is
        // boxed and every use of it checked for exclusivity at run time (a seventh of a streamed
        // row's decoding).
        var column = 0
        return (repeat try decode(each types, advancing: &column))
    }

    /// Decodes column `column` and moves `column` to the next one.
    @inlinable
    func decode<Value: PostgresDecodable>(_ type: Value.Type, advancing column: inout Int) throws -> Value {
        defer { column += 1 }
        return try decode(type, at: column)
    }

    /// The error for a cell that did not decode: a ``PostgresError`` thrown by a codec as it is,
    /// anything else as `.decodingFailed` naming the column.
    @usableFromInline
    func decodingError(_ failure: any Error, column: Int32, type: PostgresType, swiftType: Any.Type) -> PostgresError {
        if let error = failure as? PostgresError { return error }
        let name = String(cString: PQfname(result.handle, column))
        // Tusk's own codec failures are the whole story; anything else (Foundation's
        // DecodingError, a user codec's error) is kept as the cause.
        let own = failure is PostgresDecodingFailure
        return PostgresError(
            kind: .decodingFailed,
            message: "cannot decode column \(name) (\(type.name)) as \(swiftType): \(failure)",
            column: name, dataType: type.name, statement: result.statement,
            underlying: own ? nil : failure)
    }
}

/// A type that builds itself from a result row (generated row structs conform, decoding by
/// position): `let users = try await db.query("SELECT id, name FROM users", as: UserSummary.self)`.
public protocol PostgresRowDecodable: Sendable {
    init(row: Row) throws
}
