import Foundation
import Testing
import TuskCodegen
import TuskSchema

/// The path the plugin's tool and `tusk generate` share: schema file in, fixed file set out.
@Suite struct SchemaFileGenerationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesTheFixedFileSetAndRewritesOnlyChangedFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = directory.appendingPathComponent("schema.yaml")
        try "tables:\n  notes:\n    columns:\n      id: { type: bigint, primary_key: true }\n".write(to: schema, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("out")

        #expect(try SchemaFileGeneration.run(schemaFile: schema, outputDirectory: output) == CodeGenerator.outputFileNames)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == CodeGenerator.outputFileNames)
        #expect(try SchemaFileGeneration.run(schemaFile: schema, outputDirectory: output) == [])

        // A new column changes the tables and queries files only.
        try "tables:\n  notes:\n    columns:\n      id: { type: bigint, primary_key: true }\n      body: text\n".write(to: schema, atomically: true, encoding: .utf8)
        #expect(try SchemaFileGeneration.run(schemaFile: schema, outputDirectory: output) == [CodeGenerator.queriesFileName, CodeGenerator.tablesFileName])
        let tables = try String(contentsOf: output.appendingPathComponent(CodeGenerator.tablesFileName), encoding: .utf8)
        #expect(tables.contains("var body: Swift.String"))
    }

    @Test func schemaErrorsComeOutAsFileLineColumnLines() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = directory.appendingPathComponent("schema.yaml")
        try "tables:\n  notes:\n    columns:\n      id: { type: bigint, primary_kee: true }\n".write(to: schema, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("out")
        let error = #expect(throws: SchemaError.self) { try SchemaFileGeneration.run(schemaFile: schema, outputDirectory: output) }
        let lines = SchemaFileGeneration.errorLines(for: try #require(error), schemaFile: schema)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix(schema.relativePath + ":4:") == true, "\(lines)")
        #expect(lines.first?.contains("primary_key") == true, "\(lines)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func namingProblemsNameTheSchemaFile() {
        let schema = URL(fileURLWithPath: "db/schema.yaml")
        let lines = SchemaFileGeneration.errorLines(for: CodegenError(problems: ["table 'a': x"]), schemaFile: schema)
        #expect(lines == ["db/schema.yaml: error: table 'a': x"])
    }

    /// The plugin declares its outputs before the tool runs and cannot import TuskCodegen, so it
    /// spells the names itself; they must be exactly the generator's.
    @Test func pluginDeclaresTheGeneratorsOutputFiles() throws {
        let plugin = try String(
            contentsOf: Self.packageRoot.appendingPathComponent("Plugins/TuskGenerator/TuskGenerator.swift"), encoding: .utf8)
        let literal = "[" + CodeGenerator.outputFileNames.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        #expect(plugin.contains("static let outputFileNames = " + literal))
        #expect(plugin.contains("static let sqlQueriesFileName = \"\(SQLQueriesGenerator.fileName)\""))
        #expect(plugin.contains("appendingPathComponent(\"\(QueryCatalog.fileName)\")"))
    }

    /// With a Generated/ directory, Generated/queries.json becomes the typed SQL functions; without
    /// one the file is still written (the plugin declared it), holding nothing.
    @Test func queriesJSONInTheGeneratedDirectoryBecomesTheSQLQueriesFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = directory.appendingPathComponent("schema.yaml")
        try "tables:\n  notes:\n    columns:\n      id: { type: bigint, primary_key: true }\n".write(to: schema, atomically: true, encoding: .utf8)
        let generated = directory.appendingPathComponent("Generated")
        try FileManager.default.createDirectory(at: generated, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("out")
        let sqlQueries = output.appendingPathComponent(SQLQueriesGenerator.fileName)

        try SchemaFileGeneration.run(schemaFile: schema, outputDirectory: output, generatedDirectory: generated)
        #expect(try !String(contentsOf: sqlQueries, encoding: .utf8).contains("enum Queries"))

        let catalog = QueryCatalog(sourcesHash: "s", schemaHash: "h", queries: [
            .init(name: "NoteIds", command: .many, file: "notes.sql", line: 1, docs: [], sql: "SELECT id FROM notes", parameters: [],
                  columns: [.init(name: "id", type: "int8", nullable: false)]),
        ])
        try catalog.encoded().write(to: generated.appendingPathComponent(QueryCatalog.fileName))
        #expect(try SchemaFileGeneration.run(schemaFile: schema, outputDirectory: output, generatedDirectory: generated) == [SQLQueriesGenerator.fileName])
        #expect(try String(contentsOf: sqlQueries, encoding: .utf8).contains("static func noteIds(on runner: some Tusk.QueryRunner) async throws -> [NoteIdsRow]"))

        try "{".write(to: generated.appendingPathComponent(QueryCatalog.fileName), atomically: true, encoding: .utf8)
        let error = #expect(throws: CodegenError.self) { try SchemaFileGeneration.run(schemaFile: schema, outputDirectory: output, generatedDirectory: generated) }
        #expect(error?.problems.first?.contains("run `tusk queries`") == true)
    }
}
