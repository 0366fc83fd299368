import Foundation
import TuskSchema

/// Reads partitioned tables back into `partition_by:`: the key (one plain column), the declared
/// partitions' bounds, and an interval when the partitions are the ones `db.createPartitions`
/// names (`<table>_p2026_12` beside `<table>_default`): those are the runtime's, not declared.
/// What the schema language cannot say (an expression or several key columns, MINVALUE bounds)
/// is reported and the table written plain, as before.
struct PartitionIntrospection {
    private var parents: [(name: String, oid: String, key: String)] = []
    private var children: [String: [(name: String, bound: String)]] = [:]

    mutating func addParent(_ name: String, oid: String, key: String) { parents.append((name, oid, key)) }
    mutating func add(_ name: String, of parent: String, bound: String) { children[parent, default: []].append((name, bound)) }

    func partitionings(report: inout IntrospectionReport) -> [(String, Partitioning)] {
        var result: [(String, Partitioning)] = []
        let parentNames = Set(parents.map(\.name))
        for (parent, partitions) in children where !parentNames.contains(parent) {
            for partition in partitions { report.add("partition", "\(partition.name) of \(parent)", "a partition of a partition; sub-partitions are left out") }
        }
        for parent in parents {
            let partitions = (children[parent.name] ?? []).sorted { $0.name < $1.name }
            guard let (method, column) = Self.key(parent.key) else {
                report.add("table", parent.name, "partitioned by \(parent.key) in the database; partition_by takes one plain column, so it is written as a plain table (tusk sql builds it unpartitioned)")
                for partition in partitions { report.add("partition", "\(partition.name) of \(parent.name)", "its parent is written unpartitioned; left out") }
                continue
            }
            var partitioning = Partitioning(method: method, column: column)
            var declared: [Partition] = []
            for partition in partitions {
                guard let bound = Self.bound(partition.bound) else {
                    report.add("partition", "\(partition.name) of \(parent.name)", "its bound (\(partition.bound)) has no form in partition_by; left out")
                    continue
                }
                declared.append(Partition(name: partition.name, bound: bound))
            }
            if method == .range, let interval = Self.interval(of: declared, table: parent.name) {
                partitioning.interval = interval
                partitioning.partitions = declared.filter { $0.bound == .default }
            } else if method == .hash {
                let modulus = declared.first.flatMap { if case .hash(let m, _) = $0.bound { m } else { nil } } ?? 0
                partitioning.partitions = (0..<modulus).map {
                    Partition(name: Partitioning.hashPartitionName(of: parent.name, remainder: $0), bound: .hash(modulus: modulus, remainder: $0))
                }
                if Set(partitioning.partitions) != Set(declared) {
                    report.add("table", parent.name, "its hash partitions (\(declared.map(\.name).joined(separator: ", "))) are named otherwise than <table>_p0 ...; written as 'modulus: \(modulus)', which names them \(partitioning.partitions.map(\.name).joined(separator: ", "))")
                }
            } else {
                partitioning.partitions = declared
            }
            result.append((parent.oid, partitioning))
        }
        return result
    }

    /// `RANGE (created_at)` -> (.range, "created_at"); nil for expressions or several columns.
    static func key(_ definition: String) -> (Partitioning.Method, String)? {
        guard let open = definition.firstIndex(of: "("), definition.hasSuffix(")") else { return nil }
        guard let method = Partitioning.Method(rawValue: definition[..<open].trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
        var column = String(definition[definition.index(after: open)..<definition.index(before: definition.endIndex)])
        if column.hasPrefix("\""), column.hasSuffix("\""), column.count > 2 {
            column = String(column.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        guard !column.isEmpty, column.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }) || definition.contains("\"") else { return nil }
        return (method, column)
    }

    /// `FOR VALUES FROM ('a') TO ('b')`, `FOR VALUES IN ('x', 'y')`, `FOR VALUES WITH (modulus 3, remainder 0)`, `DEFAULT`.
    static func bound(_ text: String) -> PartitionBound? {
        if text == "DEFAULT" { return .default }
        if text.hasPrefix("FOR VALUES WITH ("), let numbers = Optional(text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }), numbers.count == 2 {
            return .hash(modulus: numbers[0], remainder: numbers[1])
        }
        if text.hasPrefix("FOR VALUES IN ("), text.hasSuffix(")") {
            let values = literals(String(text.dropFirst("FOR VALUES IN (".count).dropLast()))
            return values.map { .list($0) }
        }
        if text.hasPrefix("FOR VALUES FROM ("), let to = text.range(of: ") TO ("), text.hasSuffix(")") {
            let from = literals(String(text[text.index(text.startIndex, offsetBy: "FOR VALUES FROM (".count)..<to.lowerBound]))
            let high = literals(String(text[to.upperBound...].dropLast()))
            guard let from, let high, from.count == 1, high.count == 1 else { return nil }
            return .range(from: from[0], to: high[0])
        }
        return nil
    }

    /// `'a', 'it''s', 10` -> ["a", "it's", "10"]; nil for MINVALUE, MAXVALUE or anything else.
    static func literals(_ list: String) -> [String]? {
        var values: [String] = []
        var rest = Substring(list)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " }
            if rest.first == "'" {
                var value = ""
                var index = rest.index(after: rest.startIndex)
                while index < rest.endIndex {
                    if rest[index] == "'" {
                        let next = rest.index(after: index)
                        if next < rest.endIndex, rest[next] == "'" { value.append("'"); index = rest.index(after: next); continue }
                        break
                    }
                    value.append(rest[index])
                    index = rest.index(after: index)
                }
                guard index < rest.endIndex else { return nil }
                values.append(value)
                rest = rest[rest.index(after: index)...]
            } else {
                let token = rest.prefix { $0 != "," }
                let trimmed = token.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
                values.append(trimmed)
                rest = rest.dropFirst(token.count)
            }
            rest = rest.drop { $0 == " " }
            if rest.first == "," { rest = rest.dropFirst() } else if !rest.isEmpty { return nil }
        }
        return values
    }

    /// The interval `db.createPartitions` names the table's partitions by, when every partition
    /// but `<table>_default` is one of its (and there is such a default).
    static func interval(of partitions: [Partition], table: String) -> PartitionInterval? {
        guard partitions.contains(where: { $0.name == Partitioning.defaultPartitionName(of: table) && $0.bound == .default }) else { return nil }
        let made = partitions.filter { $0.bound != .default }.map(\.name)
        let table = QualifiedName.local(table)  // partitions are named inside their parent's schema
        let shapes: [(PartitionInterval, String)] = [(.month, #"^\d{4}_\d{2}$"#), (.year, #"^\d{4}$"#), (.day, #"^\d{4}_\d{2}_\d{2}$"#)]
        for (interval, pattern) in shapes {
            if made.allSatisfy({ name in
                name.hasPrefix(table + "_p") && name.dropFirst(table.count + 2).range(of: pattern, options: .regularExpression) != nil
            }) {
                return interval
            }
        }
        return nil
    }
}
