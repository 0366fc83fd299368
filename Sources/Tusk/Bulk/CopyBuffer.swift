import Foundation

/// One chunk of binary COPY rows in raw memory, written in place: a built-in value's field (its
/// length, then its bytes) is a few stores, where an Array-backed ``PostgresEncoder`` pays a
/// call per append (measured at most of COPY's client CPU). Other values are encoded by their
/// ``PostgresEncodable`` conformance into a scratch encoder and copied in.
///
/// A value type over memory it does not free itself: ``CopyWriter`` hands full chunks to the
/// connection's thread and frees what is left when the COPY ends (``deallocate()``).
@usableFromInline
struct CopyBuffer {
    @usableFromInline var base: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    func deallocate() { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inlinable mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @usableFromInline mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 16)
        moved.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inlinable mutating func write<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        (base + count).storeBytes(of: value.bigEndian, as: T.self)
        count += MemoryLayout<T>.size
    }

    @inlinable mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// A fixed-width field: its length, then its big-endian bytes.
    @inlinable mutating func writeField<T: FixedWidthInteger>(_ value: T) {
        write(Int32(MemoryLayout<T>.size))
        write(value)
    }

    /// One field of a row. The built-in scalar types are written here directly (the type tests
    /// fold away when the caller is specialized); anything else goes through its own `encode`.
    @inlinable
    mutating func writeField<Value: PostgresEncodable>(_ value: Value, scratch: inout PostgresEncoder) throws {
        if Value.self == Int64.self { return writeField(Self.load(value, as: Int64.self)) }
        if Value.self == Int32.self { return writeField(Self.load(value, as: Int32.self)) }
        if Value.self == Int16.self { return writeField(Self.load(value, as: Int16.self)) }
        if Value.self == Int.self { return writeField(Int64(Self.load(value, as: Int.self))) }
        if Value.self == Double.self { return writeField(Self.load(value, as: Double.self).bitPattern) }
        if Value.self == Float.self { return writeField(Self.load(value, as: Float.self).bitPattern) }
        if Value.self == Bool.self { return writeField(UInt8(Self.load(value, as: Bool.self) ? 1 : 0)) }
        if Value.self == String.self { return writeText(Self.load(value, as: String.self)) }
        if Value.self == UUID.self { return writeUUID(Self.load(value, as: UUID.self)) }
        if Value.self == Date.self { return try writeField(Self.load(value, as: Date.self).postgresMicroseconds()) }
        if Value.self == PostgresNumeric.self { return writeNumeric(Self.load(value, as: PostgresNumeric.self)) }
        scratch.bytes.removeAll(keepingCapacity: true)
        try scratch.writeField(value)
        scratch.bytes.withUnsafeBytes { write($0) }
    }

    /// `value` as `type`, which the caller checked it is: read in place, so a call the
    /// optimizer left generic (a parameter pack's loop) copies no value through its witnesses.
    @inlinable static func load<Value, Known>(_ value: Value, as type: Known.Type) -> Known {
        withUnsafePointer(to: value) { UnsafeRawPointer($0).load(as: Known.self) }
    }

    @inlinable mutating func writeText(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            write(Int32(utf8.count))
            write(UnsafeRawBufferPointer(utf8))
        }
    }

    @inlinable mutating func writeUUID(_ value: UUID) {
        write(Int32(16))
        withUnsafeBytes(of: value.uuid) { write($0) }
    }

    @usableFromInline mutating func writeNumeric(_ value: PostgresNumeric) {
        write(Int32(value.binaryByteCount))
        value.forEachBinaryWord { write($0) }
    }
}
