import TuskSchema

/// `partitionSchedule` and `retention` of a table with `partition_by: { interval: }` or `retention:`.
struct PartitioningMembers {
    let table: Table

    func declarations(_ constant: ([String], String, String, SwiftExpression) -> SwiftDeclaration) -> [SwiftDeclaration] {
        var members: [SwiftDeclaration] = []
        if let partitioning = table.partitioning, let interval = partitioning.interval {
            members.append(constant(
                ["`partition_by: { interval: \(interval.rawValue) }`: the partitions `db.createPartitions(of:)` makes."],
                "partitionSchedule", "Tusk.PartitionSchedule?",
                .call("Tusk.PartitionSchedule", [
                    SwiftArgument("table", .string(table.name)), SwiftArgument("column", .string(partitioning.column)),
                    SwiftArgument("interval", .raw(".\(interval.rawValue)")), SwiftArgument("premake", .raw("\(partitioning.premake)")),
                    SwiftArgument("defaultPartition", .string(QualifiedName(table.name).sibling(Partitioning.defaultPartitionName(of: table.name)).description)),
                ])))
        }
        if let retention = table.retention {
            members.append(constant(
                ["`retention:`: what `db.applyRetention(to:)` removes (rows older than \(retention.keep) by \(retention.column))."],
                "retention", "Tusk.RetentionPolicy?",
                .call("Tusk.RetentionPolicy", [
                    SwiftArgument("table", .string(table.name)), SwiftArgument("column", .string(retention.column)),
                    SwiftArgument("keep", .string(retention.keep)), SwiftArgument("batchSize", .raw("\(retention.batchSize)")),
                ])))
        }
        return members
    }
}
