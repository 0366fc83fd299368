import Foundation
import Testing
import TuskCodegen
import TuskSchema

/// Golden files for focused snippet schemas (one feature each, under Snippets/) and for the
/// package root's schema.yaml; every golden output is also type-checked with swiftc.
@Suite struct SnippetGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let snippets = ["enums", "types", "inserts", "keywords", "public", "swift-names", "json", "validators", "keys", "relations", "clashing-names", "views", "schemas"]
    static let rootSchema = directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schema.yaml")

    /// Types that schemas name with `swift_type:`.
    static let extraSources: [String: [String: String]] = [
        "json": ["Settings.swift": "struct Settings: Codable, Hashable, Sendable {}\n"],
        "root": [
            "ConversationSettings.swift": "public struct ConversationSettings: Codable, Hashable, Sendable {}\n",
            "EmbedDocument.swift": "public struct EmbedDocument: Codable, Hashable, Sendable {}\n",
        ],
    ]

    static func generate(_ name: String) throws -> [GeneratedFile] {
        let file = name == "root" ? rootSchema : directory.appendingPathComponent("Snippets/\(name).yaml")
        return try CodeGenerator.generate(try SchemaLoader.load(file: file))
    }

    @Test(arguments: snippets + ["root"])
    func matchesGoldenFile(_ name: String) throws {
        try Golden.check(try Self.generate(name), against: name)
    }

    @Test(arguments: snippets + ["root"])
    func goldenOutputCompiles(_ name: String) async throws {
        let result = try await SwiftCompiler.typecheck(try Self.generate(name), extraSources: Self.extraSources[name] ?? [:])
        #expect(result.status == 0, "\(result.output)")
    }
}
