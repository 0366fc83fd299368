import TuskSchema

extension DDL {
    /// ` PARTITION BY RANGE ("created_at")` after a partitioned table's column list.
    static func partitionClause(_ table: Table) -> String {
        guard let partitioning = table.partitioning else { return "" }
        return " PARTITION BY \(partitioning.method.sql) (\(S.ident(partitioning.column)))"
    }

    /// `CREATE TABLE "p" PARTITION OF "t" FOR VALUES ...;`
    static func createPartition(_ partition: Partition, of table: String) -> String {
        "CREATE TABLE \(S.name(partition.name, besideTable: table)) PARTITION OF \(S.name(table)) \(partitionBound(partition.bound));"
    }

    static func partitionBound(_ bound: PartitionBound) -> String {
        switch bound {
        case .range(let from, let to): "FOR VALUES FROM (\(S.literal(from))) TO (\(S.literal(to)))"
        case .list(let values): "FOR VALUES IN (\(values.map(S.literal).joined(separator: ", ")))"
        case .hash(let modulus, let remainder): "FOR VALUES WITH (MODULUS \(modulus), REMAINDER \(remainder))"
        case .default: "DEFAULT"
        }
    }

    /// The table's declared partitions (rows of an interval table's own partitions are the runtime's).
    static func createPartitions(of table: Table) -> [String] {
        (table.partitioning?.partitions ?? []).map { createPartition($0, of: table.name) }
    }
}
