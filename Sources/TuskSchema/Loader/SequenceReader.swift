/// Reads `sequences:`: `name: { type, start, increment, min, max, cache, cycle, owned_by }`,
/// or `name: {}` for PostgreSQL's defaults. Checks what `CREATE SEQUENCE` would refuse, with
/// the place of the offending key; `owned_by` is checked against the tables once they are read.
struct SequenceReader {
    static let keys = ["type", "start", "increment", "min", "max", "cache", "cycle", "owned_by"]

    let read: NodeReader
    var sink: DiagnosticSink { read.sink }

    /// The sequence and the mark of its `owned_by` value, if any.
    func sequence(_ entry: Entry) -> (SchemaSequence, YAMLMark?)? {
        let what = "sequence '\(entry.key)'"
        // The key was checked (and put in the model's spelling) by `named(_:qualified:)`.
        let options: [String: Entry]
        if entry.value.scalar?.isNull == true {
            options = [:]
        } else {
            guard let o = read.options(entry.value, allowed: Self.keys, what: what) else { return nil }
            options = o
        }
        var type = SQLType.bigint
        if let e = options["type"] {
            guard let chosen = read.choice(e.value, what: "'type' of \(what)", [("smallint", SQLType.smallint), ("integer", .integer), ("bigint", .bigint)]) else { return nil }
            type = chosen
        }
        let range = SchemaSequence.integerRange(type)
        func value(_ key: String) -> Int64?? {
            guard let e = options[key] else { return .some(nil) }
            guard let scalar = e.value.scalar, scalar.isPlain, let number = Int64(scalar.text) else {
                sink.error(e.value.mark, "'\(key)' of \(what) must be a whole number, found \(e.value.kindDescription)")
                return nil
            }
            guard range.contains(number) else {
                sink.error(e.value.mark, "'\(key)' of \(what) is \(number), outside the range of \(type.sql) (\(range.lowerBound) to \(range.upperBound))")
                return nil
            }
            return .some(number)
        }
        guard let start = value("start"), let increment = value("increment"), let min = value("min"),
              let max = value("max"), let cache = value("cache") else { return nil }
        if increment == 0, let e = options["increment"] {
            sink.error(e.value.mark, "'increment' of \(what) must not be zero")
            return nil
        }
        if let cache, cache < 1, let e = options["cache"] {
            sink.error(e.value.mark, "'cache' of \(what) must be at least 1, found \(cache)")
            return nil
        }
        var cycle = false
        if let e = options["cycle"] {
            guard let on = read.bool(e.value, what: "'cycle' of \(what)") else { return nil }
            cycle = on
        }
        let sequence = SchemaSequence(
            name: entry.key, type: type, start: start, increment: increment ?? 1, minValue: min, maxValue: max,
            cache: cache ?? 1, cycle: cycle)
        if sequence.minValue >= sequence.maxValue {
            sink.error(options["min"]?.value.mark ?? options["max"]?.value.mark ?? entry.keyMark,
                       "\(what) has min \(sequence.minValue) and max \(sequence.maxValue); min must be less than max")
            return nil
        }
        if !(sequence.minValue...sequence.maxValue).contains(sequence.start) {
            sink.error(options["start"]?.value.mark ?? entry.keyMark,
                       "'start' of \(what) is \(sequence.start), outside its range \(sequence.minValue) to \(sequence.maxValue)")
            return nil
        }
        var result = sequence
        var ownerMark: YAMLMark?
        if let e = options["owned_by"], let text = read.text(e.value, what: "'owned_by' of \(what)") {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            // `table.column`, or `schema.table.column` for a table in a named schema.
            guard parts.count == 2 || parts.count == 3, !parts.contains(where: \.isEmpty) else {
                sink.error(e.value.mark, "'owned_by' of \(what) must be table.column, found '\(text)'")
                return nil
            }
            result.ownedBy = SequenceOwner(table: QualifiedName.canonical(parts.dropLast().joined(separator: ".")), column: parts[parts.count - 1])
            ownerMark = e.value.mark
        }
        return (result, ownerMark)
    }

    /// Problems that need the tables: an owner that does not exist, a name a table already has.
    static func check(_ sequences: [(SchemaSequence, YAMLMark, YAMLMark?)], tables: [Table], sink: DiagnosticSink) {
        for (sequence, mark, ownerMark) in sequences {
            if tables.contains(where: { $0.name == sequence.name }) {
                sink.error(mark, "sequence '\(sequence.name)' has the name of a table; tables and sequences share one namespace in PostgreSQL, so choose another name")
            }
            guard let owner = sequence.ownedBy else { continue }
            guard let table = tables.first(where: { $0.name == owner.table }) else {
                sink.error(ownerMark ?? mark, "'owned_by' of sequence '\(sequence.name)' names table '\(owner.table)', which is not declared\(didYouMean(owner.table, tables.map(\.name)))")
                continue
            }
            if table.column(named: owner.column) == nil {
                sink.error(ownerMark ?? mark, "'owned_by' of sequence '\(sequence.name)' names column '\(owner.table).\(owner.column)', which is not declared\(didYouMean(owner.column, table.columns.map(\.name)))")
            }
        }
    }
}
