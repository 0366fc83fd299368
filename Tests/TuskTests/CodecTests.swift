import Foundation
import Testing
import Tusk
import TuskTesting

enum MemoryTier: String, PostgresEnum, CaseIterable {
    static let postgresTypeName = "memory_tier"
    case working = "WORKING", episodic = "EPISODIC", semantic = "SEMANTIC", shared = "SHARED"
}

struct Preferences: PostgresJSONCodable, Equatable {
    var theme: String
    var fontSize: Int
}

/// Binds `value` as a parameter cast to `sqlType`, reads it back in binary, and compares the
/// server's own text rendering with `text`.
func expectRoundTrip<Value: PostgresCodable & Equatable>(
    _ db: Database, _ value: Value, _ sqlType: String, text: String?,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let result = try await db.query("SELECT \(value)::\(unsafeRaw: sqlType), (\(value)::\(unsafeRaw: sqlType))::text")
    let decoded = try result[0].decode(Value.self, at: 0)
    #expect(decoded == value, "\(decoded) != \(value)", sourceLocation: sourceLocation)
    if let text {
        let rendered = try result[0].decode(String?.self, at: 1)
        #expect(rendered == text, "server text \(rendered ?? "NULL") != \(text)", sourceLocation: sourceLocation)
    }
}

@Suite struct CodecTests {
    @Test func integersBooleansAndFloats() async throws {
        try await withDatabase { db, _ in
            for value in [Int16.min, -1, 0, Int16.max] { try await expectRoundTrip(db, value, "int2", text: "\(value)") }
            for value in [Int32.min, 0, Int32.max] { try await expectRoundTrip(db, value, "int4", text: "\(value)") }
            for value in [Int64.min, -7, Int64.max] { try await expectRoundTrip(db, value, "int8", text: "\(value)") }
            try await expectRoundTrip(db, true, "bool", text: "true")
            try await expectRoundTrip(db, false, "bool", text: "false")
            try await expectRoundTrip(db, 1.5 as Float, "float4", text: "1.5")
            try await expectRoundTrip(db, -0.1 as Double, "float8", text: "-0.1")
            try await expectRoundTrip(db, Double.infinity, "float8", text: "Infinity")
            try await expectRoundTrip(db, -Double.infinity, "float8", text: "-Infinity")
            try await expectRoundTrip(db, Double.greatestFiniteMagnitude, "float8", text: nil)
            let nan = try await db.query("SELECT 'NaN'::float8, 'NaN'::float4")
            #expect(try nan[0].decode(Double.self, at: 0).isNaN)
            #expect(try nan[0].decode(Float.self, at: 1).isNaN)
            // Widenings PostgreSQL users expect.
            let wide = try await db.query("SELECT 7::int2, 8::int4, 1.25::float4")
            let (a, b, c) = try wide[0].decode(Int64.self, Int64.self, Double.self)
            #expect(a == 7 && b == 8 && c == 1.25)
            #expect(try wide[0].decode(Int32.self, at: 0) == 7)
        }
    }

    @Test func narrowingAndMismatchFailWithTheColumnName() async throws {
        try await withDatabase { db, _ in
            let result = try await db.query("SELECT 1::int8 AS big, NULL::text AS missing, 'x'::text AS word")
            let narrowing = await postgresError { _ = try result[0].decode(Int32.self, at: 0) }
            #expect(narrowing?.kind == .decodingFailed)
            #expect(narrowing?.column == "big")
            #expect(narrowing?.message.contains("int8") == true)
            let null = await postgresError { _ = try result[0].decode(String.self, named: "missing") }
            #expect(null?.column == "missing")
            #expect(try result[0].decode(String?.self, named: "missing") == nil)
            let mismatch = await postgresError { _ = try result[0].decode(UUID.self, named: "word") }
            #expect(mismatch?.kind == .decodingFailed && mismatch?.column == "word")
            let outOfRange = await postgresError { _ = try result[0].decode(Int64.self, at: 9) }
            #expect(outOfRange?.kind == .decodingFailed)
        }
    }

    @Test func numericIsExact() async throws {
        try await withDatabase { db, _ in
            for text in ["0", "12.340", "-0.0001", "123456789012345678901234567890.123456789012345", "NaN", "Infinity", "-Infinity", "0.50", "10000.0000"] {
                let literal = try await db.query("SELECT \(text)::numeric")
                #expect(try literal[0].decode(PostgresNumeric.self, at: 0).description == text)
                try await expectRoundTrip(db, PostgresNumeric(text)!, "numeric", text: text)
            }
            let decimal = Decimal(string: "98765.4321")!
            try await expectRoundTrip(db, decimal, "numeric", text: "98765.4321")
            try await expectRoundTrip(db, Decimal(string: "-1234567890123456789.000123")!, "numeric", text: "-1234567890123456789.000123")
            let scaled = try await db.query("SELECT 0.5::numeric(3,2)")
            #expect(try scaled[0].decode(Decimal.self, at: 0) == Decimal(string: "0.5"))
            let tooPrecise = try await db.query("SELECT 1234567890123456789012345678901234567890.5::numeric")
            let error = await postgresError { _ = try tooPrecise[0].decode(Decimal.self, at: 0) }
            #expect(error?.kind == .decodingFailed)
        }
    }

