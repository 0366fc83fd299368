import Testing
import TuskCodegen
import TuskSchema

/// Relation code for names the snippet golden does not cover: a written name in UpperCamel (its
/// property and its type would share a name), a relation named like a column of the target,
/// and a schema built in code with `derivingRelations()`.
@Suite struct RelationsGeneratorTests {
    /// The tables file, after checking that the whole output type-checks.
    func tablesFile(_ schema: Schema) async throws -> String {
        try await SwiftCompiler.typecheckedFile(CodeGenerator.tablesFileName, of: schema)
    }

    @Test func namesThatWouldClashGetSuffixedTypesAndStillCompile() async throws {
        let schema = try SchemaLoader.parse(yaml: """
            tables:
              users:
                columns:
                  id: { type: uuid, primary_key: true }
              documents:
                columns:
                  id: { type: bigint, primary_key: true }
                  user_id: { type: uuid, references: users.id, inverse: Documents, relation: self }
            """, fileName: "test.yaml")
        let tables = try await tablesFile(schema)
        #expect(tables.contains("        var Documents: Documents_ { Documents_() }\n"))
        #expect(tables.contains("        var `self`: Self_ { Self_() }\n"))
        #expect(tables.contains("        var `self`: Tusk.RelationFilter<Document.Relations.Self_> { Tusk.RelationFilter() }\n"))
    }

    @Test func aSchemaBuiltInCodeGetsItsRelationsFromDerivingRelations() async throws {
        let schema = try Schema(tables: [
            Table(name: "parents", swiftName: "Parent", columns: [Column(name: "id", swiftName: "id", type: .integer)],
                  primaryKey: PrimaryKey(name: "parents_pkey", columns: ["id"])),
            Table(name: "children", swiftName: "Child", columns: [Column(name: "parent_id", swiftName: "parentId", type: .bigint, isNullable: true)],
                  foreignKeys: [ForeignKey(name: "children_parent_id_fkey", columns: ["parent_id"], referencedTable: "parents", referencedColumns: ["id"])]),
        ]).derivingRelations()
        #expect(schema.relations.map(\.name) == ["children", "parent"])
        let tables = try await tablesFile(schema)
        // integer referenced by a nullable bigint: both sides read as Int64.
        #expect(tables.contains("static func sourceKey(of row: Parent.Row) -> Swift.Int64? { Swift.Int64(row.id) }"))
        #expect(tables.contains("static func sourceKey(of row: Child.Row) -> Swift.Int64? { row.parentId }"))
        #expect(tables.contains("struct Parent_: Tusk.ToOneRelation {"))
    }
}
