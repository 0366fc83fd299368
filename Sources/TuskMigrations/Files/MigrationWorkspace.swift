import Foundation
import TuskSchema

/// The `Generated/` directory of a package: migrations, the snapshot they reach, and tusk.sum.
public struct MigrationWorkspace: Sendable {
    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    public var migrationsDirectory: URL { directory.appendingPathComponent("Migrations") }
    public var snapshotFile: URL { directory.appendingPathComponent("schema.snapshot.json") }
    public var sumFile: URL { directory.appendingPathComponent("tusk.sum") }

    /// The schema the last migration reaches; empty before the first one.
    public func snapshot() throws(MigrationFileError) -> Schema {
        guard FileManager.default.fileExists(atPath: snapshotFile.path) else { return Schema() }
        do {
            return try SchemaSnapshot.decode(Data(contentsOf: snapshotFile))
        } catch {
            throw .snapshot(path: snapshotFile.path, reason: "\(error)")
        }
    }

    /// Migration files in version order, with their contents.
    public func migrations() throws(MigrationFileError) -> [(name: String, contents: String)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: migrationsDirectory.path)
        } catch {
            return []
        }
        return try names.filter { $0.hasSuffix(".sql") }.sorted().map { name throws(MigrationFileError) in
            let url = migrationsDirectory.appendingPathComponent(name)
            do {
                return (name, try String(contentsOf: url, encoding: .utf8))
            } catch {
                throw .unreadable(path: url.path, reason: error.localizedDescription)
            }
        }
    }

    public func sum() throws(MigrationFileError) -> TuskSum {
        guard let text = try? String(contentsOf: sumFile, encoding: .utf8) else { return TuskSum() }
        return try TuskSum(text: text)
    }

    /// Problems between the migration files and tusk.sum (empty when they agree).
    public func verify() throws(MigrationFileError) -> [String] {
        try sum().problems(files: migrations())
    }

    /// Writes the new files, the snapshot and tusk.sum.
    public func write(_ generated: GeneratedMigration) throws {
        try FileManager.default.createDirectory(at: migrationsDirectory, withIntermediateDirectories: true)
        for file in generated.files {
            try Data(file.text.utf8).write(to: migrationsDirectory.appendingPathComponent(file.fileName), options: .atomic)
        }
        try SchemaSnapshot.encode(generated.schema).write(to: snapshotFile, options: .atomic)
        try Data(generated.sum.text.utf8).write(to: sumFile, options: .atomic)
    }
}
