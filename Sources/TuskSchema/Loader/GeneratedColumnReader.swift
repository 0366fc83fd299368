/// Reads a column's `generated: { sql: "lower(email)", stored: true }` and refuses what cannot
/// go with it: the database computes the value, so nothing may default, identify, auto-update
/// or validate it (validators check what Swift writes, and Swift never writes it).
struct GeneratedColumnReader {
    let read: NodeReader
    var sink: DiagnosticSink { read.sink }

    func generated(_ entry: Entry, options: [String: Entry], what: String) -> GeneratedColumn? {
        guard let o = read.options(entry.value, allowed: ["sql", "stored"], what: "'generated' of \(what)") else { return nil }
        if let e = o["stored"], let stored = read.bool(e.value, what: "'stored' of 'generated' of \(what)"), !stored {
            sink.error(e.value.mark, "\(what): PostgreSQL 15 and 16 have stored generated columns only; write 'stored: true' or leave 'stored' out")
        }
        guard let e = o["sql"] else {
            sink.error(entry.value.mark, "'generated' of \(what) needs 'sql', the expression (e.g. generated: { sql: \"lower(email)\" })")
            return nil
        }
        guard let sql = read.sql(e.value, what: "'generated: { sql }' of \(what)") else { return nil }
        let conflicts: [(key: String, reason: String)] = [
            ("default", "a default"), ("identity", "an identity"), ("auto_update", "'auto_update'"),
            ("validate", "validators (they check what Swift writes, and no Swift writes it)"),
        ]
        for (key, reason) in conflicts {
            if let other = options[key] {
                sink.error(other.keyMark, "\(what) is generated (computed by the database) and cannot also have \(reason); remove '\(key)'")
            }
        }
        return GeneratedColumn(sql: sql)
    }
}
