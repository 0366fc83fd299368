import Testing
import TuskCodegen
import TuskSchema

/// A column of a type Tusk does not map (`type: { sql: int4range }`) stays in the database and out
/// of every generated Swift type: no Row field, Insert parameter, Patch field or column descriptor.
@Suite struct OpaqueColumnTests {
    @Test func theGeneratedSwiftLeavesTheColumnOut() throws {
        let schema = try SchemaLoader.parse(yaml: """
            tables:
              films:
                columns:
                  id: { type: integer, primary_key: true }
                  title: text
                  showing: { type: { sql: tstzrange } }
                indexes:
                  - { columns: [showing], using: gist }
            """, fileName: "schema.yaml")
        #expect(schema.table(named: "films")?.column(named: "showing")?.type == .opaque("tstzrange"))
        let files = try CodeGenerator.generate(schema)
        let swift = files.map(\.contents).joined()
        #expect(swift.contains("title"))
        #expect(!swift.contains("showing"), "the opaque column reached the generated Swift")
    }
}
