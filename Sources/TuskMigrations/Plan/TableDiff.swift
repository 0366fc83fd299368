import TuskSchema

/// Named objects of one kind compared between the old table (translated into new names)
/// and the new one: kept, renamed (same definition, other name), dropped, added. A changed
/// definition under the same name is both dropped and added.
struct NamedDiff<T> {
    var dropped: [T] = []
    var added: [T] = []
    var renamed: [(old: T, new: T)] = []

    init(old: [T], new: [T], name: (T) -> String, same: (T, T) -> Bool) {
        let newByName = Dictionary(uniqueKeysWithValues: new.map { (name($0), $0) })
        let oldNames = Set(old.map(name))
        var unmatchedOld: [T] = []
        for item in old {
            if let counterpart = newByName[name(item)] {
                if !same(item, counterpart) { dropped.append(item); added.append(counterpart) }
            } else {
                unmatchedOld.append(item)
            }
        }
        var unmatchedNew = new.filter { !oldNames.contains(name($0)) }
        for item in unmatchedOld {
            if let i = unmatchedNew.firstIndex(where: { same(item, $0) }) {
                renamed.append((item, unmatchedNew.remove(at: i)))
            } else {
                dropped.append(item)
            }
        }
        added += unmatchedNew
    }
}

/// Constraint and index differences of one table that exists on both sides.
struct TableDiff {
    var primaryKey: NamedDiff<PrimaryKey>
    var uniques: NamedDiff<UniqueConstraint>
    var checks: NamedDiff<CheckConstraint>
    var foreignKeys: NamedDiff<ForeignKey>
    var indexes: NamedDiff<Index>

    init(_ old: Table, _ new: Table) {
        // Keys, checks and indexes over a column whose generation changes go away with the
        // column (GeneratedColumnChange): they count as changed, so they are dropped and made again.
        let remade = GeneratedColumnChange.changedColumns(from: old, to: new)
        primaryKey = NamedDiff(old: old.primaryKey.map { [$0] } ?? [], new: new.primaryKey.map { [$0] } ?? [], name: \.name) {
            $0.columns == $1.columns && !remade.touches($1.columns)
        }
        uniques = NamedDiff(old: old.uniqueConstraints, new: new.uniqueConstraints, name: \.name) {
            $0.columns == $1.columns && !remade.touches($1.columns)
        }
        checks = NamedDiff(old: old.checks, new: new.checks, name: \.name) {
            SQLRewrite.normalized($0.expression) == SQLRewrite.normalized($1.expression) && !SQLRewrite.mentions($1.expression, anyOf: remade)
        }
        foreignKeys = NamedDiff(old: old.foreignKeys, new: new.foreignKeys, name: \.name) { a, b in
            var b = b
            b.name = a.name
            return a == b && !remade.touches(b.columns)
        }
        indexes = NamedDiff(old: old.indexes, new: new.indexes, name: \.name) { a, b in
            a.columns == b.columns && a.method == b.method && a.opclass == b.opclass && a.isUnique == b.isUnique
                && a.predicate.map(SQLRewrite.normalized) == b.predicate.map(SQLRewrite.normalized)
                && !remade.touches(b.columns) && !(b.predicate.map { SQLRewrite.mentions($0, anyOf: remade) } ?? false)
        }
    }
}
