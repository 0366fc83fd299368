/// Reads a table's `partition_by:` and `retention:`:
///
/// ```yaml
///     partition_by:
///       range: created_at           # or list: region, or hash: id
///       interval: month             # range over a date or timestamp: made by db.createPartitions(of:)
///       premake: 3                  # intervals made ahead (the current one included)
///       partitions:                 # declared: { from, to } (range), { values } (list), { default: true }
///         logs_2025: { from: "2025-01-01", to: "2026-01-01" }
///       modulus: 4                  # hash: partitions <table>_p0 ... <table>_p3
///     retention: { column: created_at, keep: 30 days }
/// ```
struct PartitioningReader {
    let read: NodeReader
    var sink: DiagnosticSink { read.sink }

    static let keys = ["range", "list", "hash", "interval", "premake", "partitions", "modulus"]

    func partitioning(_ e: Entry, what table: String, table draft: TableDraft) -> Partitioning? {
        let what = "'partition_by' of \(table)"
        guard let o = read.options(e.value, allowed: Self.keys, what: what) else { return nil }
        let methods = Partitioning.Method.allCases.compactMap { method in o[method.rawValue].map { (method, $0) } }
        guard methods.count == 1, let (method, key) = methods.first else {
            sink.error(e.value.mark, "\(what) needs exactly one of range, list or hash, naming the partition column (e.g. partition_by: { range: created_at, interval: month })")
            return nil
        }
        guard let columnName = read.text(key.value, what: "'\(method.rawValue)' of \(what)") else { return nil }
        let column = draft.column(columnName)
        if column == nil, draft.columnsKnown {
            sink.error(key.value.mark, "\(what) partitions by column '\(columnName)', which the table does not have\(didYouMean(columnName, draft.columns.map(\.column.name)))")
            return nil
        }
        checkKeysInclude(columnName, draft: draft, at: key.value.mark, what: table)
        var partitioning = Partitioning(method: method, column: columnName)

        if let i = o["interval"] {
            partitioning.interval = read.choice(i.value, what: "'interval' of \(what)", PartitionInterval.allCases.map { ($0.rawValue, $0) })
            if method != .range {
                sink.error(i.keyMark, "'interval' of \(what) makes range partitions; it cannot go with \(method.rawValue) partitioning")
            } else if let type = column?.column.type, column?.typeKnown == true, !type.isDateOrTimestamp {
                sink.error(i.keyMark, "'interval' of \(what) needs a date, timestamp or timestamptz column; '\(columnName)' is \(type.sql)")
            }
        }
        if let p = o["premake"], let count = read.int(p.value, what: "'premake' of \(what)") {
            if o["interval"] == nil { sink.error(p.keyMark, "'premake' of \(what) counts interval partitions; add 'interval' (day, week, month or year)") }
            if !(1...120).contains(count) { sink.error(p.value.mark, "'premake' of \(what) must be between 1 and 120, found \(count)") }
            partitioning.premake = count
        }
        if let m = o["modulus"], let modulus = read.int(m.value, what: "'modulus' of \(what)") {
            if method != .hash {
                sink.error(m.keyMark, "'modulus' of \(what) is for hash partitioning; \(method.rawValue) partitions are declared under 'partitions'")
            } else if !(1...1024).contains(modulus) {
                sink.error(m.value.mark, "'modulus' of \(what) must be between 1 and 1024, found \(modulus)")
            } else {
                partitioning.partitions = (0..<modulus).map {
                    Partition(name: Partitioning.hashPartitionName(of: draft.name, remainder: $0), bound: .hash(modulus: modulus, remainder: $0))
                }
            }
        } else if method == .hash {
            sink.error(key.keyMark, "\(what) by hash needs 'modulus', the number of partitions (e.g. modulus: 4)")
        }
        if let p = o["partitions"], let entries = read.named(p.value, what: "'partitions' of \(what)", kind: "partition") {
            if method == .hash { sink.error(p.keyMark, "hash partitions of \(table) come from 'modulus'; remove 'partitions'") }
            partitioning.partitions += entries.compactMap { partition($0, method: method, what: what) }
        }
        if partitioning.interval != nil, !partitioning.partitions.contains(where: { $0.bound == .default }) {
            // Rows outside every interval partition made so far land here, never refused.
            partitioning.partitions.append(Partition(name: Partitioning.defaultPartitionName(of: draft.name), bound: .default))
        }
        if partitioning.partitions.filter({ $0.bound == .default }).count > 1 {
            sink.error(e.value.mark, "\(what) has more than one default partition; keep one")
        }
        return partitioning
    }

