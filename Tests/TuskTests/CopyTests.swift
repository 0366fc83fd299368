import Foundation
import Testing
import Tusk
import TuskTesting

/// Binary COPY writes built-in values straight into its chunks and every other value through its
/// own encoder, and sends each full chunk while the next one is filled.
@Suite struct CopyTests {
    static let columns = ["i2", "i4", "i8", "n", "f4", "f8", "ok", "label", "token", "at", "amount", "price", "note", "tags", "raw"]

    static func createTable(_ db: Database) async throws {
        try await db.execute(
            """
            CREATE TABLE samples (i2 int2, i4 int4, i8 int8 PRIMARY KEY, n int8, f4 float4, f8 float8, ok bool,
                label text, token uuid, at timestamptz, amount numeric, price numeric, note text, tags text[], raw bytea)
            """)
    }

    static func token(_ i: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", i))!
    }

    /// Row `i`: every built-in scalar, plus types that go through their own encoders.
    static func append(_ i: Int, to writer: inout CopyWriter) async throws {
        let at = Date(timeIntervalSince1970: 1_700_000_000 + Double(i) + 0.25)
        let amount = PostgresNumeric("\(i).05")!
        let note: String? = i % 2 == 0 ? nil : "odd ✓"
        let label = String(repeating: "x", count: i % 300) + "-\(i)"
        try await writer.append(
            Int16(i % 100), Int32(-i), Int64(i), i * 3, Float(i) / 2, Double(i) * 0.25, i % 3 == 0, label, token(i), at,
            amount, Decimal(i) / 8, note, ["a", "b\(i)"], Data([1, 2, UInt8(i % 256)]))
    }

    @Test func everyValueRoundTripsAcrossManyChunks() async throws {
        try await withDatabase { db, _ in
            try await Self.createTable(db)
            let copied = try await db.copyIn(table: "samples", columns: Self.columns) { writer in
                for i in 0..<12_000 { try await Self.append(i, to: &writer) }
            }
            #expect(copied == 12_000)
            // Over 1.5 MB of rows: several 256 KiB chunks, each sent while the next was filled.
            let size = try await db.queryFirst("SELECT sum(pg_column_size(samples.*))::int8 FROM samples", as: Int64.self)
            #expect((size ?? 0) > 1_500_000)
            try await Self.checkRows(db)
        }
    }

    static func checkRows(_ db: Database) async throws {
        let sql: SQL = """
            SELECT i2, i4, n, f4, f8, ok, label, token, at, amount::text, price::text, note, tags, raw
            FROM samples WHERE i8 IN (0, 1, 299, 11999) ORDER BY i8
            """
        let rows = try await db.query(sql)
        #expect(rows.count == 4)
        for (row, i) in zip(rows, [0, 1, 299, 11_999]) {
            #expect(try row.decode(Int16.self, at: 0) == Int16(i % 100))
            #expect(try row.decode(Int32.self, at: 1) == Int32(-i))
            #expect(try row.decode(Int64.self, at: 2) == Int64(i * 3))
            #expect(try row.decode(Float.self, at: 3) == Float(i) / 2)
            #expect(try row.decode(Double.self, at: 4) == Double(i) * 0.25)
            #expect(try row.decode(Bool.self, at: 5) == (i % 3 == 0))
            #expect(try row.decode(String.self, at: 6) == String(repeating: "x", count: i % 300) + "-\(i)")
            #expect(try row.decode(UUID.self, at: 7) == token(i))
            #expect(try row.decode(Date.self, at: 8) == Date(timeIntervalSince1970: 1_700_000_000 + Double(i) + 0.25))
            #expect(try row.decode(String.self, at: 9) == "\(i).05")
            #expect(try row.decode(String.self, at: 10) == "\(Decimal(i) / 8)")
            #expect(try row.decode(String?.self, at: 11) == (i % 2 == 0 ? nil : "odd ✓"))
            #expect(try row.decode([String].self, at: 12) == ["a", "b\(i)"])
            #expect(try row.decode(Data.self, at: 13) == Data([1, 2, UInt8(i % 256)]))
        }
    }

