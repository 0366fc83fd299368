import Testing
import TuskCodegen
import TuskSchema

/// A generated column is read (in `Row`) but never written (no `Insert` or `Patch` field); a
/// tsvector is neither read nor written, only searched through `Columns`.
@Suite struct GeneratedColumnCodegenTests {
    static let schema = """
        tables:
          people:
            columns:
              id: { type: integer, primary_key: true }
              email: text
              domain: { type: text, generated: { sql: "lower(split_part(email, '@', 2))" } }
              search: { type: tsvector, generated: { sql: "to_tsvector('simple', email)" } }
              tags: { type: tsvector, nullable: true }
        """

    @Test func readNotWrittenAndSearchedNotRead() throws {
        let files = try CodeGenerator.generate(try SchemaLoader.parse(yaml: Self.schema, fileName: "schema.yaml"))
        let swift = files.map(\.contents).joined()
        func section(from start: String, to end: String) throws -> Substring {
            let from = try #require(swift.range(of: start)), rest = swift[from.upperBound...]
            return rest[..<(try #require(rest.range(of: end))).lowerBound]
        }
        let row = try section(from: "struct Row:", to: "The values for a new row")
        #expect(row.contains("var domain: Swift.String") && !row.contains("search") && !row.contains("tags"))
        let insert = try section(from: "struct Insert:", to: "struct Columns:")
        #expect(!insert.contains("var domain") && !insert.contains("var search") && !insert.contains("var tags"), "\(insert)")
        let patch = try section(from: "struct Patch:", to: "func columnValues()")
        #expect(!patch.contains("domain") && !patch.contains("search") && patch.contains("email"), "\(patch)")
        #expect(swift.contains(#"static let columnNames: [Swift.String] = ["id", "email", "domain"]"#))
        #expect(swift.contains(#"Tusk.TextSearchColumn(name: "search", configuration: "simple", alias: alias_)"#))
        #expect(swift.contains(#"Tusk.TextSearchColumn(name: "tags", configuration: nil, alias: alias_)"#))
    }
}
