// One-dimensional arrays of any codable element, with NULL elements as `[Element?]`.
// Binary layout: ndim, has-null flag, element OID, then (size, lower bound) per dimension and
// each element length-prefixed (-1 for NULL).

extension Array: PostgresEncodable where Element: PostgresEncodable {
    public static var postgresType: PostgresType { Element.postgresArrayType }
    public func encode(into buffer: inout PostgresEncoder) throws {
        let elementOID = try buffer.oid(of: Element.postgresType)
        buffer.writeInteger(Int32(isEmpty ? 0 : 1))
        buffer.writeInteger(Int32(contains { $0.isPostgresNull } ? 1 : 0))
        buffer.writeInteger(elementOID)
        if isEmpty { return }
        buffer.writeInteger(Int32(count))
        buffer.writeInteger(Int32(1))
        for element in self { try buffer.writeField(element) }
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> [Element] {
        guard type.elementType != nil || type.oid >= PostgresType.firstUserOID else {
            throw PostgresDecodingFailure.typeMismatch(expected: "[\(Element.self)] (an array)")
        }
        let dimensions = try bytes.readInteger(Int32.self)
        _ = try bytes.readInteger(Int32.self)  // has-null flag
        let elementType = PostgresType(oid: try bytes.readInteger(UInt32.self))
        if dimensions == 0 { return [] }
        guard dimensions == 1 else {
            throw PostgresDecodingFailure.typeMismatch(expected: "[\(Element.self)] (one dimension, found \(dimensions))")
        }
        let count = try bytes.readInteger(Int32.self)
        _ = try bytes.readInteger(Int32.self)  // lower bound
        var result: [Element] = []
        result.reserveCapacity(Int(count))
        for _ in 0..<count {
            if var element = try bytes.readLengthPrefixed() {
                result.append(try Element.decode(from: &element, type: elementType))
            } else {
                result.append(try Element.decodeNull(type: elementType))
            }
        }
        return result
    }
}
