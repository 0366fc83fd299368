import ArgumentParser
import Foundation
import TuskSchema

/// `tusk validate FILE`: reports every problem in the schema, exit 1 if any; then the schema
/// lint's warnings (`TL001`...), which fail the command only with `--strict`.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a schema file and report every problem in it, and what the schema lint advises.",
        discussion: """
            Prints each problem as FILE:LINE:COLUMN: error: ... on stderr and exits 1; exits 0 when the schema is valid. \
            Lint findings (TL001...) are printed as FILE:LINE:COLUMN: warning: TLnnn ... with the reason and the fix; \
            they fail the command only with --strict. A table opts out with lint: { ignore: [TLnnn] }.
            """)

    @OptionGroup var schema: SchemaFileArgument

    @Flag(help: "Exit 1 when the schema lint has findings (for CI).")
    var strict = false

    func run() throws {
        let path = try schema.path()
        let loaded: (schema: Schema, warnings: [SchemaDiagnostic], lint: [SchemaDiagnostic])
        do {
            loaded = try SchemaLoader.loadReportingLint(file: URL(fileURLWithPath: path))
        } catch let error as SchemaError {
            Console.error(error.description)
            throw ExitCode.failure
        }
        for warning in (loaded.warnings + loaded.lint).sorted(by: { ($0.line, $0.column) < ($1.line, $1.column) }) { Console.error(warning.description) }
        let lint = loaded.lint.isEmpty ? "" : ", \(loaded.lint.count) lint warning\(loaded.lint.count == 1 ? "" : "s")"
        Console.output("\(path): ok (\(loaded.schema.tables.count) tables, \(loaded.schema.enums.count) enums\(lint))\n")
        if strict && !loaded.lint.isEmpty {
            Console.error("error: --strict: the schema lint has \(loaded.lint.count) finding\(loaded.lint.count == 1 ? "" : "s"); fix them or opt out with lint: { ignore: [...] }")
            throw ExitCode.failure
        }
    }
}
