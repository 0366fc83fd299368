import Foundation
import Testing
@testable import Tusk

@Suite struct JoinRenderingTests {
    let partColumns = #""parts"."id", "parts"."item_id", "parts"."label", "parts"."cover_of""#
    let itemColumns = #""items"."id", "items"."name", "items"."note", "items"."tags", "items"."score", "items"."embedding", "items"."meta", "items"."order""#

    @Test func innerJoinQualifiesEveryColumnAndFiltersSoftDeletedRowsOfBothSides() throws {
        let query = Part.where { $0.label == "x" }
            .join(Item.self, on: { $0.itemId == $1.id })
            .where { part, item in item.name == "n" && part.id > 3 }
            .order { part, item in [item.score.desc, part.id] }
            .limit(5)
        let sql = try query.sql()
        #expect(sql.text == "SELECT \(partColumns), \(itemColumns) FROM \"public\".\"parts\" JOIN \"public\".\"items\" ON \"parts\".\"item_id\" = \"items\".\"id\""
            + #" WHERE "parts"."label" = $1 AND "items"."name" = $2 AND "parts"."id" > $3 AND "parts"."deleted_at" IS NULL ORDER BY "items"."score" DESC, "parts"."id" LIMIT 5"#)
        #expect(sql.values == ["x", "n", "3"])
        #expect(try query.firstSQL().text.hasSuffix("LIMIT 1"))
    }

    @Test func leftJoinPutsTheRightTablesSoftDeleteFilterInOn() throws {
        let sql = try Item.leftJoin(Part.self, on: { $0.id == $1.itemId || $1.label == "any" }).sql()
        #expect(sql.text == "SELECT \(itemColumns), \(partColumns) FROM \"public\".\"items\" LEFT JOIN \"public\".\"parts\" ON (\"items\".\"id\" = \"parts\".\"item_id\" OR \"parts\".\"label\" = $1) AND \"parts\".\"deleted_at\" IS NULL")
        let withDeleted = try Item.leftJoin(Part.self, on: { $0.id == $1.itemId }).withDeletedRight().sql()
        #expect(withDeleted.text.hasSuffix(#"LEFT JOIN "public"."parts" ON "items"."id" = "parts"."item_id""#))
        let leftDeleted = try Part.query.withDeleted().join(Item.self, on: { $0.itemId == $1.id }).sql()
        #expect(!leftDeleted.text.contains("deleted_at"))
    }

    @Test func selectOverBothSidesAndOptionalComparisons() throws {
        let projection = Item.leftJoin(Part.self, on: { $0.note == $1.label })
            .where { item, part in item.note.eq(part.label) && part.label.eq(item.note) && part.label == item.note }
            .select { item, part in (item.name, part.label.optional, part.id.optional) }
        #expect(try projection.sql().text == #"SELECT "items"."name", "parts"."label", "parts"."id" FROM "public"."items" LEFT JOIN "public"."parts" ON "items"."note" = "parts"."label" AND "parts"."deleted_at" IS NULL WHERE "items"."note" = "parts"."label" AND "parts"."label" = "items"."note" AND "parts"."label" = "items"."note""#)
    }

    @Test func subqueriesAndRelationFiltersInAJoinKeepTheirOwnScope() throws {
        let sql = try Part.join(Item.self, on: { $0.itemId == $1.id })
            .where { _, item in item.id.in(Item.where { $0.name == "a" }.select { $0.id }) }
            .where { part, _ in part.item.some { $0.name == "b" } }
            .sql()
        #expect(sql.text.hasSuffix(#"WHERE "items"."id" IN (SELECT "id" FROM "public"."items" WHERE "name" = $1) AND EXISTS (SELECT 1 FROM "public"."items" AS "items_1" WHERE "items_1"."id" = "parts"."item_id" AND "items_1"."name" = $2) AND "parts"."deleted_at" IS NULL"#))
    }

    @Test func selfJoinsAndPagedOrGroupedLeftQueriesAreRefused() {
        #expect(throws: QueryError.self) { try Item.join(Item.self, on: { $0.id == $1.id }).sql() }
        let row = Item.Row(id: 1, name: "a")
        #expect(throws: QueryError.self) { try Item.order { $0.id }.after(row).join(Part.self, on: { $0.id == $1.itemId }).sql() }
        #expect(throws: QueryError.self) { try Item.query.groupBy { $0.name }.base.join(Part.self, on: { $0.id == $1.itemId }).sql() }
    }

    @Test func groupedJoinsAndCounts() throws {
        let grouped = Item.leftJoin(Part.self, on: { $0.id == $1.itemId })
            .groupBy { item, _ in (item.id, item.name) }
            .having { _, part in part.id.count() < 3 }
            .order { _, part in part.id.count().desc }
            .limit(2)
            .select { item, part in (item.name, part.id.count(), part.label.max()) }
        #expect(try grouped.sql().text == #"SELECT "items"."name", count("parts"."id"), max("parts"."label") FROM "public"."items" LEFT JOIN "public"."parts" ON "items"."id" = "parts"."item_id" AND "parts"."deleted_at" IS NULL GROUP BY "items"."id", "items"."name" HAVING count("parts"."id") < $1 ORDER BY count("parts"."id") DESC LIMIT 2"#)
        let join = Part.join(Item.self, on: { $0.itemId == $1.id }).order { part, _ in part.label }
        #expect(try join.countSQL().text == #"SELECT count(*) FROM "public"."parts" JOIN "public"."items" ON "parts"."item_id" = "items"."id" WHERE "parts"."deleted_at" IS NULL"#)
        #expect(try join.limit(3).countSQL().text.hasPrefix(#"SELECT count(*) FROM (SELECT "parts"."id", "#))
        #expect(try join.limit(3).countSQL().text.hasSuffix(#"ORDER BY "parts"."label" LIMIT 3) AS counted"#))
    }

    @Test func theLeftJoinsMissingRowTestReadsTheKeyOrEveryColumn() {
        #expect(Item.missingRowColumns == [0])
        #expect(Part.missingRowColumns == [0])
    }
}
