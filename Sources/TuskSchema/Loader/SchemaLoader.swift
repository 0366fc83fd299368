import Foundation

/// Loads `schema.yaml` into a validated, canonical `Schema`.
///
/// Reading goes on after a problem so that one run reports every problem in the file, each
/// as `file:line:column: error: ...`, sorted in reading order.
public enum SchemaLoader {
    static let topLevelKeys = ["swift", "extensions", "enums", "sequences", "tables", "views", "job_kinds", "migrations", "lint"]

    /// Reads and validates the file; `file.relativePath` (the path as given) names it in diagnostics.
    public static func load(file: URL) throws -> Schema {
        try loadReportingWarnings(file: file).schema
    }

    public static func parse(yaml: String, fileName: String) throws -> Schema {
        try parseReportingWarnings(yaml: yaml, fileName: fileName).schema
    }

    /// ``load(file:)`` that also returns the warnings (`file:line:col: warning: ...`): problems
    /// that do not stop generation, such as a type name that shadows one of the standard library.
    public static func loadReportingWarnings(file: URL) throws -> (schema: Schema, warnings: [SchemaDiagnostic]) {
        try parseReportingWarnings(yaml: text(of: file), fileName: file.relativePath)
    }

    private static func text(of file: URL) throws -> String {
        let name = file.relativePath
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw SchemaError(diagnostics: [SchemaDiagnostic(file: name, line: 1, column: 1, message: "cannot read the schema file \(file.standardizedFileURL.path): \(error.localizedDescription)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SchemaError(diagnostics: [SchemaDiagnostic(file: name, line: 1, column: 1, message: "the schema file is not valid UTF-8 text")])
        }
        return text
    }

    public static func parseReportingWarnings(yaml: String, fileName: String) throws -> (schema: Schema, warnings: [SchemaDiagnostic]) {
        let (schema, _, sink) = try readChecked(yaml: yaml, fileName: fileName)
        return (schema, sink.warnings)
    }

    /// ``parseReportingWarnings(yaml:fileName:)`` plus the schema lint (`TL001`...): its findings
    /// are warnings too, located and sorted with the others. Only `tusk validate` asks for them.
    public static func parseReportingLint(yaml: String, fileName: String) throws -> (schema: Schema, warnings: [SchemaDiagnostic], lint: [SchemaDiagnostic]) {
        let (schema, read, sink) = try readChecked(yaml: yaml, fileName: fileName)
        let lintSink = DiagnosticSink(fileName: fileName)
        SchemaLint(schema: schema, drafts: read.drafts, ignoredEverywhere: read.lintIgnore, sink: lintSink).run()
        return (schema, sink.warnings, lintSink.warnings)
    }

    /// ``parseReportingLint(yaml:fileName:)`` for a file, named in diagnostics as ``load(file:)`` names it.
    public static func loadReportingLint(file: URL) throws -> (schema: Schema, warnings: [SchemaDiagnostic], lint: [SchemaDiagnostic]) {
        try parseReportingLint(yaml: text(of: file), fileName: file.relativePath)
    }

    /// What reading produced besides the schema: the table drafts (marks for the lint) and the
    /// top-level lint opt-outs.
    private struct ReadResult {
        var schema = Schema()
        var drafts: [TableDraft] = []
        var lintIgnore: Set<LintCode> = []
    }

    private static func readChecked(yaml: String, fileName: String) throws -> (Schema, ReadResult, DiagnosticSink) {
        let sink = DiagnosticSink(fileName: fileName)
        let output = YAMLReader.read(yaml, fileName: fileName)
        sink.append(output.diagnostics)
        guard let root = output.root else {
            if output.diagnostics.isEmpty {
                sink.error(YAMLMark(line: 1, column: 1), "the schema is empty; it needs at least 'tables:' with one table")
            }
            throw SchemaError(diagnostics: sink.sorted)
        }
        let result = read(root, sink: sink)
        if sink.hasErrors { throw SchemaError(diagnostics: sink.sorted) }
        return (result.schema, result, sink)
    }

    private static func read(_ root: YAMLNode, sink: DiagnosticSink) -> ReadResult {
        let read = NodeReader(sink: sink)
        var result = ReadResult()
        var schema = Schema()
        // Top-level keys starting with `x-` hold anchors for reuse (`x-timestamps: &timestamps`).
        var root = root
        if let pairs = root.pairs { root.content = .mapping(pairs.filter { !$0.keyText.hasPrefix("x-") }) }
        guard let options = read.options(root, allowed: topLevelKeys, what: "the schema") else { return result }
        if let e = options["lint"] { result.lintIgnore = LintOptionsReader(read: read).ignored(e.value, what: "the top-level 'lint'") }

        if let e = options["swift"], let o = read.options(e.value, allowed: ["access"], what: "'swift'") {
            if let a = o["access"], let access = read.choice(a.value, what: "'swift.access'", [("internal", SwiftOptions.AccessLevel.internal), ("public", .public)]) {
                schema.swift.access = access
            }
        }
        if let e = options["extensions"], let items = read.list(e.value, what: "'extensions'") {
            let names = items.compactMap { item in
                read.text(item, what: "an item of 'extensions'").flatMap { read.identifier($0, at: item.mark, kind: "extension") ? $0 : nil }
            }
            schema.extensions = Array(Set(names)).sorted()
        }

        if let e = options["migrations"] { schema.migrations = MigrationSettingsReader(read: read).settings(e.value) }

        var enums: [(EnumType, Entry, YAMLMark?)] = []
        if let e = options["enums"], let entries = read.named(e.value, what: "'enums'", kind: "enum", qualified: true) {
            let reader = EnumReader(read: read)
            for entry in entries {
                if let (type, renamedMark) = reader.enumType(entry) { enums.append((type, entry, renamedMark)) }
            }
        }
        let enumsByName = Dictionary(enums.map { ($0.0.name, $0.0) }, uniquingKeysWith: { a, _ in a })

        var sequences: [(SchemaSequence, YAMLMark, YAMLMark?)] = []
        if let e = options["sequences"], let entries = read.named(e.value, what: "'sequences'", kind: "sequence", qualified: true) {
            let reader = SequenceReader(read: read)
            for entry in entries {
                if let (sequence, ownerMark) = reader.sequence(entry) { sequences.append((sequence, entry.keyMark, ownerMark)) }
            }
        }

        var tables: [TableDraft] = []
        let tableReader = TableReader(columns: ColumnReader(read: read, enums: enumsByName, extensions: Set(schema.extensions)))
        if let e = options["tables"] {
            if let entries = read.named(e.value, what: "'tables'", kind: "table", qualified: true) {
                if e.value.pairs?.isEmpty == true { sink.error(e.value.mark, "'tables' is empty; declare at least one table") }
                tables = entries.compactMap { tableReader.table($0) }
            }
        } else {
            sink.error(root.mark, "the schema has no 'tables:'; declare at least one table")
        }

        if let e = options["job_kinds"] {
            schema.jobKinds = JobKindReader(read: read).kinds(e.value)
            if !schema.jobKinds.isEmpty {
                if let clash = tables.first(where: { $0.name == JobQueueTable.name }) {
                    sink.error(clash.mark, "table '\(JobQueueTable.name)' is reserved for the job queue of 'job_kinds'; rename it")
                } else if let queueTable = JobQueueTable.draft(reader: tableReader) {
                    tables.append(queueTable)
                }
            }
        }

        var views: [ViewDraft] = []
        if let e = options["views"], let entries = read.named(e.value, what: "'views'", kind: "view", qualified: true) {
            let reader = ViewReader(tables: tableReader)
            views = entries.compactMap { reader.view($0) }
            ViewReader.check(views, tables: tables, enums: enums.map(\.0.name), sink: sink)
        }

        var enumTypes = enums.map(\.0)
        let chosenEnums = Set(enums.filter { $0.1.value.pairs?.contains { $0.keyText == "swift_name" } == true }.map(\.0.name))
        SchemaSwiftNames.namespace(tables: &tables, views: &views, enums: &enumTypes, chosenEnums: chosenEnums)
        for i in enums.indices { enums[i].0 = enumTypes[i] }
        var resolver = SchemaResolver(sink: sink, tables: tables, enums: enums.map { ($0.0, $0.1.keyMark, $0.2) }, views: views)
        schema.enums = enums.map(\.0).sorted { $0.name < $1.name }
        schema.tables = resolver.resolve()
        schema.views = resolver.resolvedViews
        SequenceReader.check(sequences, tables: schema.tables, sink: sink)
        schema.sequences = sequences.map(\.0).sorted { $0.name < $1.name }
        let drafts = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        schema.relations = RelationDeriver(tables: schema.tables, drafts: drafts) { mark, message in
            sink.error(mark ?? root.mark, message)
        }.derive()
        result.schema = schema
        result.drafts = tables
        return result
    }
}
