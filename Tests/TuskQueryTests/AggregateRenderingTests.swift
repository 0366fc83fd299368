import Foundation
import Testing
@testable import Tusk

@Suite struct AggregateRenderingTests {
    @Test func groupByHavingOrderRendersWithoutTheKeyTieBreaker() throws {
        let query = Item.where { $0.score > 0 }
            .groupBy { $0.name }
            .having { $0.id.count() > 2 }
            .order { $0.id.count().desc }
            .limit(10)
            .select { ($0.name, $0.id.count(), $0.score.avg(), $0.order.sum()) }
        let sql = try query.sql()
        #expect(sql.text == #"SELECT "name", count("id"), avg("score"), sum("order") FROM "public"."items" WHERE "score" > $1 GROUP BY "name" HAVING count("id") > $2 ORDER BY count("id") DESC LIMIT 10"#)
        #expect(sql.values == ["0.0", "2"])
    }

    @Test func severalGroupTermsAndHavingsCombine() throws {
        let sql = try Item.groupBy { ($0.name, $0.note) }
            .having { $0.score.max() > 1 }
            .having { $0.order.min() < 5 && count() >= 2 }
            .order { [$0.name, $0.note.desc] }
            .select { ($0.name, $0.note, count(), count(distinct: $0.order)) }
            .sql()
        #expect(sql.text == #"SELECT "name", "note", count(*), count(DISTINCT "order") FROM "public"."items" GROUP BY "name", "note" HAVING max("score") > $1 AND min("order") < $2 AND count(*) >= $3 ORDER BY "name", "note" DESC"#)
        #expect(sql.bindings.count == 3)
    }

    @Test func wholeTableAggregates() throws {
        let projection = Item.select { (count(), $0.score.sum(), $0.note.max(), $0.id.countDistinct()) }
        #expect(try projection.sql().text == #"SELECT count(*), sum("score"), max("note"), count(DISTINCT "id") FROM "public"."items""#)
    }

    @Test func resultTypesAreThoseOfPostgreSQL() {
        // The annotations are the test: this compiles only with PostgreSQL's result types.
        // sum: bigint for int2/int4, numeric for int8/numeric; avg: numeric for integers, double for floats.
        let float = Tusk.Expression<Float>(SQLFragment("x"))
        let smallOptional = Tusk.Expression<Int16?>(SQLFragment("x"))
        let sums: (Tusk.Expression<Int64?>, Tusk.Expression<Decimal?>, Tusk.Expression<Double?>, Tusk.Expression<Float?>, Tusk.Expression<Int64?>) =
            (Item.columns.order.sum(), Item.columns.id.sum(), Item.columns.score.sum(), float.sum(), smallOptional.sum())
        let averages: (Tusk.Expression<Decimal?>, Tusk.Expression<Double?>, Tusk.Expression<Double?>) =
            (Item.columns.id.avg(), Item.columns.score.avg(), float.avg())
        // min/max are optional once, also over optional columns; count is never NULL.
        let extremes: (Tusk.Expression<String?>, Tusk.Expression<String?>, Tusk.Expression<Int64>) =
            (Item.columns.name.max(), Item.columns.note.min(), Item.columns.id.count())
        #expect(sums.0.sqlFragment.sql.text == #"sum("order")"#)
        #expect(averages.2.sqlFragment.sql.text == "avg(x)")
        #expect(extremes.1.sqlFragment.sql.text == #"min("note")"#)
    }

    @Test func aPlainOrderedProjectionStillGetsTheTieBreaker() throws {
        #expect(try Item.order { $0.name }.select { $0.name }.sql().text == #"SELECT "name" FROM "public"."items" ORDER BY "name", "id""#)
    }
}

@Suite struct SubqueryRenderingTests {
    @Test func inSubqueryNumbersBindingsAcrossBoth() throws {
        let sql = try Item.where { $0.name == "a" && $0.id.in(Part.where { $0.label == "b" }.select { $0.itemId }) && $0.score > 1 }.sql()
        #expect(sql.text.hasSuffix(#"FROM "public"."items" WHERE "name" = $1 AND "id" IN (SELECT "item_id" FROM "public"."parts" WHERE "label" = $2 AND "deleted_at" IS NULL) AND "score" > $3"#))
        #expect(sql.values == ["a", "b", "1.0"])
    }

    @Test func notInAndOptionalMismatch() throws {
        // String? column against a String subquery, and String against String?.
        let sql = try Item.where { $0.note.notIn(Part.select { $0.label }) || $0.name.in(Item.select { $0.note }) }.sql()
        #expect(sql.text.hasSuffix(#"WHERE "note" NOT IN (SELECT "label" FROM "public"."parts" WHERE "deleted_at" IS NULL) OR "name" IN (SELECT "note" FROM "public"."items")"#))
    }

    @Test func existsAndNotExists() throws {
        let sql = try Item.where { _ in exists(Part.where { $0.label == "x" }.order { $0.label }) && notExists(Part.query.withDeleted()) }.sql()
        #expect(sql.text.hasSuffix(#"WHERE EXISTS (SELECT 1 FROM "public"."parts" WHERE "label" = $1 AND "deleted_at" IS NULL) AND NOT EXISTS (SELECT 1 FROM "public"."parts")"#))
        #expect(sql.bindings.count == 1)
        // A limit keeps its order (which rows it keeps).
        let limited = try Item.where { _ in exists(Part.order { $0.label }.limit(1)) }.sql()
        #expect(limited.text.hasSuffix(#"WHERE EXISTS (SELECT 1 FROM "public"."parts" WHERE "deleted_at" IS NULL ORDER BY "label", "id" LIMIT 1)"#))
    }

    @Test func aSubqueryThatCannotRenderMakesTheStatementThrow() {
        let item = Item.Row(id: 1, name: "a")
        let query = Part.where { $0.id.in(Item.order { $0.score.sum() }.after(item).select { $0.id }) }
        #expect(throws: QueryError.self) { try query.sql() }
        #expect(throws: QueryError.self) { try Part.where { _ in !exists(Item.order { $0.score.sum() }.after(item)) }.sql() }
    }

    @Test func subqueryColumnsStayUnqualifiedInsideAQualifyingScope() throws {
        let predicate = Item.columns.id.in(Item.where { $0.name == "x" }.select { $0.id })
        let qualified = predicate.sqlFragment.qualifyingColumns().sql.text
        #expect(qualified == #""items"."id" IN (SELECT "id" FROM "public"."items" WHERE "name" = $1)"#)
    }
}
