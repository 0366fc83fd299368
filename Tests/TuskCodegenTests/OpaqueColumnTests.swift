import Testing
import TuskCodegen
import TuskSchema

/// A column of a type Tusk does not map (`type: { sql: tsvector }`) stays in the database and out
/// of every generated Swift type: no Row field, Insert parameter, Patch field or column descriptor.
@Suite struct OpaqueColumnTests {
    @Test func theGeneratedSwiftLeavesTheColumnOut() throws {
        let schema = try SchemaLoader.parse(yaml: """
            tables:
              films:
                columns:
                  id: { type: integer, primary_key: true }
                  title: text
                  fulltext: { type: { sql: tsvector } }
                indexes:
                  - { columns: [fulltext], using: gin }
            """, fileName: "schema.yaml")
        #expect(schema.table(named: "films")?.column(named: "fulltext")?.type == .opaque("tsvector"))
        let files = try CodeGenerator.generate(schema)
        let swift = files.map(\.contents).joined()
        #expect(swift.contains("title"))
        #expect(!swift.contains("fulltext"), "the opaque column reached the generated Swift")
    }
}
