import TuskSchema

extension PlanBuilder {
    /// Per existing table: declared partitions added and dropped. A change of the partitioning
    /// itself (none to some, another method or column) is not something ALTER TABLE can do: the
    /// plan refuses it (TK105, destructive) with a step that says why if forced.
    mutating func changePartitions() {
        for pair in match.tablePairs {
            let table = pair.new.name
            let old = match.translated(pair).partitioning, new = pair.new.partitioning
            if old?.method != new?.method || old?.column != new?.column {
                let describe = { (p: Partitioning?) in p.map { "by \($0.method.rawValue) on \($0.column)" } ?? "not partitioned" }
                let message = "table \(table) is \(describe(old)) and the schema has it \(describe(new))"
                let refusal = "DO $$ BEGIN RAISE EXCEPTION \(SQLText.literal(message + ": PostgreSQL cannot change a table's partitioning in place")); END $$;"
                add(MigrationStep(
                    summary: "repartition table \(table)", up: [refusal], down: [refusal],
                    hazards: [Hazard(.repartition, message)]))
                continue
            }
            guard let old, let new else { continue }
            let oldByName = Dictionary(uniqueKeysWithValues: old.partitions.map { ($0.name, $0) })
            let newByName = Dictionary(uniqueKeysWithValues: new.partitions.map { ($0.name, $0) })
            for partition in old.partitions where newByName[partition.name] != partition {
                add(MigrationStep(
                    summary: "drop partition \(partition.name) of \(table)",
                    up: [DDL.dropTable(partition.name)], down: [DDL.createPartition(partition, of: table)],
                    hazards: [Hazard(.dropTable, "drops partition \(partition.name) of \(table) and its rows")]))
            }
            for partition in new.partitions where oldByName[partition.name] != partition {
                add(MigrationStep(
                    summary: "create partition \(partition.name) of \(table)",
                    up: [DDL.createPartition(partition, of: table)], down: [DDL.dropTable(partition.name)]))
            }
        }
    }
}
