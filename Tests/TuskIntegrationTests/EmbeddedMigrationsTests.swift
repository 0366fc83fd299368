import Foundation
import Testing

/// The TuskGenerator plugin embeds the package's Generated/Migrations and tusk.sum, byte for byte,
/// so the generated `db.migrate()` needs no files at run time.
@Suite struct EmbeddedMigrationsTests {
    static let generated = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Generated")

    @Test func embedsEveryMigrationFileByteForByte() throws {
        let directory = Self.generated.appendingPathComponent("Migrations")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!names.isEmpty)
        #expect(TuskEmbeddedMigrations.files.map(\.name) == names)
        for (name, contents) in TuskEmbeddedMigrations.files {
            #expect(contents == (try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)), "\(name)")
        }
    }

    @Test func embedsTuskSum() throws {
        let sum = try String(contentsOf: Self.generated.appendingPathComponent("tusk.sum"), encoding: .utf8)
        #expect(TuskEmbeddedMigrations.sum == sum)
    }
}
