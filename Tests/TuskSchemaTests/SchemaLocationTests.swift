import Foundation
import Testing
import TuskSchema

/// The one rule for finding schema.yaml (build plugin, CLI, generate-migration).
@Suite struct SchemaLocationTests {
    let package = URL(fileURLWithPath: "/app")
    func file(_ path: String) -> URL { package.appendingPathComponent(path) }

    @Test func theTargetsOwnSchemaComesBeforeTheRoot() throws {
        let found = try SchemaLocation.find(
            targetName: "App", targetFiles: [file("Sources/App/main.swift"), file("Sources/App/db/schema.yaml")],
            packageDirectory: package, fileExists: { _ in true })
        #expect(found == file("Sources/App/db/schema.yaml"))
    }

    @Test func theRootSchemaIsSecond() throws {
        let found = try SchemaLocation.find(
            targetName: "App", targetFiles: [file("Sources/App/main.swift")], packageDirectory: package,
            fileExists: { $0 == "/app/schema.yaml" })
        #expect(found == file("schema.yaml"))
        // A package without a per-target schema: every target agrees on the root's.
        let whole = try SchemaLocation.find(
            packageDirectory: package, targets: [("App", [file("Sources/App/main.swift")]), ("Worker", [])],
            fileExists: { $0 == "/app/schema.yaml" })
        #expect(whole == file("schema.yaml"))
    }

    @Test func severalSchemasListThemAndHowToChoose() {
        let targets: [(name: String, files: [URL])] = [
            ("App", [file("Sources/App/schema.yaml")]), ("Worker", [file("Sources/Worker/schema.yaml")]),
        ]
        #expect {
            try SchemaLocation.find(packageDirectory: package, targets: targets, fileExists: { _ in true })
        } throws: { error in
            let text = "\(error)"
            return text.contains("/app/Sources/App/schema.yaml") && text.contains("/app/Sources/Worker/schema.yaml")
                && text.contains("--schema PATH")
        }
        #expect {
            try SchemaLocation.find(
                packageDirectory: package, targets: [("App", [file("Sources/App/a/schema.yaml"), file("Sources/App/b/schema.yaml")])],
                fileExists: { _ in false })
        } throws: { error in
            "\(error)".contains("Sources/App/a/schema.yaml, /app/Sources/App/b/schema.yaml") && "\(error)".contains("--schema PATH")
        }
    }

    @Test func aMissingSchemaNamesEveryPathTried() {
        #expect {
            try SchemaLocation.find(packageDirectory: package, targets: [("App", []), ("Worker", [])], fileExists: { _ in false })
        } throws: { error in
            let text = "\(error)"
            return text.contains("/app/Sources/App/**/schema.yaml") && text.contains("/app/Sources/Worker/**/schema.yaml")
                && text.contains("/app/schema.yaml") && text.contains("--schema PATH")
        }
        #expect {
            try SchemaLocation.find(targetName: "App", targetFiles: [], packageDirectory: package, fileExists: { _ in false })
        } throws: { error in "\(error)".contains("/app/schema.yaml") }
    }

    /// Plugins cannot depend on library targets: the build plugin compiles its own copy of the rule.
    @Test func theBuildPluginsCopyIsTheSameFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let library = try String(contentsOf: root.appendingPathComponent("Sources/TuskSchema/SchemaLocation.swift"), encoding: .utf8)
        let plugin = try String(contentsOf: root.appendingPathComponent("Plugins/TuskGenerator/SchemaLocation.swift"), encoding: .utf8)
        #expect(library == plugin, "Plugins/TuskGenerator/SchemaLocation.swift differs from Sources/TuskSchema/SchemaLocation.swift: copy the edited one over the other")
    }

    @Test func anUnreadableFileNamesItsPath() {
        #expect {
            try SchemaLoader.load(file: URL(fileURLWithPath: "/nowhere/schema.yaml"))
        } throws: { error in "\(error)".contains("cannot read the schema file /nowhere/schema.yaml") }
    }
}
