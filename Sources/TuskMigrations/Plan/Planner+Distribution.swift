import TuskSchema

extension PlanBuilder {
    /// Citus `distribution:` changes, after tables, keys and indexes exist (Citus copies them
    /// to the shards) and before the foreign keys that involve distributed or reference tables,
    /// which `TableOrder` holds back for that reason. Reference tables go first, then
    /// distributed tables with each `colocate_with` target before the tables colocated with it.
    /// Nothing is emitted for a schema without `distribution:`.
    mutating func distributeTables() {
        var changes = match.createdTables.compactMap { t in t.distribution.map { DistributionChange(table: t.name, old: nil, new: $0) } }
        for pair in match.tablePairs where pair.old.distribution != pair.new.distribution {
            changes.append(DistributionChange(table: pair.new.name, old: pair.old.distribution, new: pair.new.distribution))
        }
        for change in Self.distributionOrder(changes) {
            let summary = change.new.map { "distribute table \(change.table) (\(Self.describe($0)))" } ?? "undistribute table \(change.table)"
            add(MigrationStep(
                summary: summary,
                up: (change.old.map { _ in [DDL.undistribute(change.table)] } ?? []) + (change.new.map { [DDL.distribute(change.table, $0)] } ?? []),
                down: (change.new.map { _ in [DDL.undistribute(change.table)] } ?? []) + (change.old.map { [DDL.distribute(change.table, $0)] } ?? [])))
        }
    }

    struct DistributionChange {
        var table: String
        var old: Distribution?
        var new: Distribution?
    }

    /// Undistributions, then reference tables, then distributed tables (colocation targets
    /// first); by name within each group, so the order is deterministic.
    static func distributionOrder(_ changes: [DistributionChange]) -> [DistributionChange] {
        let sorted = changes.sorted { $0.table < $1.table }
        var result = sorted.filter { $0.new == nil } + sorted.filter { $0.new?.isReference == true }
        var remaining = sorted.filter { $0.new?.column != nil }
        while !remaining.isEmpty {
            let index = remaining.firstIndex { change in
                guard case .distributed(_, let target?)? = change.new else { return true }
                return !remaining.contains { $0.table == target }
            } ?? 0
            result.append(remaining.remove(at: index))
        }
        return result
    }

    static func describe(_ distribution: Distribution) -> String {
        switch distribution {
        case .reference: "reference"
        case .distributed(let column, let colocateWith): "by \(column)" + (colocateWith.map { ", colocated with \($0)" } ?? "")
        }
    }
}
