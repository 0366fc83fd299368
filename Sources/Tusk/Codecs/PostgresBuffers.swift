/// Where a parameter's binary value is written (big-endian, as the wire format wants).
public struct PostgresEncoder {
    /// The bytes written so far (all parameters of a statement share one buffer).
    public var bytes: [UInt8]
    /// Resolves types known only by name (enums, `vector`) to this connection's OIDs.
    let resolve: (PostgresType) throws -> UInt32

    init(bytes: [UInt8] = [], resolve: @escaping (PostgresType) throws -> UInt32) {
        self.bytes = bytes
        self.resolve = resolve
    }

    /// The OID of `type` on the current connection (looked up once per connection for named types).
    public func oid(of type: PostgresType) throws -> UInt32 {
        type.needsResolution ? try resolve(type) : type.oid
    }

    @inlinable public mutating func writeInteger<T: FixedWidthInteger>(_ value: T) {
        // Typed bytes: Array appends them with a copy of known size (raw bytes take a slower,
        // generic path, measured at twice the cost in COPY's profile).
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
    }
    @inlinable public mutating func writeBytes<S: Sequence>(_ value: S) where S.Element == UInt8 {
        bytes.append(contentsOf: value)
    }
    @inlinable public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { bytes.append(contentsOf: $0) }
    }
    @inlinable public mutating func writeFloat(_ value: Float) { writeInteger(value.bitPattern) }
    @inlinable public mutating func writeDouble(_ value: Double) { writeInteger(value.bitPattern) }

    /// Appends one field of a COPY row or array: length-prefixed, -1 for NULL.
    @inlinable
    mutating func writeField(_ value: some PostgresEncodable) throws {
        try writeLengthPrefixed { encoder in
            if value.isPostgresNull { return false }
            try value.encode(into: &encoder)
            return true
        }
    }

    /// Reserves a 4-byte length, runs `body`, then fills in how many bytes it wrote
    /// (-1 when `body` returns false, meaning NULL). Used by arrays and COPY rows.
    @inlinable
    mutating func writeLengthPrefixed(_ body: (inout PostgresEncoder) throws -> Bool) rethrows {
        let start = bytes.count
        writeInteger(Int32(0))
        let isValue = try body(&self)
        let length = isValue ? Int32(bytes.count - start - 4) : -1
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: length.bigEndian, toByteOffset: start, as: Int32.self) }
    }
}

/// A cursor over one value's binary representation, as returned by the server.
public struct PostgresDecoder {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset: Int = 0

    public init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    @inline(__always)
    public mutating func readInteger<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw shortRead(expected: size) }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(bigEndian: value)
    }

    /// Outside the readers, so the message's formatting does not weigh on every read.
    @usableFromInline
    func shortRead(expected count: Int) -> PostgresDecodingFailure {
        .malformed("expected \(count) bytes, found \(remaining)")
    }

    @inline(__always)
    public mutating func readFloat() throws -> Float { Float(bitPattern: try readInteger(UInt32.self)) }
    @inline(__always)
    public mutating func readDouble() throws -> Double { Double(bitPattern: try readInteger(UInt64.self)) }

    /// The next `count` bytes.
    @inline(__always)
    public mutating func readBytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw shortRead(expected: count) }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// Everything left, as UTF-8 text.
    @inline(__always)
    public mutating func readRemainingString() -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        offset = bytes.count
        return String(decoding: slice, as: UTF8.self)
    }

    /// A length-prefixed element (arrays, records): nil for NULL (-1).
    mutating func readLengthPrefixed() throws -> PostgresDecoder? {
        let length = try readInteger(Int32.self)
        if length < 0 { return nil }
        return PostgresDecoder(bytes: try readBytes(Int(length)))
    }

    func requireFullyRead(_ what: String) throws {
        if remaining != 0 { throw PostgresDecodingFailure.malformed("\(remaining) trailing bytes after \(what)") }
    }
}
