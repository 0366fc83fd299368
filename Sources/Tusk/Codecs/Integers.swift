// Integer codecs. Decoding widens (int2 -> Int32/Int64, int4 -> Int64) but never narrows.

extension Int16: PostgresCodable {
    public static var postgresType: PostgresType { .int2 }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeInteger(self) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Int16 {
        guard type.oid == PostgresType.int2.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "Int16 (int2)") }
        return try bytes.readInteger()
    }
}

extension Int32: PostgresCodable {
    public static var postgresType: PostgresType { .int4 }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeInteger(self) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Int32 {
        switch type.oid {
        case PostgresType.int4.oid, PostgresType.oidType.oid: return try bytes.readInteger()
        case PostgresType.int2.oid: return Int32(try bytes.readInteger(Int16.self))
        default: throw PostgresDecodingFailure.typeMismatch(expected: "Int32 (int2, int4)")
        }
    }
}

extension Int64: PostgresCodable {
    public static var postgresType: PostgresType { .int8 }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeInteger(self) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Int64 {
        switch type.oid {
        case PostgresType.int8.oid: return try bytes.readInteger()
        case PostgresType.int4.oid: return Int64(try bytes.readInteger(Int32.self))
        case PostgresType.int2.oid: return Int64(try bytes.readInteger(Int16.self))
        case PostgresType.oidType.oid: return Int64(try bytes.readInteger(UInt32.self))
        default: throw PostgresDecodingFailure.typeMismatch(expected: "Int64 (int2, int4, int8)")
        }
    }
}

extension Int: PostgresCodable {
    public static var postgresType: PostgresType { .int8 }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeInteger(Int64(self)) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Int {
        Int(try Int64.decode(from: &bytes, type: type))
    }
}

extension Bool: PostgresCodable {
    public static var postgresType: PostgresType { .bool }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeInteger(UInt8(self ? 1 : 0)) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Bool {
        guard type.oid == PostgresType.bool.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "Bool (bool)") }
        return try bytes.readInteger(UInt8.self) != 0
    }
}

extension Float: PostgresCodable {
    public static var postgresType: PostgresType { .float4 }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeFloat(self) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Float {
        guard type.oid == PostgresType.float4.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "Float (float4)") }
        return try bytes.readFloat()
    }
}

extension Double: PostgresCodable {
    public static var postgresType: PostgresType { .float8 }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeDouble(self) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Double {
        switch type.oid {
        case PostgresType.float8.oid: return try bytes.readDouble()
        case PostgresType.float4.oid: return Double(try bytes.readFloat())
        default: throw PostgresDecodingFailure.typeMismatch(expected: "Double (float4, float8)")
        }
    }
}
