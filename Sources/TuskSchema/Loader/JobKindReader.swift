/// Reads `job_kinds:`: a mapping of kind name to `{ payload, queue, priority, max_attempts,
/// backoff: { base, max }, swift_name }`.
struct JobKindReader {
    static let keys = ["payload", "queue", "priority", "max_attempts", "backoff", "swift_name"]
    let read: NodeReader
    var sink: DiagnosticSink { read.sink }

    func kinds(_ node: YAMLNode) -> [JobKindDeclaration] {
        guard let entries = read.named(node, what: "'job_kinds'", kind: "job kind") else { return [] }
        return entries.compactMap(kind).sorted { $0.name < $1.name }
    }

    private func kind(_ entry: Entry) -> JobKindDeclaration? {
        let what = "job kind '\(entry.key)'"
        guard let options = read.options(entry.value, allowed: Self.keys, what: what) else { return nil }
        guard let p = options["payload"] else {
            sink.error(entry.keyMark, "\(what) needs 'payload': the Codable Swift type its jobs carry (e.g. payload: EmbedDocument)")
            return nil
        }
        guard let payload = read.swiftName(p.value, what: "'payload' of \(what)") else { return nil }
        var kind = JobKindDeclaration(
            name: entry.key, swiftName: SwiftNames.typeName(forEnum: entry.key) + "Job", payloadType: payload)
        if let e = options["swift_name"], let name = read.swiftName(e.value, what: what) { kind.swiftName = name }
        if let e = options["queue"], let queue = read.text(e.value, what: "'queue' of \(what)") { kind.queue = queue }
        if let e = options["priority"], let priority = read.int(e.value, what: "'priority' of \(what)") { kind.priority = priority }
        if let e = options["max_attempts"], let attempts = read.int(e.value, what: "'max_attempts' of \(what)") {
            if attempts < 1 { sink.error(e.value.mark, "'max_attempts' of \(what) must be at least 1, found \(attempts)") }
            kind.maxAttempts = attempts
        }
        if let e = options["backoff"], let o = read.options(e.value, allowed: ["base", "max"], what: "'backoff' of \(what)") {
            if let b = o["base"], let base = read.number(b.value, what: "'backoff.base' of \(what) (seconds)") { kind.backoffBaseSeconds = base }
            if let m = o["max"], let max = read.number(m.value, what: "'backoff.max' of \(what) (seconds)") { kind.backoffMaxSeconds = max }
            if kind.backoffBaseSeconds < 0 || kind.backoffMaxSeconds < kind.backoffBaseSeconds {
                sink.error(e.value.mark, "'backoff' of \(what) needs 0 <= base <= max (seconds), found base \(kind.backoffBaseSeconds), max \(kind.backoffMaxSeconds)")
            }
        }
        return kind
    }
}

/// The table the job queue lives in, added to a schema that declares job kinds. Written in the
/// schema language and read by the same reader as users' tables, so migrations, DDL,
/// introspection and codegen treat it like any other table.
enum JobQueueTable {
    static let name = "tusk_jobs"
    static let yaml = """
        tusk_jobs:
          comment: Background jobs of the job_kinds in schema.yaml, run by Tusk's QueueWorker
          columns:
            id:           { type: bigint, primary_key: true, identity: true }
            kind:         text
            queue:        text
            payload:      jsonb
            priority:     { type: integer, default: 0 }
            state:        { type: text, default: available, check: "state IN ('available', 'running', 'done', 'dead', 'cancelled')" }
            attempts:     { type: integer, default: 0 }
            max_attempts: integer
            run_at:       { type: timestamptz, default: { sql: now() } }
            locked_by:    text?
            locked_until: timestamptz?
            unique_key:   text?
            last_error:   text?
            created_at:   { type: timestamptz, default: { sql: now() } }
            finished_at:  timestamptz?
          indexes:
            - { name: tusk_jobs_claim_idx, columns: [queue, priority, run_at], where: "state IN ('available', 'running')" }
            - { name: tusk_jobs_unique_key_idx, columns: [kind, unique_key], unique: true, where: "unique_key IS NOT NULL AND state IN ('available', 'running')" }
        """

    /// The table's draft, read with `reader` (its diagnostics, which never happen, go to a
    /// sink of their own).
    static func draft(reader: TableReader) -> TableDraft? {
        let output = YAMLReader.read(yaml, fileName: "<tusk_jobs>")
        guard let root = output.root, let entry = reader.read.named(root, what: "'tables'", kind: "table")?.first else { return nil }
        return reader.table(entry)
    }
}
