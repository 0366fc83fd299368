import Foundation
import Testing
@testable import Tusk

@Suite struct SelectRenderingTests {
    let all = #"SELECT "id", "name", "note", "tags", "score", "embedding", "meta", "order" FROM "public"."items""#

    @Test func namedPredicatesBindEveryValue() throws {
        let sql = try Item.where {
            .and([$0.name.eq("a"), $0.score.gt(1), $0.score.le(2), $0.id.ne(3), $0.id.lt(9), $0.id.ge(0)])
        }.sql()
        #expect(sql.text == all + #" WHERE "name" = $1 AND "score" > $2 AND "score" <= $3 AND "id" <> $4 AND "id" < $5 AND "id" >= $6"#)
        #expect(sql.values == ["a", "1.0", "2.0", "3", "9", "0"])
    }

    @Test func operatorSugarRendersTheSameAsNamedMethods() throws {
        let sugar = try Item.where { $0.name == "a" && ($0.score > 1 || !($0.id != 2)) }.sql()
        let named = try Item.where { $0.name.eq("a").and($0.score.gt(1).or($0.id.ne(2).not)) }.sql()
        #expect(sugar.text == named.text)
        #expect(sugar.text == all + #" WHERE "name" = $1 AND ("score" > $2 OR NOT ("id" <> $3))"#)
    }

    @Test func comparisonWithNilIsNullTest() throws {
        #expect(try Item.where { $0.note == nil }.sql().text == all + #" WHERE "note" IS NULL"#)
        #expect(try Item.where { $0.note != nil }.sql().text == all + #" WHERE "note" IS NOT NULL"#)
        #expect(try Item.where { $0.note.eq(nil) }.sql().bindings.isEmpty)
        #expect(try Item.where { $0.note.isNull.or($0.note.isNotNull) }.sql().text == all + #" WHERE "note" IS NULL OR "note" IS NOT NULL"#)
        let value = try Item.where { $0.note == "x" }.sql()
        #expect(value.text == all + #" WHERE "note" = $1"#)
    }

    @Test func inListIsOneArrayParameterWhateverItsLength() throws {
        let two = try Item.where { $0.id.in([1, 2]) }.sql()
        let five = try Item.where { $0.id.in([1, 2, 3, 4, 5]) }.sql()
        #expect(two.text == all + #" WHERE "id" = ANY($1)"#)
        #expect(two.text == five.text)
        #expect(try Item.where { $0.id.notIn([]) }.sql().text == all + #" WHERE "id" <> ALL($1)"#)
    }

    @Test func betweenLikeIlikeAndIdentifierQuoting() throws {
        let sql = try Item.where { $0.score.between(0, and: 1) && $0.name.like("a%") && $0.note.ilike("%B") && $0.order == 1 }.sql()
        #expect(sql.text == all + #" WHERE "score" BETWEEN $1 AND $2 AND "name" LIKE $3 AND "note" ILIKE $4 AND "order" = $5"#)
        #expect(sql.values == ["0.0", "1.0", "a%", "%B", "1"])
    }

    @Test func valuesAreNeverSplicedIntoTheText() throws {
        let hostile = "x'; DROP TABLE items; --"
        let sql = try Item.where { $0.name == hostile }.sql()
        #expect(!sql.text.contains("DROP"))
        #expect(sql.values == [hostile])
    }

    @Test func sameShapeSameText() throws {
        let a = try Item.where { $0.name == "a" }.order { $0.id.desc }.limit(10).sql()
        let b = try Item.where { $0.name == "something else" }.order { $0.id.desc }.limit(10).sql()
        #expect(a.text == b.text)
        #expect(a.values != b.values)
    }

