/// pgvector's `vector(n)`: single-precision components. The type's OID is resolved by name on
/// each connection (the extension must be installed in the database).
public struct PostgresVector: Sendable, Hashable, Codable, ExpressibleByArrayLiteral, CustomStringConvertible {
    public var values: [Float]

    public init(_ values: [Float]) { self.values = values }
    public init(arrayLiteral elements: Float...) { self.values = elements }

    public var description: String { "[" + values.map { String($0) }.joined(separator: ",") + "]" }
}

extension PostgresVector: PostgresCodable {
    public static var postgresType: PostgresType { .vector }
    public func encode(into buffer: inout PostgresEncoder) throws {
        guard values.count <= Int(UInt16.max) else {
            throw PostgresDecodingFailure.outOfRange("vector of \(values.count) dimensions (pgvector allows 16000)")
        }
        buffer.writeInteger(UInt16(values.count))
        buffer.writeInteger(UInt16(0))
        for value in values { buffer.writeFloat(value) }
    }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> PostgresVector {
        guard type.oid >= PostgresType.firstUserOID else { throw PostgresDecodingFailure.typeMismatch(expected: "PostgresVector (vector)") }
        let dimensions = try bytes.readInteger(UInt16.self)
        _ = try bytes.readInteger(UInt16.self)
        guard bytes.remaining == Int(dimensions) * 4 else {
            throw PostgresDecodingFailure.typeMismatch(expected: "PostgresVector (vector)")
        }
        var values: [Float] = []
        values.reserveCapacity(Int(dimensions))
        for _ in 0..<dimensions { values.append(try bytes.readFloat()) }
        return PostgresVector(values)
    }
}
