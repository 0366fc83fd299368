import Foundation
import Tusk

/// A table written by hand the way TuskCodegen generates one, so the query core's rendering is
/// tested without the generator.
enum Item: TuskTable {
    static let tableName = "items"
    static let columns = Columns()
    static let columnNames = ["id", "name", "note", "tags", "score", "embedding", "meta", "order"]
    static let primaryKeyOrder: [OrderTerm] = [columns.id.asc]
    static let autoUpdateColumns = ["updated_at"]

    struct Row: PostgresRowDecodable, Hashable {
        var id: Int64
        var name: String
        var note: String?
        var tags: [String]
        var score: Double
        var embedding: PostgresVector?
        var meta: PostgresJSON
        var order: Int32

        init(id: Int64, name: String, note: String? = nil, tags: [String] = [], score: Double = 0,
             embedding: PostgresVector? = nil, meta: PostgresJSON = "{}", order: Int32 = 0) {
            (self.id, self.name, self.note, self.tags, self.score, self.embedding, self.meta, self.order) =
                (id, name, note, tags, score, embedding, meta, order)
        }

        init(row: Tusk.Row) throws {
            id = try row.decode(at: 0)
            name = try row.decode(at: 1)
            note = try row.decode(at: 2)
            tags = try row.decode(at: 3)
            score = try row.decode(at: 4)
            embedding = try row.decode(at: 5)
            meta = try row.decode(at: 6)
            order = try row.decode(at: 7)
        }
    }

    struct Columns: Sendable {
        let id = Column<Item, Int64>(name: "id", sqlType: "bigint", isNullable: false) { PostgresBinding($0.id) }
        let name = Column<Item, String>(name: "name", sqlType: "text", isNullable: false) { PostgresBinding($0.name) }
        let note = Column<Item, String?>(name: "note", sqlType: "text", isNullable: true) { PostgresBinding($0.note) }
        let tags = Column<Item, [String]>(name: "tags", sqlType: "text[]", isNullable: false) { PostgresBinding($0.tags) }
        let score = Column<Item, Double>(name: "score", sqlType: "double precision", isNullable: false) { PostgresBinding($0.score) }
        let embedding = Column<Item, PostgresVector?>(name: "embedding", sqlType: "vector(3)", isNullable: true) { PostgresBinding($0.embedding) }
        let meta = Column<Item, PostgresJSON>(name: "meta", sqlType: "jsonb", isNullable: false) { PostgresBinding($0.meta) }
        let order = Column<Item, Int32>(name: "order", sqlType: "integer", isNullable: false) { PostgresBinding($0.order) }
    }

    struct Insert: TuskInsert {
        typealias Table = Item
        var id: Int64?
        var name: String
        var note: String??

        func columnValues() throws -> [ColumnValue] {
            [
                ColumnValue("id", id.map { .binding(PostgresBinding($0)) } ?? .default),
                ColumnValue("name", .binding(PostgresBinding(name))),
                ColumnValue("note", note.map { .binding(PostgresBinding($0)) } ?? .default),
            ]
        }

        func validate() throws {
            if name.isEmpty {
                throw ValidationError(table: "items", failures: [.init(column: "name", rule: "min_length 1", message: "is empty")])
            }
        }
    }

    struct Patch: TuskPatch {
        typealias Table = Item
        var name: Patchable<String> = .unchanged
        var note: Patchable<String?> = .unchanged
        var score: Patchable<Double> = .unchanged

        init() {}

        func columnValues() throws -> [ColumnValue] {
            [
                name.columnValue("name") { PostgresBinding($0) },
                note.columnValue("note") { PostgresBinding($0) },
                score.columnValue("score") { PostgresBinding($0) },
            ].compactMap { $0 }
        }

        func validate() throws {}
    }
}

extension SQL {
    /// The bindings as text, for assertions.
    var values: [String] { bindings.map { String(describing: $0.value) } }
}
