import Testing
import TuskCodegen
import TuskSchema

/// The generator over a schema built in code with every type, keyword names and each kind of
/// default (independent of the YAML loader).
@Suite struct KitchenSinkTests {
    static let settings = ["Settings.swift": "struct Settings: Sendable, Hashable, Codable {}\n"]

    @Test func matchesGoldenFile() throws {
        try Golden.check(try CodeGenerator.generate(KitchenSinkSchema.make()), against: "kitchen-sink")
    }

    @Test func goldenOutputCompiles() async throws {
        let result = try await SwiftCompiler.typecheck(try CodeGenerator.generate(KitchenSinkSchema.make()), extraSources: Self.settings)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func generationIsDeterministic() throws {
        let schema = KitchenSinkSchema.make()
        #expect(try CodeGenerator.generate(schema) == CodeGenerator.generate(schema))
    }

    @Test func outputIsTheFixedFileSetEvenWithoutTablesOrEnums() async throws {
        let files = try CodeGenerator.generate(Schema())
        #expect(files.map(\.name) == CodeGenerator.outputFileNames)
        let result = try await SwiftCompiler.typecheck(files)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func publicAccessMakesEveryDeclarationPublic() async throws {
        let files = try CodeGenerator.generate(KitchenSinkSchema.make(access: .public))
        let tables = try #require(files.first { $0.name == CodeGenerator.tablesFileName }).contents
        #expect(tables.contains("public enum Thing: Swift.Sendable {"))
        #expect(tables.contains("    public struct Row: Swift.Sendable, Swift.Hashable {"))
        #expect(tables.contains("        public init(\n"))
        #expect(tables.contains("        public var small: Swift.Int16\n"))
        let internalFiles = try CodeGenerator.generate(KitchenSinkSchema.make())
        #expect(!internalFiles.contains { $0.contents.contains("public ") })
        let result = try await SwiftCompiler.typecheck(files, extraSources: ["Settings.swift": "public struct Settings: Sendable, Hashable, Codable {}\n"])
        #expect(result.status == 0, "\(result.output)")
    }
}
