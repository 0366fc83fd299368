import Testing
import TuskCodegen
import TuskSchema

/// `writtenTables` past a few names is one multi-line string (a set literal of hundreds of
/// names was a tenth of a 200-table schema's object code); short sets stay set literals.
@Suite struct WrittenTablesCodegenTests {
    /// `count` tables, each with a foreign key to the one before it that cascades deletes.
    func chain(_ count: Int) throws -> Schema {
        var yaml = "tables:\n"
        for index in 1...count {
            yaml += "  t\(index):\n    columns:\n      id: { type: bigint, primary_key: true }\n"
            if index > 1 { yaml += "      parent_id: { type: bigint, references: t\(index - 1).id, on_delete: cascade }\n" }
        }
        return try SchemaLoader.parse(yaml: yaml, fileName: "test.yaml")
    }

    func queriesFile(_ schema: Schema) async throws -> String {
        try await SwiftCompiler.typecheckedFile(CodeGenerator.queriesFileName, of: schema)
    }

    @Test func aLongReachIsOneNamePerLineAndAShortOneASetLiteral() async throws {
        let queries = try await queriesFile(chain(20))
        // t1 reaches all 20 tables, t5 16 of them (t5...t20), t19 two.
        let t1 = "    static let writtenTables: Swift.Set<Swift.String> = Tusk.tableNames(\n"
            + "        lines: \"\"\"\n            t1\n            t10\n"
        #expect(queries.contains(t1))
        #expect(queries.contains("    static let writtenTables: Swift.Set<Swift.String> = [\"t19\", \"t20\"]\n"))
        #expect(queries.components(separatedBy: "Tusk.tableNames(").count - 1 == 4)
    }
}
