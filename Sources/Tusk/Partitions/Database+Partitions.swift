import Foundation

/// Tables with `partition_by: { ..., interval: }` and `retention:` in schema.yaml. Call both
/// from a scheduled job (daily is plenty): `try await db.createPartitions(of: RunLog.self)`,
/// `try await db.applyRetention(to: RunLog.self)`. `now` moves time for tests and backfills.
extension Database {
    /// Makes the interval partitions from the one holding `now` to `premake` intervals ahead
    /// (those that exist are left alone) and returns the names it made. Rows already in the
    /// default partition for a new interval move into it (in one transaction, which detaches and
    /// reattaches the default partition, so it briefly locks the table).
    @discardableResult
    public func createPartitions<Table: TuskTable>(of table: Table.Type, now: Date = Date()) async throws -> [String] {
        guard let schedule = Table.partitionSchedule else {
            throw QueryError(.invalidValue, "createPartitions: \(Table.tableName) has no 'partition_by: { interval: }' in schema.yaml")
        }
        var made: [String] = []
        let first = schedule.start(of: now)
        for offset in 0..<schedule.premake {
            let start = schedule.advance(first, by: offset), end = schedule.advance(start, by: 1)
            let name = schedule.partitionName(starting: start)
            if try await makePartition(name, schedule, from: start, to: end) { made.append(name) }
        }
        return made
    }

    /// Makes one partition unless it exists; true when it made it.
    private func makePartition(_ name: String, _ schedule: PartitionSchedule, from start: Date, to end: Date) async throws -> Bool {
        let table = SQLFragment.relation(schedule.table), partition = SQLFragment.relation(name)
        let fallback = SQLFragment.relation(schedule.defaultPartition), column = SQLFragment.quoted(schedule.column)
        let low = PartitionSchedule.literal(start), high = PartitionSchedule.literal(end)
        let bounds = "FOR VALUES FROM ('\(low)') TO ('\(high)')"
        return try await transaction { tx in
            // One maker at a time per table (two workers calling at once must not both create).
            try await tx.execute(SQLScript(unsafeRaw: "LOCK TABLE \(table) IN SHARE UPDATE EXCLUSIVE MODE"))
            let exists = try await tx.queryFirst(SQL(text: "SELECT to_regclass($1) IS NOT NULL", bindings: [PostgresBinding(partition)]), as: Bool.self)
            if exists == true { return false }
            let inRange = "\(column) >= '\(low)' AND \(column) < '\(high)'"
            let stranded = try await tx.queryFirst(SQL(text: "SELECT EXISTS (SELECT 1 FROM \(fallback) WHERE \(inRange))", bindings: []), as: Bool.self)
            guard stranded == true else {
                try await tx.execute(SQLScript(unsafeRaw: "CREATE TABLE \(partition) PARTITION OF \(table) \(bounds)"))
                return true
            }
            // Rows the default partition holds for this interval would make the new bound
            // overlap it: detach it, make the partition, move the rows through the parent.
            let columns = try await tx.queryFirst(SQL(text: """
                SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
                WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                """, bindings: [PostgresBinding(table)]), as: String?.self) ?? nil
            guard let columns else { throw QueryError(.invalidValue, "createPartitions: \(schedule.table) has no columns") }
            try await tx.execute(SQLScript(unsafeRaw: """
                ALTER TABLE \(table) DETACH PARTITION \(fallback);
                CREATE TABLE \(partition) PARTITION OF \(table) \(bounds);
                INSERT INTO \(table) (\(columns)) OVERRIDING SYSTEM VALUE SELECT \(columns) FROM \(fallback) WHERE \(inRange);
                DELETE FROM \(fallback) WHERE \(inRange);
                ALTER TABLE \(table) ATTACH PARTITION \(fallback) DEFAULT;
                """))
            return true
        }
    }

    /// Removes the rows older than the table's `retention:` (`keep`, counted back from `now` by
    /// its column): an interval-partitioned table drops every partition whose whole range is
    /// past it, and deletes such rows from its default partition; any other table deletes them
    /// `batch_size` rows per statement, each its own short transaction, so no lock is held long.
    @discardableResult
    public func applyRetention<Table: TuskTable>(to table: Table.Type, now: Date = Date()) async throws -> RetentionResult {
        guard let retention = Table.retention else {
            throw QueryError(.invalidValue, "applyRetention: \(Table.tableName) has no 'retention:' in schema.yaml")
        }
        var result = RetentionResult(droppedPartitions: [], deletedRows: 0)
        let cutoff = SQLFragment.quoted(retention.column) + " < $1::timestamptz - $2::interval"
        let parameters = [PostgresBinding(now), PostgresBinding(retention.keep)]
        var target = SQLFragment.relation(retention.table)
        if let schedule = Table.partitionSchedule, schedule.column == retention.column {
            let expired = try await query(SQL(text: """
                SELECT CASE WHEN c.relnamespace = 'public'::regnamespace THEN '' ELSE c.relnamespace::regnamespace::text || '.' END || c.relname
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = to_regclass($3) AND c.relname ~ ('^' || $4 || '_p[0-9]{4}')
                  AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
                  AND (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz <= $1::timestamptz - $2::interval
                ORDER BY 1
                """, bindings: parameters + [PostgresBinding(SQLFragment.relation(retention.table)), PostgresBinding(retention.table.split(separator: ".").last.map(String.init) ?? retention.table)]), as: String.self)
            for name in expired {
                try await execute(SQLScript(unsafeRaw: "DROP TABLE IF EXISTS \(SQLFragment.relation(name))"))
                result.droppedPartitions.append(name)
            }
            target = SQLFragment.relation(schedule.defaultPartition)
        }
        // (tableoid, ctid) names a row across a partitioned table's partitions.
        let batch = SQL(text: """
            DELETE FROM \(target) WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM \(target) WHERE \(cutoff) LIMIT \(retention.batchSize))
            """, bindings: parameters)
        while true {
            let deleted = try await query(batch).affectedRows
            result.deletedRows += deleted
            if deleted < retention.batchSize { break }
        }
        return result
    }
}
