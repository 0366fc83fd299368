/// What Citus refuses about `distribution:` declarations, checked before any SQL is written
/// so the error names schema.yaml:LINE:COL instead of a failed migration on the coordinator.
///
/// Colocation follows Citus' default: a distributed table without `colocate_with` joins the
/// group of its distribution column's type, so two distributed tables are colocated when
/// their distribution columns have the same type (`colocate_with` must agree with it).
struct DistributionRules {
    let sink: DiagnosticSink
    let tables: [TableDraft]

    private func byName(_ name: String) -> TableDraft? { tables.first { $0.name == name } }

    func check() {
        for table in tables {
            guard let distribution = table.distribution else {
                checkForeignKeys(of: table)
                continue
            }
            if let column = distribution.column {
                checkColocation(table, distribution)
                checkKeys(table, column: column)
                if let tenant = table.tenant, tenant.name != column.name {
                    sink.error(column.mark, "table '\(table.name)' has 'tenant: \(tenant.name)' but is distributed by '\(column.name)'; distribute a tenant table by its tenant column so each tenant's rows live on one node")
                }
            }
            checkForeignKeys(of: table)
        }
    }

    /// `colocate_with` names another distributed table whose distribution column has the same type.
    private func checkColocation(_ table: TableDraft, _ distribution: DistributionDraft) {
        guard let target = distribution.colocateWith else { return }
        let what = "'colocate_with' of table '\(table.name)'"
        guard target.name != table.name else {
            sink.error(target.mark, "\(what) names the table itself; name another distributed table")
            return
        }
        guard let other = byName(target.name) else {
            sink.error(target.mark, "\(what) names table '\(target.name)', which does not exist\(didYouMean(target.name, tables.map(\.name)))")
            return
        }
        guard let otherColumn = other.distribution?.column else {
            let kind = other.distribution == nil ? "a plain table" : "a reference table"
            sink.error(target.mark, "\(what) names '\(other.name)', which is \(kind); Citus colocates only with a distributed table (give '\(other.name)' 'distribution: { column: ... }')")
            return
        }
        if leadsBack(from: other, to: table.name) {
            sink.error(target.mark, "\(what) names '\(other.name)', whose 'colocate_with' leads back to '\(table.name)'; Citus needs the target distributed first, so one table of the loop must leave out 'colocate_with'")
            return
        }
        if let mine = type(table, distribution.column), let theirs = type(other, otherColumn), mine != theirs {
            sink.error(target.mark, "\(what): its distribution column '\(distribution.column!.name)' is \(mine) but '\(other.name).\(otherColumn.name)' is \(theirs); Citus colocates only tables whose distribution columns have the same type")
        }
    }

    /// Whether following `colocate_with` from `start` reaches `name` (a loop no order can satisfy).
    private func leadsBack(from start: TableDraft, to name: String) -> Bool {
        var seen: Set<String> = []
        var current: TableDraft? = start
        while let table = current, let next = table.distribution?.colocateWith?.name, seen.insert(table.name).inserted {
            if next == name { return true }
            current = byName(next)
        }
        return false
    }

    /// A primary key, unique constraint or unique index must include the distribution column:
    /// each shard can only check uniqueness among its own rows.
    private func checkKeys(_ table: TableDraft, column: Named) {
        let reason = "Citus enforces uniqueness per shard, so every primary key and unique constraint of a distributed table must include its distribution column '\(column.name)'"
        if let pk = table.primaryKey, !pk.columns.contains(where: { $0.name == column.name }) {
            sink.error(pk.mark, "primary key (\(names(pk.columns))) of table '\(table.name)' lacks the distribution column; \(reason)")
        }
        for unique in table.uniques where !unique.columns.contains(where: { $0.name == column.name }) {
            sink.error(unique.mark, "unique constraint (\(names(unique.columns))) of table '\(table.name)' lacks the distribution column; \(reason)")
        }
        for index in table.indexes where index.isUnique && !index.columns.contains(where: { $0.name == column.name }) {
            sink.error(index.mark, "unique index (\(names(index.columns))) of table '\(table.name)' lacks the distribution column; \(reason)")
        }
    }

    /// The foreign keys Citus accepts: distributed -> reference, reference -> reference,
    /// plain -> reference, and distributed -> distributed when colocated and joined on the
    /// distribution column.
    private func checkForeignKeys(of table: TableDraft) {
        for fk in table.foreignKeys {
            guard let target = byName(fk.table.name) else { continue }  // reported by the resolver
            let mark = fk.table.mark
            switch (table.distribution, target.distribution) {
            case (nil, nil):
                continue
            case (nil, .some(let t)):
                if t.isReference { continue }
                sink.error(mark, "\(fk.what): plain table '\(table.name)' references distributed table '\(target.name)', which Citus refuses; distribute '\(table.name)' too, by the column that references the distribution column")
            case (.some(let d), nil):
                let kind = d.column == nil ? "reference" : "distributed"
                sink.error(mark, "\(fk.what): \(kind) table '\(table.name)' references plain table '\(target.name)', which Citus refuses; declare 'distribution: reference' on '\(target.name)'")
            case (.some(let d), .some(let t)) where d.column == nil && t.column != nil:
                sink.error(mark, "\(fk.what): reference table '\(table.name)' references distributed table '\(target.name)', which Citus refuses (a reference table is copied to every node, the referenced rows are not); make '\(table.name)' distributed or drop the key")
            case (.some(let d), .some(let t)):
                guard let column = d.column, let targetColumn = t.column else { continue }
                checkDistributedKey(fk, table: table, column: column, target: target, targetColumn: targetColumn)
            }
        }
    }

    private func checkDistributedKey(_ fk: ForeignKeyDraft, table: TableDraft, column: Named, target: TableDraft, targetColumn: Named) {
        let mark = fk.table.mark
        if let mine = type(table, column), let theirs = type(target, targetColumn), mine != theirs {
            sink.error(mark, "\(fk.what): distributed tables '\(table.name)' (by \(column.name), \(mine)) and '\(target.name)' (by \(targetColumn.name), \(theirs)) are not colocated, and Citus only allows foreign keys between colocated tables; distribute both by columns of the same type")
            return
        }
        let pairs = zip(fk.columns.map(\.name), fk.referencedColumns.map(\.name))
        if !pairs.contains(where: { $0 == column.name && $1 == targetColumn.name }) {
            sink.error(mark, "\(fk.what): a foreign key between distributed tables must include the distribution columns, '\(table.name).\(column.name)' referencing '\(target.name).\(targetColumn.name)', so each row and its parent share a shard; use a composite key (foreign_keys: [{ columns: [\(column.name), ...], references: { table: \(target.name), columns: [\(targetColumn.name), ...] } }])")
        }
    }

    private func type(_ table: TableDraft, _ column: Named?) -> String? {
        guard let column, let draft = table.column(column.name), draft.typeKnown else { return nil }
        return draft.column.type.sql
    }

    private func names(_ columns: [Named]) -> String { columns.map(\.name).joined(separator: ", ") }
}
