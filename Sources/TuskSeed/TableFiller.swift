import TuskSchema

/// Generates the rows of one table: values for its generated columns, parents for its foreign
/// keys, each row checked against the table's unique keys and CHECK constraints and generated
/// again (with other values) when it fails one.
struct TableFiller {
    let plan: TablePlan
    let schema: Schema
    let generator: ValueGenerator
    var random: SeedRandom
    /// The written columns (``TablePlan/written``) and their positions in a row.
    let columns: [String]
    let position: [String: Int]
    private let kinds: [CheckCondition.Value.Kind]
    /// Values taken so far, per unique key.
    private var seen: [Set<[String]>]
    /// Parent rows not yet used, for keys whose columns hold a unique key (one child per parent).
    private var unusedParents: [ForeignKey: [Int]] = [:]

    private(set) var rows: [[String?]] = []
    /// Per row: true when its literal-default columns are left to the database.
    private(set) var usesDefaults: [Bool] = []

    static let attempts = 60

    init(plan: TablePlan, schema: Schema, generator: ValueGenerator, seed: UInt64) {
        self.plan = plan
        self.schema = schema
        self.generator = generator
        random = SeedRandom(seed: seed, stream: plan.table.name)
        columns = plan.written
        var position: [String: Int] = [:]
        for (i, name) in columns.enumerated() { position[name] = i }
        self.position = position
        kinds = columns.map { CheckCondition.Value.Kind(plan.table.column(named: $0)?.type ?? .text) }
        seen = plan.uniqueKeys.map { _ in [] }
    }

    enum Failure {
        case value(String), parent(String), exhausted(String), unique(String), check(CheckConstraint)
    }

    /// Fills ``rows``. Returns a note when the table got fewer rows than asked (a unique key or a
    /// one-to-one parent ran out of values); throws when not even the first row can be made.
    mutating func fill(parents: inout [String: ParentRows]) throws -> String? {
        rows.reserveCapacity(plan.rows)
        for index in 0..<plan.rows {
            var failure: Failure?
            var accepted = false
            for attempt in 0..<Self.attempts {
                switch makeRow(index, attempt, &parents) {
                case .success(let (row, defaults, picks)):
                    for (u, key) in plan.uniqueKeys.enumerated() {
                        if let tuple = tuple(key.columns, row) { seen[u].insert(tuple) }
                    }
                    for (key, parent) in picks { unusedParents[key]!.removeAll { $0 == parent } }
                    rows.append(row)
                    usesDefaults.append(defaults)
                    accepted = true
                case .failure(let box):
                    failure = box.failure
                }
                if accepted { break }
            }
            if accepted { continue }
            switch failure! {
            case .unique(let name) where index > 0, .exhausted(let name) where index > 0:
                return "\(plan.table.name): \(index) rows instead of \(plan.rows): \(name) has no more distinct values to give"
            default:
                throw SeedError([problem(failure!)])
            }
        }
        return nil
    }

    private func problem(_ failure: Failure) -> SeedError.Problem {
        let table = plan.table.name
        switch failure {
        case .value(let column):
            return .init(
                subject: "\(table).\(column)", rule: "validators, type and CHECK hints",
                reason: "no value meets all of the column's rules together",
                fix: "loosen one of the rules (a length, range or pattern) so that values exist")
        case .parent(let key), .exhausted(let key):
            return .init(
                subject: table, rule: "foreign key \(key)", reason: "there is no row to reference",
                fix: "seed the referenced table too (or with more rows), or make the key nullable")
        case .unique(let key):
            return .init(
                subject: table, rule: "unique key \(key)", reason: "no distinct values could be generated",
                fix: "widen the key's columns (a longer text, a wider range) or ask for fewer rows")
        case .check(let check):
            return .init(
                subject: table, rule: "CHECK \(check.name) (\(check.expression))",
                reason: "\(Self.attempts) generated rows in a row failed it",
                fix: "express the condition with validators the seeder generates from (min/max, lengths, pattern), or seed this table yourself and leave it out (--table)")
        }
    }

    private typealias Made = (row: [String?], defaults: Bool, picks: [(ForeignKey, Int)])

    private mutating func makeRow(_ index: Int, _ attempt: Int, _ parents: inout [String: ParentRows]) -> Result<Made, FailureBox> {
        var row = [String?](repeating: nil, count: columns.count)
        let useDefaults = !plan.literalDefaults.isEmpty && random.chance(0.25)
        for (k, name) in columns.enumerated() {
            guard let spec = plan.specs[name] else { continue }  // a foreign-key column
            if useDefaults, let literal = plan.literalDefaults[name] {
                row[k] = literal
                continue
            }
            if spec.nullRate > 0, random.chance(spec.nullRate) { continue }
            let salt = spec.isUnique ? index + attempt * max(plan.rows, 1) : nil
            guard let value = generator.value(spec, &random, salt: salt) else { return .failure(FailureBox(.value(name))) }
            row[k] = value
        }
        var picks: [(ForeignKey, Int)] = []
        for key in plan.foreignKeys {
            switch pickParent(key, row: row, attempt: attempt, &parents) {
            case .null: continue
            case .row(let parent):
                let rows = parents[key.referencedTable]!
                for (column, referenced) in zip(key.columns, key.referencedColumns) {
                    row[position[column]!] = rows.value(parent, referenced)
                }
                if unusedParents[key] != nil { picks.append((key, parent)) }
            case .none(let failure): return .failure(FailureBox(failure))
            }
        }
        if let failure = violation(row) { return .failure(FailureBox(failure)) }
        return .success((row, useDefaults, picks))
    }

