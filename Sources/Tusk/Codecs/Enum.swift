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
    /// The model's name of the enum type: `memory_tier` for one in `public`, `billing.status`
    /// for one in a named schema.
    static var postgresTypeName: String { get }
}

extension PostgresEnum {
    /// Resolved and cast by its qualified name (`"public"."memory_tier"`), so the `search_path`
    /// never picks another schema's type of the same name.
    public static var postgresType: PostgresType { .named(SQLFragment.relation(postgresTypeName)) }
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
