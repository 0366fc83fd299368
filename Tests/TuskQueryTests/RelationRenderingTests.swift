import Testing
@testable import Tusk

@Suite struct RelationFilterRenderingTests {
    let items = #"SELECT "id", "name", "note", "tags", "score", "embedding", "meta", "order" FROM "public"."items""#

    @Test func someRendersACorrelatedExistsOverTheAliasedTarget() throws {
        let sql = try Item.where { $0.parts.some { $0.label.ilike("%pg%") || $0.label == "x" } }.sql()
        #expect(sql.text == items + #" WHERE EXISTS (SELECT 1 FROM "public"."parts" AS "parts_1" WHERE "parts_1"."item_id" = "items"."id" AND "parts_1"."deleted_at" IS NULL AND ("parts_1"."label" ILIKE $1 OR "parts_1"."label" = $2))"#)
        #expect(sql.values == ["%pg%", "x"])
    }

    @Test func noneAndEveryNegateTheExists() throws {
        let none = try Item.where { $0.parts.none }.sql()
        #expect(none.text == items + #" WHERE NOT EXISTS (SELECT 1 FROM "public"."parts" AS "parts_1" WHERE "parts_1"."item_id" = "items"."id" AND "parts_1"."deleted_at" IS NULL)"#)
        // every: no related row for which the condition is false or NULL.
        let every = try Item.where { $0.parts.every { $0.label != "x" } }.sql()
        #expect(every.text == items + #" WHERE NOT EXISTS (SELECT 1 FROM "public"."parts" AS "parts_1" WHERE "parts_1"."item_id" = "items"."id" AND "parts_1"."deleted_at" IS NULL AND ("parts_1"."label" <> $1) IS NOT TRUE)"#)
    }

    @Test func filtersCombineWithOuterColumnsThatStayUnqualified() throws {
        let sql = try Item.where { $0.name == "a" && $0.parts.some }.sql()
        #expect(sql.text == items + #" WHERE "name" = $1 AND EXISTS (SELECT 1 FROM "public"."parts" AS "parts_1" WHERE "parts_1"."item_id" = "items"."id" AND "parts_1"."deleted_at" IS NULL)"#)
    }

    @Test func nestedFiltersOverTheSameTableGetDeeperAliases() throws {
        // items -> parts -> item (to-one back to items): the inner items alias is level 1, the parts level 2.
        let sql = try Item.where { $0.parts.some { $0.item.some { $0.name == "b" } } }.sql()
        #expect(sql.text == items + #" WHERE EXISTS (SELECT 1 FROM "public"."parts" AS "parts_2" WHERE "parts_2"."item_id" = "items"."id" AND "parts_2"."deleted_at" IS NULL AND EXISTS (SELECT 1 FROM "public"."items" AS "items_1" WHERE "items_1"."id" = "parts_2"."item_id" AND "items_1"."name" = $1))"#)
    }

    @Test func manyToManyJoinsTheLinkTable() throws {
        let sql = try Item.where { $0.linked.some { $0.linked.some { $0.name == "c" } } }.sql()
        #expect(sql.text == items + #" WHERE EXISTS (SELECT 1 FROM "public"."item_links" AS "item_links_2" JOIN "public"."items" AS "items_2" ON "items_2"."id" = "item_links_2"."to_id" WHERE "item_links_2"."from_id" = "items"."id" AND EXISTS (SELECT 1 FROM "public"."item_links" AS "item_links_1" JOIN "public"."items" AS "items_1" ON "items_1"."id" = "item_links_1"."to_id" WHERE "item_links_1"."from_id" = "items_2"."id" AND "items_1"."name" = $1))"#)
    }

    @Test func sameShapeSameTextDifferentValues() throws {
        let a = try Item.where { $0.parts.some { $0.label == "a" } }.sql()
        let b = try Item.where { $0.parts.some { $0.label == "b" } }.sql()
        #expect(a.text == b.text)
        #expect(a.values != b.values)
    }
}

@Suite struct EagerQueryRenderingTests {
    @Test func theFirstStatementIsTheParentQuery() throws {
        let query = Item.where { $0.name == "a" }.including(\.parts) { $0.order { $0.label } }.limit(5)
        #expect(try query.sql().text == #"SELECT "id", "name", "note", "tags", "score", "embedding", "meta", "order" FROM "public"."items" WHERE "name" = $1 LIMIT 5"#)
    }
}
