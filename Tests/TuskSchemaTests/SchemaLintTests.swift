import Foundation
import Testing
@testable import TuskSchema

/// The schema lint (`tusk validate`): each rule and the opt-outs, as warnings at exact places;
/// never reported to the build plugin; the repository's own schemas are clean.
@Suite struct SchemaLintTests {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/lint")

    static let expected: [String: [String]] = [
        "findings.yaml": [
            #"findings.yaml:4:19: warning: TL001 integer-key: primary key column 'accounts.id' is integer, whose keys run out at 2147483647; widening it later rewrites the table and every column that references it. Use bigint (with identity: true), or keep it and opt out with 'lint: { ignore: [TL001] }' on table 'accounts'"#,
            #"findings.yaml:5:13: warning: TL003 varchar-length: column 'accounts.name' is varchar(100): PostgreSQL stores text and varchar alike, and the limit only makes longer values fail (raising it takes a migration). Use text, with a check (or validate: { max_length: 100 }) if a limit is meant, or keep it and opt out with 'lint: { ignore: [TL003] }' on table 'accounts'"#,
            #"findings.yaml:6:19: warning: TL002 timestamp-without-time-zone: column 'accounts.created_at' is timestamp (without time zone): its values name no zone, so they mean another instant to a session with another TimeZone. Use timestamptz, or keep it and opt out with 'lint: { ignore: [TL002] }' on table 'accounts'"#,
            #"findings.yaml:9:19: warning: TL001 integer-key: primary key column 'projects.id' is integer, whose keys run out at 2147483647; widening it later rewrites the table and every column that references it. Use bigint (with identity: true), or keep it and opt out with 'lint: { ignore: [TL001] }' on table 'projects'"#,
            #"findings.yaml:10:7: warning: TL004 foreign-key-without-index: foreign key (account_id) of table 'projects' to 'accounts' has no index starting with its columns: deleting or updating a row of 'accounts' scans 'projects' for the rows that reference it. Add indexes: [{ columns: [account_id] }], or keep it and opt out with 'lint: { ignore: [TL004] }' on table 'projects'"#,
            #"findings.yaml:11:15: warning: TL003 varchar-length: column 'projects.labels' is varchar(20)[]: PostgreSQL stores text and varchar alike, and the limit only makes longer values fail (raising it takes a migration). Use text, with a check (or validate: { max_length: 20 }) if a limit is meant, or keep it and opt out with 'lint: { ignore: [TL003] }' on table 'projects'"#,
            #"findings.yaml:12:12: warning: TL002 timestamp-without-time-zone: column 'projects.due' is timestamp (without time zone): its values name no zone, so they mean another instant to a session with another TimeZone. Use timestamptz, or keep it and opt out with 'lint: { ignore: [TL002] }' on table 'projects'"#,
            #"findings.yaml:18:7: warning: TL004 foreign-key-without-index: foreign key (project_id) of table 'members' to 'projects' has no index starting with its columns: deleting or updating a row of 'projects' scans 'members' for the rows that reference it. Add indexes: [{ columns: [project_id] }], or keep it and opt out with 'lint: { ignore: [TL004] }' on table 'members'"#,
            #"findings.yaml:28:7: warning: TL004 foreign-key-without-index: foreign key (owner_id) of table 'tickets' to 'accounts' has no index starting with its columns: deleting or updating a row of 'accounts' scans 'tickets' for the rows that reference it. Add indexes: [{ columns: [owner_id] }], or keep it and opt out with 'lint: { ignore: [TL004] }' on table 'tickets'"#,
            #"findings.yaml:32:9: warning: TL004 foreign-key-without-index: foreign key (owner_id, project_id) of table 'tickets' to 'members' has no index starting with its columns: deleting or updating a row of 'members' scans 'tickets' for the rows that reference it. Add indexes: [{ columns: [owner_id, project_id] }], or keep it and opt out with 'lint: { ignore: [TL004] }' on table 'tickets'"#,
        ],
        "opt-outs.yaml": [
            #"opt-outs.yaml:12:7: warning: TL004 foreign-key-without-index: foreign key (legacy_id) of table 'events' to 'legacy' has no index starting with its columns: deleting or updating a row of 'legacy' scans 'events' for the rows that reference it. Add indexes: [{ columns: [legacy_id] }], or keep it and opt out with 'lint: { ignore: [TL004] }' on table 'events'"#,
            #"opt-outs.yaml:14:14: warning: TL003 varchar-length: column 'events.label' is varchar(10): PostgreSQL stores text and varchar alike, and the limit only makes longer values fail (raising it takes a migration). Use text, with a check (or validate: { max_length: 10 }) if a limit is meant, or keep it and opt out with 'lint: { ignore: [TL003] }' on table 'events'"#,
        ],
    ]

    static var fixtureNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func lint(_ fixture: String) throws -> (warnings: [SchemaDiagnostic], lint: [SchemaDiagnostic]) {
        let text = try String(contentsOf: directory.appendingPathComponent(fixture), encoding: .utf8)
        let result = try SchemaLoader.parseReportingLint(yaml: text, fileName: fixture)
        return (result.warnings, result.lint)
    }

    @Test func everyFixtureHasItsExpectation() {
        #expect(Set(Self.fixtureNames) == Set(Self.expected.keys))
    }

    @Test(arguments: fixtureNames)
    func findings(fixture: String) throws {
        let result = try Self.lint(fixture)
        #expect(result.warnings.isEmpty)
        #expect(result.lint.map(\.description) == Self.expected[fixture])
        #expect(result.lint.allSatisfy { $0.severity == .warning })
    }

    /// What the build plugin (and every other command) reads: the same schema, no lint in it.
    @Test func thePluginsReadingReportsNoLint() throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent("findings.yaml"), encoding: .utf8)
        let plugin = try SchemaLoader.parseReportingWarnings(yaml: text, fileName: "findings.yaml")
        #expect(plugin.warnings.isEmpty)
        #expect(plugin.schema == (try SchemaLoader.parseReportingLint(yaml: text, fileName: "findings.yaml").schema))
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The root schema and the examples' are clean, or carry reasoned opt-outs.
    @Test(arguments: ["schema.yaml", "Examples/Bookshelf/Sources/Bookshelf/schema.yaml", "Examples/AgentService/Sources/AgentService/schema.yaml"])
    func theRepositorysSchemasAreLintClean(path: String) throws {
        let result = try SchemaLoader.loadReportingLint(file: Self.packageRoot.appendingPathComponent(path))
        #expect(result.lint.map(\.description) == [])
    }

    @Test func lintCodesAreStable() {
        #expect(LintCode.allCases.map(\.rawValue) == ["TL001", "TL002", "TL003", "TL004"])
        #expect(LintCode.allCases.map(\.name) == ["integer-key", "timestamp-without-time-zone", "varchar-length", "foreign-key-without-index"])
    }
}
