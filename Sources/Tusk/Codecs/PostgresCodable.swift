/// A Swift value that can be sent to PostgreSQL as a parameter, in the binary wire format.
///
/// Conform your own types by naming the PostgreSQL type and writing its binary representation:
///
/// ```swift
/// extension Celsius: PostgresEncodable {
///     static var postgresType: PostgresType { .float8 }
///     func encode(into buffer: inout PostgresEncoder) throws { buffer.writeDouble(value) }
/// }
/// ```
public protocol PostgresEncodable: Sendable {
    /// The PostgreSQL type the bytes are in (sent with the statement as the parameter type).
    static var postgresType: PostgresType { get }
    /// Appends the binary representation (without the length prefix) to `buffer`.
    func encode(into buffer: inout PostgresEncoder) throws
    /// True only for `Optional.none`: the parameter is sent as SQL NULL.
    var isPostgresNull: Bool { get }
}

extension PostgresEncodable {
    public var isPostgresNull: Bool { false }
}

/// A Swift value that can be read from a binary result column.
///
/// Conformances check the column's type and accept the widenings PostgreSQL users expect
/// (`int2`/`int4` into `Int64`, `float4` into `Double`, ...); anything else throws a
/// ``PostgresDecodingFailure`` which the row turns into a ``PostgresError`` naming the column.
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value. `bytes` holds exactly the value's binary representation.
    static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Self
    /// The value for SQL NULL. Non-optional types throw ``PostgresDecodingFailure/unexpectedNull``.
    static func decodeNull(type: PostgresType) throws -> Self
}

extension PostgresDecodable {
    public static func decodeNull(type: PostgresType) throws -> Self {
        throw PostgresDecodingFailure.unexpectedNull
    }
}

public typealias PostgresCodable = PostgresEncodable & PostgresDecodable

/// Why a single value could not be decoded. The row wraps it in a ``PostgresError`` of kind
/// `.decodingFailed` that also names the column, its type and the Swift type asked for.
public enum PostgresDecodingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case unexpectedNull
    case typeMismatch(expected: String)
    case malformed(String)
    case outOfRange(String)

    public var description: String {
        switch self {
        case .unexpectedNull: return "NULL where a non-optional value was expected (decode an Optional)"
        case .typeMismatch(let expected): return "column type does not decode as \(expected)"
        case .malformed(let why): return "malformed binary value: \(why)"
        case .outOfRange(let why): return "value out of range: \(why)"
        }
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public func encode(into buffer: inout PostgresEncoder) throws {
        if let value = self { try value.encode(into: &buffer) }
    }
    public var isPostgresNull: Bool { self == nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Wrapped? {
        try Wrapped.decode(from: &bytes, type: type)
    }
    public static func decodeNull(type: PostgresType) throws -> Wrapped? { nil }
}

/// Types whose one-dimensional arrays can be encoded: everything with a known array type.
extension PostgresEncodable {
    /// The array type whose elements are `Self` (`int8[]` for `Int64`).
    public static var postgresArrayType: PostgresType { postgresType.arrayType }
}