    /// The first unique key or check the row breaks.
    private func violation(_ row: [String?], changed: Set<String>? = nil) -> Failure? {
        // A row set again after insert is in `seen` already: only keys over the changed columns count.
        for (u, key) in plan.uniqueKeys.enumerated() where changed.map({ key.columns.contains(where: $0.contains) }) ?? true {
            if let tuple = tuple(key.columns, row), seen[u].contains(tuple) { return .unique(key.name) }
        }
        for (check, condition) in plan.checks where !condition.passes(lookup(row)) {
            return .check(check)
        }
        return nil
    }

    private func tuple(_ names: [String], _ row: [String?]) -> [String]? {
        var values: [String] = []
        for name in names {
            guard let value = row[position[name]!] else { return nil }  // NULLs are distinct
            values.append(value)
        }
        return values
    }

    func lookup(_ row: [String?]) -> (String) -> CheckCondition.Value {
        { name in
            guard let k = position[name], let text = row[k] else { return .null }
            return kinds[k].value(text)
        }
    }

    enum Pick { case null, row(Int), none(Failure) }

    private mutating func pickParent(_ key: ForeignKey, row: [String?], attempt: Int, _ parents: inout [String: ParentRows]) -> Pick {
        let nullable = key.columns.allSatisfy { plan.table.column(named: $0)?.isNullable == true }
        var fixed: [(column: String, value: String)] = []
        for (column, referenced) in zip(key.columns, key.referencedColumns) {
            if let value = row[position[column]!] { fixed.append((referenced, value)) }
        }
        if fixed.isEmpty, nullable, random.chance(TablePlan.foreignKeyNullRate) { return .null }
        // A tenant's rows reference rows of the same tenant.
        if let tenant = plan.table.tenantColumn, !key.columns.contains(tenant), let k = position[tenant], let value = row[k],
           let parentTenant = schema.table(named: key.referencedTable)?.tenantColumn {
            fixed.append((parentTenant, value))
        }
        guard parents[key.referencedTable] != nil else { return nullable ? .null : .none(.parent(key.name)) }
        if fixed.isEmpty, isOneToOne(key) {
            if unusedParents[key] == nil {
                var order = parents[key.referencedTable]!.candidates(key.referencedColumns, fixed: [])
                shuffle(&order)
                unusedParents[key] = order
            }
            let unused = unusedParents[key]!
            if unused.isEmpty { return nullable ? .null : .none(.exhausted(key.name)) }
            return .row(unused[attempt % unused.count])
        }
        let candidates = parents[key.referencedTable]!.candidates(key.referencedColumns, fixed: fixed)
        if candidates.isEmpty { return nullable && row[position[key.columns[0]]!] == nil ? .null : .none(.parent(key.name)) }
        return .row(random.pick(candidates))
    }

    /// True when a unique key of the table lies within the foreign key's columns.
    func isOneToOne(_ key: ForeignKey) -> Bool {
        plan.uniqueKeys.contains { unique in unique.columns.allSatisfy(key.columns.contains) }
    }

    private mutating func shuffle(_ items: inout [Int]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, random.int(0...i)) }
    }

    // MARK: Keys set after insert (cycles through nullable keys)

    /// For each row, the values of the deferred keys' columns (nil: leave the row's keys NULL).
    mutating func fillDeferred(_ parents: inout [String: ParentRows]) -> [[String: String]?] {
        var result: [[String: String]?] = []
        result.reserveCapacity(rows.count)
        for index in rows.indices {
            var row = rows[index]
            var set: [String: String] = [:]
            for key in plan.deferred where random.chance(0.8) {
                guard var parent = parents[key.referencedTable] else { continue }
                let choice: Int?
                if key.referencedTable == plan.table.name {
                    // A tree: each row points at an earlier one, so the data has no reference loop.
                    choice = index == 0 ? nil : random.int(0...(index - 1))
                } else {
                    let candidates = parent.candidates(key.referencedColumns, fixed: [])
                    choice = candidates.isEmpty ? nil : random.pick(candidates)
                }
                parents[key.referencedTable] = parent
                guard let choice else { continue }
                let values = key.referencedColumns.map { parent.value(choice, $0) }
                if values.contains(where: { $0 == nil }) { continue }
                var candidate = row
                for (column, value) in zip(key.columns, values) { candidate[position[column]!] = value }
                guard violation(candidate, changed: Set(key.columns)) == nil else { continue }
                row = candidate
                for (column, value) in zip(key.columns, values) { set[column] = value! }
            }
            for (u, key) in plan.uniqueKeys.enumerated() where key.columns.contains(where: { set[$0] != nil }) {
                if let tuple = tuple(key.columns, row) { seen[u].insert(tuple) }
            }
            rows[index] = row
            result.append(set.isEmpty ? nil : set)
        }
        return result
    }
}

/// A ``TableFiller/Failure`` as an `Error`, for `Result`.
struct FailureBox: Error {
    let failure: TableFiller.Failure
    init(_ failure: TableFiller.Failure) { self.failure = failure }
}

extension CheckCondition.Value {
    /// How a column's text reads in a CHECK: as a number, a boolean, or text.
    enum Kind {
        case number, bool, text
        init(_ type: SQLType) {
            switch type {
            case .smallint, .integer, .bigint, .real, .doublePrecision, .numeric: self = .number
            case .boolean: self = .bool
            default: self = .text
            }
        }
        func value(_ text: String) -> CheckCondition.Value {
            switch self {
            case .number: Double(text).map { .number($0) } ?? .text(text)
            case .bool: .bool(text == "true")
            case .text: .text(text)
            }
        }
    }
}
