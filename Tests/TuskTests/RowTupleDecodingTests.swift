import Foundation
import Testing
import Tusk
import TuskTesting

/// `row.decode(A.self, B.self, ...)`: 2 to 8 columns take the fixed-arity overloads (specialized
/// per column), wider rows the variadic one; both read the same columns and fail the same way.
@Suite struct RowTupleDecodingTests {
    static let nineColumns: SQL = """
        SELECT 1::int8, 'two'::text, 3.5::float8, true, 5::int4, 'six'::text, 7::int2, NULL::text,
               '00000000-0000-4000-8000-000000000009'::uuid
        """

    @Test func everyWidthReadsTheLeadingColumnsInOrder() async throws {
        try await withDatabase { db, _ in
            let result = try await db.query(Self.nineColumns)
            let row = try #require(result.first)
            let two: (Int64, String) = try row.decode(Int64.self, String.self)
            #expect(two.0 == 1 && two.1 == "two")
            let three: (Int64, String, Double) = try row.decode(Int64.self, String.self, Double.self)
            #expect(three.2 == 3.5)
            let four: (Int64, String, Double, Bool) = try row.decode(Int64.self, String.self, Double.self, Bool.self)
            #expect(four.3)
            let five = try row.decode(Int64.self, String.self, Double.self, Bool.self, Int32.self)
            #expect(five.4 == 5)
            let six = try row.decode(Int64.self, String.self, Double.self, Bool.self, Int32.self, String.self)
            #expect(six.5 == "six")
            let seven = try row.decode(Int64.self, String.self, Double.self, Bool.self, Int32.self, String.self, Int16.self)
            #expect(seven.6 == 7)
            let eight = try row.decode(
                Int64.self, String.self, Double.self, Bool.self, Int32.self, String.self, Int16.self, String?.self)
            #expect(eight.0 == 1 && eight.7 == nil)
            // Nine columns: the variadic overload.
            let nine = try row.decode(
                Int64.self, String.self, Double.self, Bool.self, Int32.self, String.self, Int16.self, String?.self, UUID.self)
            #expect(nine.0 == 1 && nine.5 == "six" && nine.7 == nil)
            #expect(nine.8 == UUID(uuidString: "00000000-0000-4000-8000-000000000009"))
            // A view from an offset reads from there.
            let tail = try row.columns(from: 6).decode(Int16.self, String?.self)
            #expect(tail.0 == 7 && tail.1 == nil)
        }
    }

    @Test func queriesAsTuplesOfEveryWidthAgree() async throws {
        try await withDatabase { db, _ in
            let rows = try await db.query(
                "SELECT i::int8, 'n' || i, i * 0.5::float8, i % 2 = 0 FROM generate_series(1, 3) AS i ORDER BY i",
                as: Int64.self, String.self, Double.self, Bool.self)
            #expect(rows.map(\.0) == [1, 2, 3] && rows.map(\.1) == ["n1", "n2", "n3"])
            #expect(rows.map(\.2) == [0.5, 1, 1.5] && rows.map(\.3) == [false, true, false])
            // Eight columns (the widest fixed arity) and nine (the variadic form) read the same row.
            let eight = try await db.queryFirst(
                Self.nineColumns, as: Int64.self, String.self, Double.self, Bool.self, Int32.self, String.self, Int16.self,
                String?.self)
            let nine = try await db.queryFirst(
                Self.nineColumns, as: Int64.self, String.self, Double.self, Bool.self, Int32.self, String.self, Int16.self,
                String?.self, UUID.self)
            #expect(eight?.0 == nine?.0 && eight?.5 == nine?.5 && eight?.6 == nine?.6 && eight?.7 == nil && nine?.7 == nil)
            let none = try await db.queryFirst("SELECT 1::int8, 'x'::text WHERE false", as: Int64.self, String.self)
            #expect(none == nil)
        }
    }

    @Test func aWrongTypeOrAMissingColumnNamesTheColumn() async throws {
        try await withDatabase { db, _ in
            let result = try await db.query("SELECT 1::int8 AS id, 'x'::text AS name")
            let row = try #require(result.first)
            let mismatch = #expect(throws: PostgresError.self) { _ = try row.decode(Int64.self, Int64.self) }
            #expect(mismatch?.kind == .decodingFailed)
            #expect(mismatch?.column == "name")
            let missing = #expect(throws: PostgresError.self) { _ = try row.decode(Int64.self, String.self, Bool.self) }
            #expect(missing?.kind == .decodingFailed)
            #expect(missing?.message.contains("column index 2 out of range") == true)
            let pastTheView = #expect(throws: PostgresError.self) {
                _ = try row.columns(from: 1).decode(String.self, Int64.self)
            }
            #expect(pastTheView?.message.contains("column index 1 out of range") == true)
        }
    }
}
