import TuskSchema

/// The order in which new tables are created, and which of their foreign keys go inline in
/// `CREATE TABLE` versus being added afterwards with `ALTER TABLE` (cycles, keys whose
/// target does not exist yet, and keys from or to a Citus distributed or reference table,
/// which Citus accepts only once both tables are distributed).
struct TableOrder {
    struct Entry {
        var table: Table
        var inlineForeignKeys: [ForeignKey]
    }
    var entries: [Entry] = []
    /// Foreign keys added once every table exists: (table name, key).
    var deferred: [(table: String, key: ForeignKey)] = []

    /// - Parameters:
    ///   - tables: the tables to create.
    ///   - existing: tables that already exist, with the keys they have before the plan's constraint steps.
    init(creating tables: [Table], existing: [String: Table]) {
        var remaining = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        var created: [String: Table] = [:]
        while !remaining.isEmpty {
            // Deterministic: the first table by name whose targets all exist; on a cycle, the first by name.
            let ready = remaining.keys.sorted().first { name in
                remaining[name]!.foreignKeys.allSatisfy { $0.referencedTable == name || remaining[$0.referencedTable] == nil }
            } ?? remaining.keys.sorted()[0]
            let table = remaining.removeValue(forKey: ready)!
            var inline: [ForeignKey] = []
            for fk in table.foreignKeys {
                let target = fk.referencedTable == table.name ? table : (created[fk.referencedTable] ?? existing[fk.referencedTable])
                let citus = table.distribution != nil || target?.distribution != nil
                if let target, !citus, Self.isKeyed(target, fk.referencedColumns) {
                    inline.append(fk)
                } else {
                    deferred.append((table.name, fk))
                }
            }
            created[table.name] = table
            entries.append(Entry(table: table, inlineForeignKeys: inline))
        }
    }

    /// Whether the columns are the primary key or a unique constraint (as a set, as PostgreSQL requires).
    static func isKeyed(_ table: Table, _ columns: [String]) -> Bool {
        let wanted = Set(columns)
        if let pk = table.primaryKey, Set(pk.columns) == wanted { return true }
        return table.uniqueConstraints.contains { Set($0.columns) == wanted }
    }
}
