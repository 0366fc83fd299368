import Foundation

/// A JSON document as text, sent as `jsonb` (use `json` columns the same way: PostgreSQL casts).
/// Decodes `json` and `jsonb`. Use ``decode(_:decoder:)`` for a Codable view, or make your own
/// Codable type a ``PostgresJSONCodable`` to bind and decode it directly.
public struct PostgresJSON: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The JSON text, exactly as stored (jsonb normalizes whitespace and key order).
    public var text: String

    public init(text: String) { self.text = text }
    public init(stringLiteral value: String) { self.text = value }

    /// Encodes `value` with `encoder` (a default `JSONEncoder` when not given).
    public init<Value: Encodable>(encoding value: Value, encoder: JSONEncoder = JSONEncoder()) throws {
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func decode<Value: Decodable>(_ type: Value.Type = Value.self, decoder: JSONDecoder = JSONDecoder()) throws -> Value {
        try decoder.decode(type, from: Data(text.utf8))
    }

    public var description: String { text }
}

extension PostgresJSON: PostgresCodable {
    public static var postgresType: PostgresType { .jsonb }
    public func encode(into buffer: inout PostgresEncoder) throws {
        buffer.writeInteger(UInt8(1))  // jsonb binary format version
        buffer.writeString(text)
    }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> PostgresJSON {
        switch type.oid {
        case PostgresType.jsonb.oid:
            let version = try bytes.readInteger(UInt8.self)
            guard version == 1 else { throw PostgresDecodingFailure.malformed("jsonb version \(version)") }
            return PostgresJSON(text: bytes.readRemainingString())
        case PostgresType.json.oid:
            return PostgresJSON(text: bytes.readRemainingString())
        default:
            throw PostgresDecodingFailure.typeMismatch(expected: "PostgresJSON (json, jsonb)")
        }
    }
}

/// Conform a Codable type to store it in `json`/`jsonb` columns: `extension Prefs: PostgresJSONCodable {}`.
public protocol PostgresJSONCodable: Codable, PostgresCodable, JSONValue {}

extension PostgresJSONCodable {
    public static var postgresType: PostgresType { .jsonb }
    public func encode(into buffer: inout PostgresEncoder) throws {
        do {
            try PostgresJSON(encoding: self).encode(into: &buffer)
        } catch {
            throw PostgresDecodingFailure.malformed("JSON encoding of \(Self.self) failed: \(error)")
        }
    }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Self {
        let json = try PostgresJSON.decode(from: &bytes, type: type)
        do {
            return try json.decode(Self.self)
        } catch {
            throw PostgresDecodingFailure.malformed("JSON does not decode as \(Self.self): \(error)")
        }
    }
}
