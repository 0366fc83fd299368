/// One entry of a table's `relations:`: finds the join table and its two single-column foreign
/// keys, `source` (referencing this table) and `target` (referencing the other). Either may be
/// left out when the join table says it alone: exactly one foreign key to this table and one
/// other; a self-referencing join table (two keys to this table) needs both.
struct ManyToManyResolver {
    let deriver: RelationDeriver
    let source: Table
    let declaration: ManyToManyDraft

    private var what: String { "relation '\(declaration.name.name)' of table '\(source.name)'" }
    private func report(_ mark: YAMLMark, _ message: String) { deriver.report(mark, message) }

    func candidate() -> RelationDeriver.Candidate? {
        guard let join = deriver.table(declaration.through.name) else {
            let names = deriver.tables.map(\.name)
            report(declaration.through.mark, "'through' of \(what) names table '\(declaration.through.name)', which does not exist\(didYouMean(declaration.through.name, names)) (tables: \(names.joined(separator: ", ")))")
            return nil
        }
        let keys = join.foreignKeys.filter { $0.columns.count == 1 }
        guard let sourceKey = sourceKey(in: join, keys: keys), let targetKey = targetKey(in: join, keys: keys, sourceKey: sourceKey),
              let target = deriver.table(targetKey.referencedTable), let sourceColumn = source.column(named: sourceKey.referencedColumns[0])
        else { return nil }
        return RelationDeriver.Candidate(
            relation: TableRelation(
                name: declaration.name.name, kind: .manyToMany, sourceTable: source.name, sourceColumn: sourceColumn.name,
                targetTable: target.name, targetColumn: targetKey.referencedColumns[0],
                through: TableRelation.JoinTable(table: join.name, sourceColumn: sourceKey.columns[0], targetColumn: targetKey.columns[0]),
                foreignKey: sourceKey.name, isNullable: sourceColumn.isNullable, cardinality: .toMany),
            isWritten: true, mark: declaration.name.mark, disambiguator: "",
            origin: "'relations' of table '\(source.name)'", fix: "choose another name for it in 'relations:' of table '\(source.name)'")
    }

    /// The join table's key referencing this table: the one `source:` names, or the only one.
    private func sourceKey(in join: Table, keys: [ForeignKey]) -> ForeignKey? {
        if let written = declaration.source {
            guard let key = key(written, in: join, keys: keys, role: "source") else { return nil }
            guard key.referencedTable == source.name else {
                report(written.mark, "'source' of \(what) names '\(join.name).\(written.name)', which references '\(key.referencedTable)', not '\(source.name)'; 'source' is the join table's column that references '\(source.name)'")
                return nil
            }
            return key
        }
        return only(
            keys.filter { $0.referencedTable == source.name && $0.columns[0] != declaration.target?.name }, in: join,
            none: "no single-column foreign key to '\(source.name)'", many: "foreign keys to '\(source.name)'",
            fix: "say which column references '\(source.name)' with 'source:' and which the other table with 'target:'")
    }

    /// The join table's key referencing the other table: the one `target:` names, or the only other one.
    private func targetKey(in join: Table, keys: [ForeignKey], sourceKey: ForeignKey) -> ForeignKey? {
        if let written = declaration.target {
            guard let key = key(written, in: join, keys: keys, role: "target") else { return nil }
            guard key.columns != sourceKey.columns else {
                report(written.mark, "'target' of \(what) names '\(join.name).\(written.name)', which is also its source; 'target' is the join table's column that references the other table")
                return nil
            }
            return key
        }
        return only(
            keys.filter { $0.columns != sourceKey.columns }, in: join,
            none: "no other single-column foreign key besides '\(sourceKey.columns[0])'", many: "other foreign keys",
            fix: "say which column references the other table with 'target:'")
    }

    /// The one candidate key, or an error saying there are none or several.
    private func only(_ candidates: [ForeignKey], in join: Table, none: String, many: String, fix: String) -> ForeignKey? {
        guard candidates.count == 1 else {
            let reason = candidates.isEmpty ? none : "\(candidates.count) \(many) (\(candidates.map(\.columns[0]).joined(separator: ", ")))"
            report(declaration.name.mark, "\(what): join table '\(join.name)' has \(reason); \(fix)")
            return nil
        }
        return candidates[0]
    }

    /// The single-column foreign key on the column `source:` or `target:` names.
    private func key(_ written: Named, in join: Table, keys: [ForeignKey], role: String) -> ForeignKey? {
        guard join.column(named: written.name) != nil else {
            let names = join.columns.map(\.name)
            report(written.mark, "'\(role)' of \(what) names column '\(join.name).\(written.name)', which does not exist\(didYouMean(written.name, names)) (columns of '\(join.name)': \(names.joined(separator: ", ")))")
            return nil
        }
        guard let key = keys.first(where: { $0.columns[0] == written.name }) else {
            let withKeys = keys.map(\.columns[0])
            report(written.mark, "'\(role)' of \(what) names '\(join.name).\(written.name)', which has no foreign key of its own; name a column with 'references'\(didYouMean(written.name, withKeys))")
            return nil
        }
        return key
    }
}
