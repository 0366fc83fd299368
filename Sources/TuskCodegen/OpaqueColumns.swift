import TuskSchema

extension Schema {
    /// The schema as the generated Swift sees it: columns of an opaque type (`{ sql: tsvector }`)
    /// are left out, with the keys over them, because no Swift type decodes them. The database
    /// keeps them (the DDL and migrations read the full schema); inserts leave them to their
    /// default or a trigger.
    var withoutOpaqueColumns: Schema {
        guard tables.contains(where: { $0.columns.contains { $0.type.isOpaque } }) else { return self }
        var copy = self
        copy.tables = tables.map { table in
            let opaque = Set(table.columns.filter { $0.type.isOpaque }.map(\.name))
            guard !opaque.isEmpty else { return table }
            var table = table
            table.columns.removeAll { opaque.contains($0.name) }
            if let pk = table.primaryKey, !opaque.isDisjoint(with: pk.columns) { table.primaryKey = nil }
            table.uniqueConstraints.removeAll { !opaque.isDisjoint(with: $0.columns) }
            table.indexes.removeAll { !opaque.isDisjoint(with: $0.columns) }
            return table
        }
        return copy
    }
}
