import CLibPQ
import Foundation

/// One cached answer: the read's key, the tables it read, when its read began and when it
/// expires, and its result. ``serialized()`` turns it into bytes a storage can keep anywhere;
/// ``init(serialized:)`` turns them back into an entry whose result reads like the live one.
public struct QueryCacheEntry: Sendable {
    public let key: QueryCacheKey
    /// The tables the read depends on: a write to any of them drops the entry.
    public let tables: Set<String>
    /// When the read began (before its statement was sent), by the wall clock of the process
    /// that read it: an entry is served only if this is later than the last invalidation of its
    /// tables the serving process knows of.
    public let readStarted: Date
    public let expires: Date
    /// The result's size as libpq measures it, plus the key.
    public let bytes: Int
    let result: QueryResult

    init(key: QueryCacheKey, result: QueryResult, tables: Set<String>, readStarted: Date, expires: Date) {
        self.key = key
        self.result = result
        self.tables = tables
        self.readStarted = readStarted
        self.expires = expires
        self.bytes = Int(PQresultMemorySize(result.handle)) + key.text.utf8.count + key.parameters.count
    }

    /// The current encoding's version: the first byte of ``serialized()``. An entry written by
    /// another version does not decode (a miss), so processes of two Tusk versions may share a store.
    public static let encodingVersion: UInt8 = 1

    /// The entry as bytes: the version, the key, the tables, the two times, the result
    /// (columns with their names, type OIDs and formats, then every cell's bytes), and a 64-bit
    /// FNV-1a checksum of all that, so a damaged entry is refused rather than misread.
    public func serialized() -> [UInt8] {
        var encoder = PostgresEncoder(resolve: { _ in 0 })
        encoder.writeInteger(Self.encodingVersion)
        encoder.writeShortString(key.text)
        encoder.writeInteger(UInt32(key.parameters.count))
        encoder.writeBytes(key.parameters)
        encoder.writeInteger(UInt32(tables.count))
        for table in tables.sorted() { encoder.writeShortString(table) }
        encoder.writeDouble(readStarted.timeIntervalSince1970)
        encoder.writeDouble(expires.timeIntervalSince1970)
        SerializedQueryResult.encode(result, into: &encoder)
        encoder.writeInteger(Self.checksum(encoder.bytes[...]))
        return encoder.bytes
    }

    /// The entry `bytes` hold (what ``serialized()`` returned, in this or another process).
    /// Throws ``DecodingError`` for an unknown version, a wrong checksum or a malformed entry.
    public init(serialized bytes: [UInt8]) throws {
        guard let version = bytes.first else { throw DecodingError("no bytes") }
        guard version == Self.encodingVersion else {
            throw DecodingError("encoding version \(version); this Tusk reads version \(Self.encodingVersion)")
        }
        guard bytes.count >= 9 else { throw DecodingError("\(bytes.count) bytes") }
        let body = bytes[..<(bytes.count - 8)]
        let stored = bytes[(bytes.count - 8)...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard Self.checksum(body) == stored else { throw DecodingError("checksum mismatch") }
        self = try body.withUnsafeBytes { raw in
            var decoder = PostgresDecoder(bytes: raw)
            do {
                _ = try decoder.readInteger(UInt8.self)
                let text = try decoder.readShortString()
                let parameters = Array(try decoder.readBytes(Int(try decoder.readInteger(UInt32.self))))
                let tableCount = Int(try decoder.readInteger(UInt32.self))
                guard tableCount <= decoder.remaining / 4 else { throw DecodingError("\(tableCount) tables") }
                var tables = Set<String>()
                for _ in 0..<tableCount { tables.insert(try decoder.readShortString()) }
                let readStarted = Date(timeIntervalSince1970: try decoder.readDouble())
                let expires = Date(timeIntervalSince1970: try decoder.readDouble())
                let result = try SerializedQueryResult.decode(from: &decoder, statement: text)
                guard decoder.remaining == 0 else { throw DecodingError("\(decoder.remaining) trailing bytes") }
                return QueryCacheEntry(
                    key: QueryCacheKey(text: text, parameters: parameters), result: result, tables: tables,
                    readStarted: readStarted, expires: expires)
            } catch let failure as PostgresDecodingFailure {
                throw DecodingError("\(failure)")
            }
        }
    }

    /// Bytes that are not an entry this version of Tusk wrote: the cache treats it as a miss.
    public struct DecodingError: Error, CustomStringConvertible {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
        public var description: String { "unreadable cache entry: \(reason)" }
    }

    /// FNV-1a, 64 bits: cheap, and enough to tell a damaged or truncated entry from a good one.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
