import Foundation
import Tusk

/// A second hand-written table: `parts.item_id` references `items.id`; `item_links` links items
/// to items (a self-referencing many-to-many). Written the way TuskCodegen generates relations.
enum Part: TuskTable {
    static let tableName = "parts"
    static let columns = Columns()
    static let relations = Relations()
    static let columnNames = ["id", "item_id", "label", "cover_of"]
    static let primaryKeyOrder: [OrderTerm] = [columns.id.asc]
    static let autoUpdateColumns: [String] = []
    static let softDeleteColumn: String? = "deleted_at"

    struct Row: PostgresRowDecodable, Hashable {
        var id: Int64
        var itemId: Int64
        var label: String
        var coverOf: Int64?

        init(row: Tusk.Row) throws {
            id = try row.decode(at: 0)
            itemId = try row.decode(at: 1)
            label = try row.decode(at: 2)
            coverOf = try row.decode(at: 3)
        }
    }

    struct Columns: Sendable {
        let id = Column<Part, Int64>(name: "id", sqlType: "bigint", isNullable: false) { PostgresBinding($0.id) }
        let itemId = Column<Part, Int64>(name: "item_id", sqlType: "bigint", isNullable: false) { PostgresBinding($0.itemId) }
        let label = Column<Part, String>(name: "label", sqlType: "text", isNullable: false) { PostgresBinding($0.label) }
        var item: RelationFilter<Part.Relations.Item_> { RelationFilter() }
    }

    struct Relations: Sendable {
        var item: Item_ { Item_() }

        struct Item_: RequiredToOneRelation {
            typealias Source = Part
            typealias Target = Item
            static let name = "item"
            static let link = RelationLink.foreignKeyOnSource(sourceColumn: "item_id", targetColumn: "id")
            static func sourceKey(of row: Part.Row) -> Int64? { row.itemId }
            static func targetKey(of row: Item.Row) -> Int64? { row.id }
        }
    }

    struct Insert: TuskInsert {
        typealias Table = Part
        func columnValues() throws -> [ColumnValue] { [] }
        func validate() throws {}
    }

    struct Patch: TuskPatch {
        typealias Table = Part
        init() {}
        func columnValues() throws -> [ColumnValue] { [] }
        func validate() throws {}
    }
}

extension Item {
    static let relations = Relations()

    struct Relations: Sendable {
        var parts: Parts { Parts() }
        var linked: Linked { Linked() }
        var cover: Cover { Cover() }

        /// One-to-one: `parts.cover_of` is unique, so an item has at most one cover part.
        struct Cover: ToOneRelation {
            typealias Source = Item
            typealias Target = Part
            static let name = "cover"
            static let link = RelationLink.foreignKeyOnTarget(sourceColumn: "id", targetColumn: "cover_of")
            static func sourceKey(of row: Item.Row) -> Int64? { row.id }
            static func targetKey(of row: Part.Row) -> Int64? { row.coverOf }
        }

        struct Parts: ToManyRelation {
            typealias Source = Item
            typealias Target = Part
            static let name = "parts"
            static let link = RelationLink.foreignKeyOnTarget(sourceColumn: "id", targetColumn: "item_id")
            static func sourceKey(of row: Item.Row) -> Int64? { row.id }
            static func targetKey(of row: Part.Row) -> Int64? { row.itemId }
        }

        struct Linked: ToManyRelation {
            typealias Source = Item
            typealias Target = Item
            static let name = "linked"
            static let link = RelationLink.through(
                table: "item_links", sourceJoinColumn: "from_id", targetJoinColumn: "to_id", sourceColumn: "id", targetColumn: "id")
            static func sourceKey(of row: Item.Row) -> Int64? { row.id }
            static func targetKey(of row: Item.Row) -> Int64? { row.id }
        }
    }
}

extension Item.Columns {
    var parts: RelationFilter<Item.Relations.Parts> { RelationFilter() }
    var linked: RelationFilter<Item.Relations.Linked> { RelationFilter() }
}
