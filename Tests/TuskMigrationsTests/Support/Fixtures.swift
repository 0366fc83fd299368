import Foundation
import TuskSchema

/// Files under Tests/TuskMigrationsTests/Fixtures and the package root.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let packageRoot = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ name: String) throws -> String { try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) }
    static func schema(_ name: String) throws -> Schema { try SchemaLoader.load(file: directory.appendingPathComponent(name)) }
    static func rootSchema() throws -> Schema { try SchemaLoader.load(file: packageRoot.appendingPathComponent("schema.yaml")) }
    static func yaml(_ text: String) throws -> Schema { try SchemaLoader.parse(yaml: text, fileName: "test.yaml") }
}
