import Foundation
import Testing
import TuskTesting
@testable import Tusk

/// A cache entry as bytes (what a storage outside the process keeps): a result decoded from them
/// reads exactly like the server's, and bytes that are not a good entry of this version are
/// refused with a ``QueryCacheEntry/DecodingError``, never misread and never a crash.
@Suite struct QueryCacheEntryTests {
    static let statement = SQL("""
        SELECT 1::int4 AS a, NULL::text AS b, ''::text AS c, '\\x00ff'::bytea AS d, 12.50::numeric AS e,
               ARRAY[1, NULL, 3]::int8[] AS f, '{"k": [1]}'::jsonb AS g, '2026-12-06 08:00:00+00'::timestamptz AS h,
               'héllo'::varchar(10) AS "Mixed Case", '4a0b7c1e-5d2f-4e3a-9b8c-7d6e5f4a3b2c'::uuid AS j
        FROM generate_series(1, 3)
        """)

    func entry(_ result: QueryResult, _ text: String = "k") -> QueryCacheEntry {
        QueryCacheEntry(
            key: QueryCacheKey(SQL(text))!, result: result, tables: ["items", "parts"], readStarted: Date(timeIntervalSince1970: 1_000),
            expires: Date(timeIntervalSince1970: 2_000))
    }

    @Test func aDecodedResultReadsLikeTheLiveOne() async throws {
        try await withConnectedTestDatabase { db in
            let live = try await db.query(Self.statement)
            let original = entry(live)
            let decoded = try QueryCacheEntry(serialized: original.serialized())
            #expect(decoded.key == original.key && decoded.tables == original.tables)
            #expect(decoded.readStarted == original.readStarted && decoded.expires == original.expires)
            let result = decoded.result
            #expect(result.count == 3 && result.columns == live.columns && result.isBinary == live.isBinary)
            for row in 0..<live.count {
                for column in 0..<live.columnCount {
                    #expect(result[row].isNull(at: column) == live[row].isNull(at: column))
                    #expect(try cell(result, row, column) == cell(live, row, column), "row \(row) column \(column)")
                }
            }
            let (a, b, c, d, e) = try result[2].decode(Int32.self, String?.self, String.self, Data.self, Decimal.self)
            #expect(a == 1 && b == nil && c == "" && d == Data([0, 255]) && e == Decimal(string: "12.50"))
            #expect(try result[0].decode([Int64?].self, at: 5) == [1, nil, 3])
            #expect(try result[0].decode(String.self, named: "\"Mixed Case\"") == "héllo")
            #expect(try result[0].decode(UUID.self, at: 9) == UUID(uuidString: "4a0b7c1e-5d2f-4e3a-9b8c-7d6e5f4a3b2c"))
            // The same bytes every time: an entry is a value, deterministic.
            #expect(decoded.serialized() == original.serialized())

            // No rows; and rows without columns, which libpq cannot rebuild: refused, not read as no rows.
            let empty = try await db.query("SELECT 1 AS x WHERE false")
            #expect(try QueryCacheEntry(serialized: entry(empty).serialized()).result.columns == empty.columns)
            let noColumns = try await db.query("SELECT FROM generate_series(1, 2)")
            #expect(!SerializedQueryResult.canEncode(noColumns))
            #expect(throws: QueryCacheEntry.DecodingError.self) { try QueryCacheEntry(serialized: entry(noColumns).serialized()) }
        }
    }

    @Test func bytesThatAreNotAGoodEntryAreRefused() async throws {
        try await withConnectedTestDatabase { db in
            let bytes = entry(try await db.query(Self.statement)).serialized()
            func refused(_ bytes: [UInt8]) -> Bool {
                do {
                    _ = try QueryCacheEntry(serialized: bytes)
                    return false
                } catch {
                    return error is QueryCacheEntry.DecodingError
                }
            }
            #expect(refused([]))
            var otherVersion = bytes
            otherVersion[0] = 2
            #expect(refused(otherVersion))
            #expect(throws: QueryCacheEntry.DecodingError.self) { try QueryCacheEntry(serialized: otherVersion) }
            // Every single damaged byte and every truncation is caught by the checksum.
            for index in bytes.indices {
                var damaged = bytes
                damaged[index] ^= 0x5A
                #expect(refused(damaged), "byte \(index) damaged")
                #expect(refused(Array(bytes[..<index])), "cut at \(index)")
            }
            // A well-formed checksum over a body that lies about its sizes: refused before it allocates.
            func sealed(_ body: [UInt8]) -> [UInt8] {
                var encoder = PostgresEncoder(bytes: body, resolve: { _ in 0 })
                encoder.writeInteger(QueryCacheEntry.checksum(body[...]))
                return encoder.bytes
            }
            #expect(!refused(sealed(Array(bytes.dropLast(8)))))
            var encoder = PostgresEncoder(resolve: { _ in 0 })
            encoder.writeInteger(QueryCacheEntry.encodingVersion)
            encoder.writeShortString("k")
            encoder.writeInteger(UInt32(0))          // no parameters
            encoder.writeInteger(UInt32(0))          // no tables
            encoder.writeDouble(0)
            encoder.writeDouble(0)
            encoder.writeInteger(UInt32(1))          // one column
            encoder.writeShortString("a")
            for _ in 0..<2 { encoder.writeInteger(UInt32(0)) }
            encoder.writeInteger(Int16(1))
            encoder.writeInteger(UInt32(23))
            encoder.writeInteger(Int32(4))
            encoder.writeInteger(Int32(-1))
            encoder.writeInteger(UInt32.max)         // four billion rows in no bytes
            #expect(refused(sealed(encoder.bytes)))
            encoder.bytes.removeLast(4)
            encoder.writeInteger(UInt32(1))
            encoder.writeInteger(Int32(400))         // a cell longer than what follows
            #expect(refused(sealed(encoder.bytes)))
        }
    }

    /// A cell's bytes, nil for NULL.
    func cell(_ result: QueryResult, _ row: Int, _ column: Int) throws -> [UInt8]? {
        try result[row].decode(CellBytes?.self, at: column)?.bytes
    }
}

/// Any non-NULL cell, as its bytes.
struct CellBytes: PostgresDecodable, Equatable {
    let bytes: [UInt8]
    static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> CellBytes {
        CellBytes(bytes: Array(try bytes.readBytes(bytes.remaining)))
    }
}