    @Test func rowsOfRunTimeTypesTakeTheSamePaths() async throws {
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE pairs (id int8, name text, at timestamptz, tags text[])")
            let at = Date(timeIntervalSince1970: 1_600_000_000)
            try await db.copyIn(table: "pairs", columns: ["id", "name", "at", "tags"]) { writer in
                for id in 0..<3 {
                    let values: [any PostgresEncodable] = [Int64(id), "n\(id)", at, ["t"]]
                    try await writer.append(row: values)
                }
            }
            let got = try await db.query("SELECT id, name, at, tags[1] FROM pairs ORDER BY id", as: Int64.self, String.self, Date.self, String.self)
            #expect(got.map(\.0) == [0, 1, 2] && got.map(\.1) == ["n0", "n1", "n2"])
            #expect(got.allSatisfy { $0.2 == at && $0.3 == "t" })
        }
    }

    /// Rows of up to 12 values take the fixed-arity `append` overloads (rows of 15, above, the
    /// variadic one): the same fields, the same count check, no half row after a refused one.
    @Test func rowsOfTwelveValuesTakeTheFixedArityPath() async throws {
        try await withDatabase { db, _ in
            try await Self.createTable(db)
            let twelve = Array(Self.columns.prefix(12))
            let copied = try await db.copyIn(table: "samples", columns: twelve) { writer in
                for i in 0..<6_000 {
                    let at = Date(timeIntervalSince1970: 1_700_000_000 + Double(i) + 0.25)
                    let label = String(repeating: "x", count: i % 300) + "-\(i)"
                    try await writer.append(
                        Int16(i % 100), Int32(-i), Int64(i), i * 3, Float(i) / 2, Double(i) * 0.25, i % 3 == 0, label,
                        Self.token(i), at, PostgresNumeric("\(i).05")!, Decimal(i) / 8)
                }
                // The wrong number of values is refused before anything of the row is written.
                let error = await #expect(throws: PostgresError.self) { try await writer.append(Int64(1), "one") }
                #expect(error?.kind == .misuse)
                #expect(error?.message == "COPY row has 2 values for 12 columns")
            }
            #expect(copied == 6_000)
            let sql: SQL = "SELECT i2, i4, n, f4, label, token, at, amount::text, price::text FROM samples WHERE i8 = 5999"
            let row = try #require(try await db.query(sql).first)
            let (i2, i4, n, f4) = try row.decode(Int16.self, Int32.self, Int64.self, Float.self)
            #expect(i2 == 99 && i4 == -5_999 && n == 17_997 && f4 == 2_999.5)
            let (label, token, at) = try row.columns(from: 4).decode(String.self, UUID.self, Date.self)
            #expect(label == String(repeating: "x", count: 299) + "-5999")
            #expect(token == Self.token(5_999))
            #expect(at == Date(timeIntervalSince1970: 1_700_000_000 + 5_999.25))
            let (amount, price) = try row.columns(from: 7).decode(String.self, String.self)
            #expect(amount == "5999.05" && price == "\(Decimal(5_999) / 8)")
        }
    }

    @Test func aFailureAfterChunksWereSentAbortsTheWholeCopy() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, _ in
            try await Self.createTable(db)
            // A duplicate key in the last chunk: the server rejects the COPY after earlier chunks went.
            let error = await postgresError {
                try await db.copyIn(table: "samples", columns: Self.columns) { writer in
                    for i in 0..<8_000 { try await Self.append(i, to: &writer) }
                    try await Self.append(0, to: &writer)
                }
            }
            #expect(error?.sqlState == "23505")
            #expect(error?.constraint == "samples_pkey")
            let count = try await db.queryFirst("SELECT count(*) FROM samples", as: Int64.self)
            #expect(count == 0)
            // An out-of-range Date is refused before anything is sent for its row.
            let range = await postgresError {
                try await db.copyIn(table: "samples", columns: ["at"]) { writer in try await writer.append(Date.distantFuture.addingTimeInterval(1e15)) }
            }
            #expect(range?.kind == .encodingFailed)
            #expect(range?.message.contains("COPY row 1") == true && range?.message.contains("timestamptz") == true)
            // A caller that catches a row's encoding error and goes on loses only that row.
            let kept = try await db.copyIn(table: "samples", columns: ["i8", "at"]) { writer in
                try await writer.append(Int64(1), Date(timeIntervalSince1970: 0))
                await #expect(throws: PostgresError.self) { try await writer.append(Int64(2), Date.distantFuture.addingTimeInterval(1e15)) }
                try await writer.append(Int64(3), Date(timeIntervalSince1970: 0))
            }
            #expect(kept == 2)
            #expect(try await db.query("SELECT i8 FROM samples ORDER BY i8", as: Int64.self) == [1, 3])
        }
    }
}
