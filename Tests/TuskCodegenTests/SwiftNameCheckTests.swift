import Testing
import TuskCodegen
import TuskSchema

/// Schemas the database would accept but whose Swift names cannot compile get one error per
/// problem, naming the table or enum and the fix, instead of broken generated code.
@Suite struct SwiftNameCheckTests {
    func problems(_ schema: Schema) -> [String] {
        do {
            _ = try CodeGenerator.generate(schema)
            return []
        } catch {
            return error.problems
        }
    }

    func table(_ name: String, _ swiftName: String, columns: [(String, String)] = [("id", "id")]) -> Table {
        Table(name: name, swiftName: swiftName, columns: columns.map { Column(name: $0.0, swiftName: $0.1, type: .integer) })
    }

    @Test func namesTheGeneratedAPIUsesAreRefused() {
        let schema = Schema(
            enums: [EnumType(name: "state", swiftName: "State", values: [
                EnumValue(name: "unknown", swiftName: "unknown"), EnumValue(name: "ok", swiftName: "ok"),
            ])],
            tables: [table("tusk", "Tusk"), table("relations", "Relations")])
        #expect(problems(schema) == [
            "enum 'state', value 'unknown': the Swift case 'unknown' clashes with the generated enum's own 'unknown'; give it a swift_name:",
            "table 'tusk': the Swift name 'Tusk' would shadow the module Tusk; choose another with swift_name:",
            "table 'relations': the Swift name 'Relations' clashes with the nested Relations type of every table; choose another with swift_name:",
        ])
    }

    @Test func aColumnNamedLikeAGeneratedMethodIsRefused() {
        let schema = Schema(tables: [table("forms", "Form", columns: [("id", "id"), ("validate", "validate")])])
        #expect(problems(schema) == [
            "table 'forms', column 'validate': the Swift property 'validate' clashes with the generated validate() of Insert and Patch; give it a swift_name:",
        ])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let schema = Schema(
            enums: [
                EnumType(name: "row", swiftName: "Row", values: [EnumValue(name: "a", swiftName: "a")]),
                EnumType(name: "state", swiftName: "State", values: [
                    EnumValue(name: "on", swiftName: "on"), EnumValue(name: "ON", swiftName: "on"),
                    EnumValue(name: "2x", swiftName: "2x"),
                ]),
            ],
            tables: [
                table("foundations", "Foundation"),
                table("states", "State"),
                table("pairs", "Pair", columns: [("a_b", "aB"), ("a__b", "aB"), ("x y", "x y")]),
            ])
        #expect(problems(schema) == [
            "enum 'row': the Swift name 'Row' clashes with the nested Row type of every table; choose another with swift_name:",
            "enum 'state': values 'on' and 'ON' both become the Swift case 'on'; give one a swift_name:",
            "enum 'state', value '2x': '2x' is not a valid Swift case name; give it a swift_name:",
            "table 'foundations': the Swift name 'Foundation' would shadow the module Foundation; choose another with swift_name:",
            "table 'states': the Swift name 'State' is already used by enum 'state'; choose another with swift_name:",
            "table 'pairs': columns 'a_b' and 'a__b' both become the Swift property 'aB'; give one a swift_name:",
            "table 'pairs', column 'x y': 'x y' is not a valid Swift property name; give it a swift_name:",
        ])
    }

    @Test func keywordNamesAreEscapedNotRejected() async throws {
        let schema = Schema(tables: [table("defaults", "Default", columns: [("default", "default"), ("self", "self"), ("type", "type")])])
        #expect(problems(schema).isEmpty)
        let files = try CodeGenerator.generate(schema)
        let result = try await SwiftCompiler.typecheck(files)
        #expect(result.status == 0, "\(result.output)")
    }
}
