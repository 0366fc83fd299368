import Foundation

// The one rule for finding a package's schema.yaml, used by the build plugin, the CLI and
// generate-migration. Plugins cannot depend on library targets, so Plugins/TuskGenerator holds a
// byte-for-byte copy of this file (SchemaLocationTests fails when the two differ): edit both.

/// Finds the schema a target uses: the one `schema.yaml` in the target's directory (any depth),
/// else the one at the package root. A command with no target applies the same rule to every
/// target under `Sources/` and needs exactly one answer; `--schema PATH` chooses otherwise.
public enum SchemaLocation {
    public static let fileName = "schema.yaml"

    /// Why no single schema was found, with every path considered and how to choose.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// The schema of one target, from its files (`targetFiles`, any depth) and the package root.
    public static func find(
        targetName: String, targetFiles: [URL], packageDirectory: URL,
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) throws -> URL {
        let inTarget = targetFiles.filter { $0.lastPathComponent == fileName }.sorted { $0.path < $1.path }
        if inTarget.count > 1 {
            throw Problem(description: """
                Tusk: target '\(targetName)' has \(inTarget.count) schema files: \
                \(inTarget.map(\.path).joined(separator: ", ")). Keep one \(fileName) per target.
                """)
        }
        if let schema = inTarget.first { return schema }
        let atRoot = packageDirectory.appendingPathComponent(fileName)
        if fileExists(atRoot.path) { return atRoot }
        throw Problem(description: """
            Tusk: no \(fileName) for target '\(targetName)': looked in the target's directory and at the \
            package root (\(atRoot.path)). Add a \(fileName) to either (see docs/schema-reference.md).
            """)
    }

    /// The schema of a whole package (a command run without `--schema`): the plugin's rule for
    /// each target (`targets`: name -> its files), which must give one file for all of them.
    public static func find(
        packageDirectory: URL, targets: [(name: String, files: [URL])],
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) throws -> URL {
        var found: [URL] = []
        var severalInTarget: [String] = []
        for target in targets.sorted(by: { $0.name < $1.name }) {
            do {
                let schema = try find(
                    targetName: target.name, targetFiles: target.files, packageDirectory: packageDirectory, fileExists: fileExists)
                if !found.contains(schema) { found.append(schema) }
            } catch let problem as Problem {
                let files = target.files.filter { $0.lastPathComponent == fileName }
                if files.count > 1 { severalInTarget.append(problem.description + " Or choose one with --schema PATH.") }
            }
        }
        if !severalInTarget.isEmpty { throw Problem(description: severalInTarget.joined(separator: "\n")) }
        if found.count == 1 { return found[0] }
        if found.count > 1 {
            throw Problem(description: """
                Tusk: this package has \(found.count) schema files: \
                \(found.map(\.path).sorted().joined(separator: ", ")). Choose one with --schema PATH \
                (for example --schema \(found.map(\.path).sorted()[0])).
                """)
        }
        let atRoot = packageDirectory.appendingPathComponent(fileName)
        if fileExists(atRoot.path) { return atRoot }
        let tried = targets.map { packageDirectory.appendingPathComponent("Sources/\($0.name)").path + "/**/" + fileName }.sorted()
        throw Problem(description: """
            Tusk: no \(fileName) found; looked at \((tried + [atRoot.path]).joined(separator: ", ")). \
            Add one (see docs/schema-reference.md) or name it with --schema PATH.
            """)
    }
}
