/// A Swift enum stored in a PostgreSQL enum type, by label. The type's OID is resolved by name on
/// each connection, so the same code works against any database that declares the type.
///
/// ```swift
/// enum MemoryTier: String, PostgresEnum {
///     static let postgresTypeName = "memory_tier"
///     case working = "WORKING", episodic = "EPISODIC"
/// }
/// ```
public protocol PostgresEnum: PostgresCodable, RawRepresentable where RawValue == String {
    /// The SQL name of the enum type (schema-qualified if it is not on the search path).
    static var postgresTypeName: String { get }
}

extension PostgresEnum {
    public static var postgresType: PostgresType { .named(postgresTypeName) }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeString(rawValue) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Self {
        guard type.oid >= PostgresType.firstUserOID || PostgresType.isTextLike(type.oid) else {
            throw PostgresDecodingFailure.typeMismatch(expected: "\(Self.self) (enum \(postgresTypeName))")
        }
        let label = bytes.readRemainingString()
        guard let value = Self(rawValue: label) else {
            throw PostgresDecodingFailure.malformed("'\(label)' is not a case of \(Self.self)")
        }
        return value
    }
}
