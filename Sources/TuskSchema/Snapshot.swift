import Foundation

/// The canonical JSON form of a `Schema` (`Generated/schema.snapshot.json`): sorted keys,
/// two-space indentation, a trailing newline; byte-identical for equal schemas.
public enum SchemaSnapshot {
    public static let formatVersion = 1

    private struct Envelope: Codable {
        var tusk_snapshot_version: Int
        var schema: Schema
    }

    public static func encode(_ schema: Schema) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(Envelope(tusk_snapshot_version: formatVersion, schema: schema))
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data) throws -> Schema {
        let envelope = try JSONDecoder().decode(Envelope.self, from: data)
        guard envelope.tusk_snapshot_version == formatVersion else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "snapshot format \(envelope.tusk_snapshot_version) is not supported (expected \(formatVersion))"))
        }
        return envelope.schema
    }
}