    @Test func orderLimitOffsetDistinctAndLocks() throws {
        let sql = try Item.query.distinct().order { [$0.score.desc.nullsLast, $0.name] }.limit(5).offset(10).forUpdate(skipLocked: true).sql()
        #expect(sql.text == all.replacingOccurrences(of: "SELECT", with: "SELECT DISTINCT")
            + #" ORDER BY "score" DESC NULLS LAST, "name" LIMIT 5 OFFSET 10 FOR UPDATE SKIP LOCKED"#)
        // Without DISTINCT, an ordered query ends with the primary key (a total order for paging).
        #expect(try Item.order { $0.score }.sql().text == all + #" ORDER BY "score", "id""#)
        #expect(try Item.order { $0.id.desc }.sql().text == all + #" ORDER BY "id" DESC"#)
        #expect(try Item.query.forShare().sql().text == all + " FOR SHARE")
        #expect(try Item.query.forUpdate(nowait: true).sql().text == all + " FOR UPDATE NOWAIT")
    }

    @Test func keysetPaginationUsesARowComparisonWhenDirectionsAgree() throws {
        let last = Item.Row(id: 7, name: "g", score: 0.5)
        let sql = try Item.order { $0.score }.limit(2).after(last).sql()
        #expect(sql.text == all + #" WHERE ("score", "id") > ($1, $2) ORDER BY "score", "id" LIMIT 2"#)
        #expect(sql.values == ["0.5", "7"])
        let mixed = try Item.order { $0.score.desc }.after(last).sql()
        #expect(mixed.text == all + #" WHERE "score" < $1 OR ("score" = $2 AND "id" > $3) ORDER BY "score" DESC, "id""#)
    }

    @Test func keysetOverAnExpressionIsRefusedClearly() throws {
        let error = #expect(throws: QueryError.self) {
            try Item.order { $0.embedding.cosineDistance(to: [1, 0, 0]) }.after(Item.Row(id: 1, name: "a")).sql()
        }
        #expect(error?.kind == .keysetNotPossible)
    }

    @Test func countAndExists() throws {
        let query = Item.where { $0.name == "a" }.order { $0.id }
        #expect(try query.countSQLText() == #"SELECT count(*) FROM "public"."items" WHERE "name" = $1"#)
        #expect(try query.limit(3).countSQLText() == "SELECT count(*) FROM (" + all + #" WHERE "name" = $1 ORDER BY "id" LIMIT 3) AS counted"#)
        #expect(try query.existsSQLText() == #"SELECT EXISTS (SELECT 1 FROM "public"."items" WHERE "name" = $1)"#)
    }

    @Test func projectionsSelectColumnsAndExpressions() throws {
        let sql = try Item.where { $0.id > 1 }.select { ($0.id, $0.name, $0.embedding.cosineDistance(to: [1, 0, 0])) }.sql()
        #expect(sql.text == #"SELECT "id", "name", ("embedding" <=> $1) FROM "public"."items" WHERE "id" > $2"#)
        #expect(try Item.select { $0.name }.distinct().sql().text == #"SELECT DISTINCT "name" FROM "public"."items""#)
    }

    @Test func arraysVectorsAndJSON() throws {
        let sql = try Item.where {
            $0.tags.contains(["a"]) && $0.tags.overlaps(["b", "c"]) && $0.tags.any("d") && $0.meta.contains(["kind": "pdf"])
                && $0.meta.hasKey("k") && $0.meta["source"] == "web" && $0.embedding.l2Distance(to: [0, 0, 1]) < 0.5
        }.order { $0.embedding.negativeInnerProduct(to: [1, 1, 1]) }.sql()
        #expect(sql.text == all + #" WHERE "tags" @> $1 AND "tags" && $2 AND $3 = ANY("tags") AND "meta" @> $4 AND "meta" ? $5"#
            + #" AND ("meta" ->> $6) = $7 AND ("embedding" <-> $8) < $9 ORDER BY ("embedding" <#> $10)"#)
    }
}

@Suite struct WriteRenderingTests {
    let returning = #" RETURNING "id", "name", "note", "tags", "score", "embedding", "meta", "order""#