    @Test func textAndBytes() async throws {
        try await withDatabase { db, _ in
            for value in ["", "plain", "naïve café ☕️ 日本語 🐘", "quote ' and \" and \\ and $1"] {
                try await expectRoundTrip(db, value, "text", text: value)
                try await expectRoundTrip(db, value, "varchar", text: value)
            }
            let padded = try await db.query("SELECT 'ab'::char(4), 'xy'::varchar(5), 'n'::name")
            #expect(try padded[0].decode(String.self, String.self, String.self) == ("ab  ", "xy", "n"))
            try await expectRoundTrip(db, Data(), "bytea", text: "\\x")
            try await expectRoundTrip(db, Data([0, 1, 0xFF, 0x7F]), "bytea", text: "\\x0001ff7f")
            let id = UUID(uuidString: "0F6B4B4E-5B6E-4F7A-9C1D-2E3F4A5B6C7D")!
            try await expectRoundTrip(db, id, "uuid", text: "0f6b4b4e-5b6e-4f7a-9c1d-2e3f4a5b6c7d")
        }
    }

    @Test func datesAndTimes() async throws {
        try await withDatabase { db, _ in
            let instant = Date(timeIntervalSince1970: 1_700_000_000.123456)
            let result = try await db.query("SELECT \(instant)::timestamptz = '2023-11-14 22:13:20.123456+00'::timestamptz")
            #expect(try result[0].decode(Bool.self, at: 0))
            let back = try await db.query("SELECT \(instant)::timestamptz")[0].decode(Date.self, at: 0)
            #expect(abs(back.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000001)
            let zones = try await db.query("""
                SELECT '2021-06-01 12:00:00+02'::timestamptz, '1969-07-20 20:17:40'::timestamp,
                       '1901-01-01'::date, '0044-03-15 BC'::date
                """)
            #expect(try zones[0].decode(Date.self, at: 0) == Date(timeIntervalSince1970: 1_622_541_600))
            #expect(try zones[0].decode(Date.self, at: 1) == Date(timeIntervalSince1970: -14_182_940))
            #expect(try zones[0].decode(PostgresDate.self, at: 2) == PostgresDate(year: 1901, month: 1, day: 1))
            #expect(try zones[0].decode(PostgresDate.self, at: 3).description == "0044-03-15 BC")
            try await expectRoundTrip(db, PostgresDate(year: 1999, month: 12, day: 31), "date", text: "1999-12-31")
            try await expectRoundTrip(db, PostgresDate(year: 2024, month: 2, day: 29), "date", text: "2024-02-29")
            try await expectRoundTrip(db, PostgresTime(hour: 23, minute: 59, second: 59, microsecond: 999_999), "time", text: "23:59:59.999999")
            try await expectRoundTrip(db, PostgresTime(hour: 0, minute: 0), "time", text: "00:00:00")
            try await expectRoundTrip(db, PostgresInterval(months: 14, days: 3, microseconds: 3_723_000_001), "interval", text: "1 year 2 mons 3 days 01:02:03.000001")
            try await expectRoundTrip(db, PostgresInterval(days: -1), "interval", text: "-1 days")
            let infinite = try await db.query("SELECT 'infinity'::timestamptz")
            #expect(await postgresError { _ = try infinite[0].decode(Date.self, at: 0) }?.kind == .decodingFailed)
        }
    }