    /// PostgreSQL enforces a primary key or unique constraint per partition, so it must hold the
    /// partition column.
    private func checkKeysInclude(_ column: String, draft: TableDraft, at mark: YAMLMark, what: String) {
        var keys: [(String, [Named])] = []
        if let pk = draft.primaryKey { keys.append(("primary key", pk.columns)) }
        keys += draft.uniques.map { ("unique key", $0.columns) }
        keys += draft.indexes.filter(\.isUnique).map { ("unique index", $0.columns) }
        for (kind, columns) in keys where !columns.contains(where: { $0.name == column }) {
            sink.error(
                mark,
                "\(what) is partitioned by '\(column)', so its \(kind) (\(columns.map(\.name).joined(separator: ", "))) must include '\(column)': PostgreSQL checks keys per partition (e.g. primary_key: [\((columns.map(\.name) + [column]).joined(separator: ", "))])")
        }
    }

    private func partition(_ entry: Entry, method: Partitioning.Method, what: String) -> Partition? {
        let itemWhat = "partition '\(entry.key)' of \(what)"
        guard let o = read.options(entry.value, allowed: ["from", "to", "values", "default"], what: itemWhat) else { return nil }
        if let d = o["default"] {
            guard read.bool(d.value, what: "'default' of \(itemWhat)") == true, o.count == 1 else {
                sink.error(d.keyMark, "\(itemWhat): a default partition is written { default: true } alone")
                return nil
            }
            return Partition(name: entry.key, bound: .default)
        }
        switch method {
        case .range:
            guard let from = o["from"], let to = o["to"], o["values"] == nil else {
                sink.error(entry.value.mark, "\(itemWhat) needs 'from' and 'to' (e.g. { from: \"2026-01-01\", to: \"2026-02-01\" }: from included, to excluded)")
                return nil
            }
            guard let low = read.text(from.value, what: "'from' of \(itemWhat)"), let high = read.text(to.value, what: "'to' of \(itemWhat)") else { return nil }
            return Partition(name: entry.key, bound: .range(from: low, to: high))
        case .list:
            guard let v = o["values"], o["from"] == nil, o["to"] == nil, let items = read.list(v.value, what: "'values' of \(itemWhat)") else {
                sink.error(entry.value.mark, "\(itemWhat) needs 'values', the list it holds (e.g. { values: [eu, uk] })")
                return nil
            }
            let values = items.compactMap { read.text($0, what: "a value of \(itemWhat)") }
            if values.isEmpty { sink.error(v.value.mark, "'values' of \(itemWhat) is empty") }
            return Partition(name: entry.key, bound: .list(values))
        case .hash:
            return nil
        }
    }

    func retention(_ e: Entry, what table: String, table draft: TableDraft) -> RetentionRule? {
        let what = "'retention' of \(table)"
        guard let o = read.options(e.value, allowed: ["column", "keep", "batch_size"], what: what) else { return nil }
        guard let c = o["column"], let k = o["keep"] else {
            sink.error(e.value.mark, "\(what) needs 'column' (a timestamp or date) and 'keep' (e.g. { column: created_at, keep: 30 days })")
            return nil
        }
        guard let column = read.text(c.value, what: "'column' of \(what)"), let keepText = read.text(k.value, what: "'keep' of \(what)") else { return nil }
        if let draftColumn = draft.column(column) {
            if draftColumn.typeKnown, !draftColumn.column.type.isDateOrTimestamp {
                sink.error(c.value.mark, "\(what) reads '\(column)' as a row's age; it must be a date, timestamp or timestamptz, not \(draftColumn.column.type.sql)")
            }
        } else if draft.columnsKnown {
            sink.error(c.value.mark, "\(what) names column '\(column)', which the table does not have\(didYouMean(column, draft.columns.map(\.column.name)))")
        }
        guard let keep = Self.interval(keepText) else {
            sink.error(k.value.mark, "'keep' of \(what) must be a number and a unit (days, weeks, months or years), e.g. 30 days, found '\(keepText)'")
            return nil
        }
        var rule = RetentionRule(column: column, keep: keep)
        if let b = o["batch_size"], let size = read.int(b.value, what: "'batch_size' of \(what)") {
            if size < 1 { sink.error(b.value.mark, "'batch_size' of \(what) must be at least 1, found \(size)") }
            rule.batchSize = size
        }
        return rule
    }

    /// `30 days`, `1 week`, `12 months`, `2 years` -> the same, canonical (`1 days` stays valid PostgreSQL).
    static func interval(_ text: String) -> String? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let amount = Int(parts[0]), amount > 0 else { return nil }
        let unit = parts[1].lowercased()
        let units = ["day", "week", "month", "year"]
        guard let base = units.first(where: { unit == $0 || unit == $0 + "s" }) else { return nil }
        return "\(amount) \(base)\(amount == 1 ? "" : "s")"
    }
}