    @Test func insertLeavesDefaultsToTheDatabase() throws {
        let sql = try Item.insert(Item.Insert(name: "a")).sql()
        #expect(sql.text == #"INSERT INTO "public"."items" ("name") VALUES ($1)"# + returning)
        let null = try Item.insert(Item.Insert(name: "a", note: .some(nil))).sql()
        #expect(null.text == #"INSERT INTO "public"."items" ("name", "note") VALUES ($1, $2)"# + returning)
    }

    @Test func insertManyUsesDefaultWhereARowHasNoValue() throws {
        let sql = try Item.insert([Item.Insert(name: "a"), Item.Insert(id: 9, name: "b")]).sql()
        #expect(sql.text == #"INSERT INTO "public"."items" ("id", "name") VALUES (DEFAULT, $1), ($2, $3)"# + returning)
        #expect(sql.values == ["a", "9", "b"])
        #expect(throws: QueryError.self) { try Item.insert([]).sql() }
    }

    @Test func upsertDoUpdateWithExcludedAndDoNothing() throws {
        let update = try Item.insert(Item.Insert(id: 1, name: "a")).onConflict { [$0.id] }.doUpdate {
            $0.name = .excluded
            $0.score = 2
        }.sql()
        #expect(update.text == #"INSERT INTO "public"."items" ("id", "name") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "score" = $3, "updated_at" = now()"# + returning)
        let nothing = try Item.insert(Item.Insert(name: "a")).onConflict { [$0.name, $0.order] }.doNothing().sql()
        #expect(nothing.text == #"INSERT INTO "public"."items" ("name") VALUES ($1) ON CONFLICT ("name", "order") DO NOTHING"# + returning)
    }

    @Test func updateSetsAutoUpdateColumnsAndNeedsWhereOrAll() throws {
        let sql = try Item.update { $0.name = "b"; $0.note = nil }.where { $0.id == 1 }.sql()
        #expect(sql.text == #"UPDATE "public"."items" SET "name" = $1, "note" = $2, "updated_at" = now() WHERE "id" = $3"#)
        #expect(sql.bindings[1].value.isPostgresNull)
        let error = #expect(throws: QueryError.self) { try Item.update { $0.name = "b" }.sql() }
        #expect(error?.kind == .missingWhere)
        #expect(error?.message == "update of items without where: add .where { ... }, or .all() to update every row")
        #expect(try Item.update { $0.score = .expression(SQLFragment(#""score" * 2"#)) }.all().sql().text
            == #"UPDATE "public"."items" SET "score" = "score" * 2, "updated_at" = now()"#)
        #expect(try Item.update { $0.name = "b" }.where { $0.id == 1 }.sql(returning: true).text.hasSuffix(returning))
    }

    @Test func deleteNeedsWhereOrAll() throws {
        #expect(try Item.delete().where { $0.id == 1 }.sql().text == #"DELETE FROM "public"."items" WHERE "id" = $1"#)
        #expect(try Item.delete().all().sql().text == #"DELETE FROM "public"."items""#)
        let error = #expect(throws: QueryError.self) { try Item.delete().sql() }
        #expect(error?.message == "delete from items without where: add .where { ... }, or .all() to delete every row")
    }

    @Test func validationErrorListsEveryFailure() {
        let error = ValidationError(table: "users", failures: [
            .init(column: "email", rule: "format email", message: "\"ann@\" is not an email address"),
            .init(column: "name", rule: "max_length 255", message: "is 300 characters long, the limit is 255"),
        ])
        #expect(error.description == """
            users: 2 invalid fields:
              email (format email): "ann@" is not an email address
              name (max_length 255): is 300 characters long, the limit is 255
            """)
    }
}

extension SelectQuery {
    func countSQLText() throws -> String { try countSQL().text }
    func existsSQLText() throws -> String { try existsSQL().text }
}