    @Test func jsonInetAndEnums() async throws {
        try await withDatabase { db, testDatabase in
            try await testDatabase.execute("CREATE TYPE memory_tier AS ENUM ('WORKING', 'EPISODIC', 'SEMANTIC', 'SHARED')")
            let preferences = Preferences(theme: "dark", fontSize: 14)
            let json = try await db.query("SELECT \(preferences), \(preferences)::json, '{\"b\": [1, null]}'::jsonb, '{\"theme\":\"x\",\"fontSize\":1}'::json")
            #expect(try json[0].decode(Preferences.self, at: 0) == preferences)
            #expect(try json[0].decode(Preferences.self, at: 1) == preferences)
            #expect(try json[0].decode(PostgresJSON.self, at: 2).text == #"{"b": [1, null]}"#)
            #expect(try json[0].decode(Preferences.self, at: 3) == Preferences(theme: "x", fontSize: 1))
            try await expectRoundTrip(db, PostgresJSON(text: #"{"a": "ü"}"#), "jsonb", text: #"{"a": "ü"}"#)
            // inet's text cast always shows the mask.
            for (text, cast) in [("192.168.1.10", "192.168.1.10/32"), ("10.0.0.0/8", "10.0.0.0/8"), ("::1", "::1/128"), ("2001:db8::/32", "2001:db8::/32")] {
                try await expectRoundTrip(db, PostgresInet(text)!, "inet", text: cast)
            }
            let host = try await db.query("SELECT '10.1.2.3'::inet, '10.0.0.0/8'::cidr", as: PostgresInet.self, PostgresInet.self)
            #expect(host[0].0.description == "10.1.2.3" && host[0].1.description == "10.0.0.0/8")
            for tier in MemoryTier.allCases { try await expectRoundTrip(db, tier, "memory_tier", text: tier.rawValue) }
            try await db.execute("CREATE TABLE memories (tier memory_tier NOT NULL, tiers memory_tier[])")
            try await db.run("INSERT INTO memories VALUES (\(MemoryTier.episodic), \([MemoryTier.shared, MemoryTier.working]))")
            let rows = try await db.query("SELECT tier, tiers, tier::text FROM memories WHERE tier = \(MemoryTier.episodic)", as: MemoryTier.self, [MemoryTier].self, String.self)
            #expect(rows.count == 1 && rows[0].0 == .episodic && rows[0].1 == [.shared, .working] && rows[0].2 == "EPISODIC")
            let unknown = await postgresError { _ = try await db.query("SELECT 'NOPE'::memory_tier")[0].decode(MemoryTier.self, at: 0) }
            #expect(unknown?.kind == .server || unknown?.kind == .decodingFailed)
        }
    }

    @Test func arraysWithNulls() async throws {
        try await withDatabase { db, _ in
            try await expectRoundTrip(db, [Int64](), "int8[]", text: "{}")
            try await expectRoundTrip(db, [1, 2, 3] as [Int64], "int8[]", text: "{1,2,3}")
            try await expectRoundTrip(db, [1, nil, 3] as [Int32?], "int4[]", text: "{1,NULL,3}")
            try await expectRoundTrip(db, ["a", "", "b c", nil] as [String?], "text[]", text: #"{a,"","b c",NULL}"#)
            try await expectRoundTrip(db, [true, false], "bool[]", text: "{t,f}")
            try await expectRoundTrip(db, [1.5, -2] as [Double], "float8[]", text: "{1.5,-2}")
            try await expectRoundTrip(db, [PostgresNumeric("1.10")!, nil], "numeric[]", text: "{1.10,NULL}")
            try await expectRoundTrip(db, [PostgresDate(year: 2001, month: 2, day: 3)], "date[]", text: "{2001-02-03}")
            try await expectRoundTrip(db, [UUID(uuidString: "00000000-0000-0000-0000-000000000001")!], "uuid[]", text: "{00000000-0000-0000-0000-000000000001}")
            try await expectRoundTrip(db, [Data([1]), nil], "bytea[]", text: #"{"\\x01",NULL}"#)
            try await expectRoundTrip(db, [PostgresJSON(text: "[1]")], "jsonb[]", text: "{[1]}")
            let widened = try await db.query("SELECT ARRAY[1, NULL]::int2[]")
            #expect(try widened[0].decode([Int64?].self, at: 0) == [1, nil])
            let withNull = await postgresError { _ = try widened[0].decode([Int64].self, at: 0) }
            #expect(withNull?.kind == .decodingFailed)
            let twoDimensional = try await db.query("SELECT '{{1,2},{3,4}}'::int4[]")
            #expect(await postgresError { _ = try twoDimensional[0].decode([Int32].self, at: 0) }?.kind == .decodingFailed)
        }
    }

    @Test func nullsAndOptionals() async throws {
        try await withDatabase { db, _ in
            let missing: Int64? = nil
            let result = try await db.query("SELECT \(missing)::int8, \(Optional(5) as Int64?)::int8")
            let (first, second) = try result[0].decode(Int64?.self, Int64?.self)
            #expect(first == nil && second == 5)
            #expect(await postgresError { _ = try result[0].decode(Int64.self, at: 0) }?.kind == .decodingFailed)
        }
    }

    @Test func pgvector() async throws {
        try await withDatabase(.pgvector) { db, _ in
            try await db.execute("CREATE EXTENSION vector; CREATE TABLE items (id int8 PRIMARY KEY, embedding vector(3))")
            let embedding: PostgresVector = [1, -2.5, 3]
            try await db.run("INSERT INTO items VALUES (1, \(embedding)), (2, \(PostgresVector([0, 0, 1]))), (3, NULL)")
            let nearest = try await db.query(
                "SELECT id, embedding FROM items ORDER BY embedding <-> \(PostgresVector([1, -2, 3])) LIMIT 1",
                as: Int64.self, PostgresVector?.self)
            #expect(nearest[0].0 == 1 && nearest[0].1 == embedding)
            let text = try await db.query("SELECT embedding::text FROM items WHERE id = 1", as: String.self)
            #expect(text[0] == "[1,-2.5,3]")
            let all = try await db.query("SELECT array_agg(embedding ORDER BY id) FROM items", as: [PostgresVector?].self)
            #expect(all[0] == [embedding, [0, 0, 1], nil])
        }
    }
}
