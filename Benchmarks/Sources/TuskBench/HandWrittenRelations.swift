import Tusk

// STOPGAP until TuskCodegen generates relations (issue 6): the relations the generator will
// write for schema.yaml's bench_children.parent_id (`relation: parent, inverse: children`),
// in the generated form (Tests/TuskQueryTests/PartTable.swift). Delete this file when the
// generated `BenchParent.Relations` appears (the build then fails on the duplicate).

extension BenchParent {
    static let relations = Relations()

    struct Relations: Sendable {
        var children: Children { Children() }

        struct Children: ToManyRelation {
            typealias Source = BenchParent
            typealias Target = BenchChild
            static let name = "children"
            static let link = RelationLink.foreignKeyOnTarget(sourceColumn: "id", targetColumn: "parent_id")
            static func sourceKey(of row: BenchParent.Row) -> Int32? { row.id }
            static func targetKey(of row: BenchChild.Row) -> Int32? { row.parentId }
        }
    }
}
