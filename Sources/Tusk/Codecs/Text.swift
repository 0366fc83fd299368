import Foundation

// Text and bytes. Text-like types (text, varchar, char(n), name) and user-defined types whose
// binary form is their label (enums) decode into String; json/jsonb decode as their JSON text.

extension String: PostgresCodable {
    public static var postgresType: PostgresType { .text }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeString(self) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> String {
        if PostgresType.isTextLike(type.oid) || type.oid >= PostgresType.firstUserOID
            || type.oid == PostgresType.json.oid
        {
            return bytes.readRemainingString()
        }
        if type.oid == PostgresType.jsonb.oid {
            _ = try bytes.readInteger(UInt8.self)  // jsonb's binary format version (1)
            return bytes.readRemainingString()
        }
        throw PostgresDecodingFailure.typeMismatch(expected: "String (text, varchar, char, name, json, enum)")
    }
}

extension Data: PostgresCodable {
    public static var postgresType: PostgresType { .bytea }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeBytes(self) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Data {
        guard type.oid == PostgresType.bytea.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "Data (bytea)") }
        return Data(try bytes.readBytes(bytes.remaining))
    }
}

extension UUID: PostgresCodable {
    public static var postgresType: PostgresType { .uuid }
    public func encode(into buffer: inout PostgresEncoder) throws {
        withUnsafeBytes(of: uuid) { buffer.writeBytes($0) }
    }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> UUID {
        guard type.oid == PostgresType.uuid.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "UUID (uuid)") }
        return UUID(uuid: try bytes.readBytes(16).loadUnaligned(as: uuid_t.self))
    }
}
