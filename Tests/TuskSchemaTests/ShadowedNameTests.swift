import Testing
import TuskSchema

/// A table or enum whose derived Swift type would shadow a standard-library or Foundation type
/// in the user's module gets a located warning naming the fix; generation goes on.
@Suite struct ShadowedNameTests {
    @Test func aTableThatBecomesTaskIsWarnedAboutAtItsKey() throws {
        let yaml = """
            enums:
              result: [ok, failed]
            tables:
              tasks:
                columns:
                  id: { type: integer, primary_key: true }
              jobs:
                columns:
                  id: { type: integer, primary_key: true }
            """
        let (schema, warnings) = try SchemaLoader.parseReportingWarnings(yaml: yaml, fileName: "schema.yaml")
        #expect(schema.tables.map(\.swiftName).sorted() == ["Job", "Task"])
        #expect(warnings.map(\.description) == [
            "schema.yaml:2:3: warning: enum 'result' becomes the Swift type 'Result', which shadows the standard library's or Foundation's Result in your module (code such as Result(...) would stop compiling or mean the generated type); set swift_name: (e.g. ResultRecord)",
            "schema.yaml:4:3: warning: table 'tasks' becomes the Swift type 'Task', which shadows the standard library's or Foundation's Task in your module (code such as Task.sleep would stop compiling or mean the generated type); set swift_name: (e.g. TaskRecord)",
        ])
    }

    @Test func aChosenSwiftNameIsNotWarnedAbout() throws {
        let yaml = """
            tables:
              tasks:
                swift_name: Task
                columns:
                  id: { type: integer, primary_key: true }
              dates:
                swift_name: CalendarDate
                columns:
                  id: { type: integer, primary_key: true }
            """
        #expect(try SchemaLoader.parseReportingWarnings(yaml: yaml, fileName: "schema.yaml").warnings.isEmpty)
    }
}
