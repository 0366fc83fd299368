import Foundation
import Testing

@testable import Tusk

/// Every timestamp PostgreSQL stores decodes into a Date and encodes back; dates keep their whole
/// range and ±infinity through PostgresDate; what cannot be sent says so with its seconds
/// (issue 10, item 11).
@Suite struct DateRangeTests {
    /// Edges and ordinary values of timestamptz and timestamp, as SQL literals.
    static let timestamps = [
        "'4714-11-24 00:00:00 BC'", "'4714-11-24 00:00:00.000001 BC'", "'0001-01-01 00:00:00 BC'",
        "'1969-12-31 23:59:59.999999'", "'2000-01-01 00:00:00'", "'2024-02-29 12:34:56.789012'",
        "'9999-12-31 23:59:59.999999'", "'100000-06-15 08:00:00'", "'294276-12-31 23:59:59'",
        "'294276-12-31 23:59:59.999999'",
    ]

    @Test(arguments: ["timestamptz", "timestamp"])
    func everyTimestampDecodesAndEncodesBack(type: String) async throws {
        try await withDatabase { db, _ in
            for literal in Self.timestamps {
                let date = try #require(try await db.queryFirst("SELECT \(unsafeRaw: literal)::\(unsafeRaw: type)", as: Date.self))
                // Sent back as a parameter, the server reads the same instant, to the Date's
                // own precision (exact to the microsecond near the present).
                let difference = try #require(try await db.queryFirst(
                    "SELECT extract(epoch FROM \(date)::timestamptz - \(unsafeRaw: literal)::\(unsafeRaw: type)::timestamptz)::float8",
                    as: Double.self))
                let precision = date.timeIntervalSinceReferenceDate.ulp
                #expect(abs(difference) <= max(precision, 1e-6), "\(literal) \(type): off by \(difference) s")
                if abs(date.timeIntervalSinceReferenceDate) < 1e9 { #expect(difference == 0, "\(literal)") }
            }
        }
    }

    @Test func datesKeepTheirWholeRangeAndInfinity() async throws {
        try await withDatabase { db, _ in
            for literal in ["'4714-11-24 BC'", "'0001-01-01'", "'2000-01-01'", "'5874897-12-31'", "'infinity'", "'-infinity'"] {
                let date = try #require(try await db.queryFirst("SELECT \(unsafeRaw: literal)::date", as: PostgresDate.self))
                #expect(try await db.queryFirst("SELECT \(date) = \(unsafeRaw: literal)::date", as: Bool.self) == true, "\(literal)")
                #expect(try await db.queryFirst("SELECT \(date)::text", as: String.self) == String(literal.dropFirst().dropLast()), "\(literal)")
            }
            #expect(try await db.queryFirst("SELECT 'infinity'::date", as: PostgresDate.self) == .infinity)
            #expect(PostgresDate.negativeInfinity < PostgresDate(year: -4713, month: 11, day: 24))
            // The whole date range decodes into Date too (midnight UTC).
            let first = try #require(try await db.queryFirst("SELECT '4714-11-24 BC'::date", as: Date.self))
            #expect(try await db.queryFirst("SELECT \(first) = '4714-11-24 00:00:00+00 BC'::timestamptz", as: Bool.self) == true)
        }
    }

    @Test func whatCannotBeSentSaysSoWithItsSeconds() async throws {
        try await withDatabase { db, _ in
            // Past timestamptz's range: a date of year 5874897 is a Date, but not a timestamptz.
            let farDate = try #require(try await db.queryFirst("SELECT '5874897-12-31'::date", as: Date.self))
            for date in [farDate, Date(timeIntervalSince1970: 9.3e12), Date(timeIntervalSince1970: -2.2e11), Date(timeIntervalSince1970: .infinity)] {
                let error = try #require(await postgresError { _ = try await db.query("SELECT \(date)") })
                #expect(error.kind == .encodingFailed)
                #expect(error.message.contains("\(date.timeIntervalSince1970) seconds since 1970-01-01"), "\(error.message)")
                #expect(!error.message.contains("unavailable"))
            }
            let error = try #require(await postgresError { _ = try await db.query("SELECT \(PostgresDate(daysSince2000: 2_145_031_949))") })
            #expect(error.message.contains("2145031949 days"))
            // Infinity has no Date: the error says what to do.
            let infinite = try #require(await postgresError { _ = try await db.queryFirst("SELECT 'infinity'::timestamptz", as: Date.self) })
            #expect(infinite.message.contains("isfinite"), "\(infinite.message)")
        }
    }
}
