/// Conditions over a relation's rows, as correlated `EXISTS` subqueries:
/// `User.where { $0.documents.some { $0.title.ilike("%pg%") } }`.
///
/// The related table is aliased `<table>_<depth>` inside the subquery and every column of it is
/// written qualified, so filters nest (`$0.documents.some { $0.chunks.none }`), also over the
/// same table (a self-referencing relation), without one level shadowing another. Soft-deleted
/// related rows never count, nor, through a tenant's runner, another tenant's.
public struct RelationFilter<R: Relation>: Sendable {
    public init() {}

    /// At least one related row exists. (Predicates without an argument are properties, as
    /// `isNull` and `not` are; with a condition they are calls: `some { ... }`.)
    public var some: Predicate { Predicate(existsSubquery(matching: nil)) }

    /// At least one related row matches.
    public func some(_ build: (R.Target.Columns) -> Predicate) -> Predicate {
        Predicate(existsSubquery(matching: build(R.Target.columns)))
    }

    /// No related row exists.
    public var none: Predicate { Predicate(SQLFragment("NOT ") + existsSubquery(matching: nil)) }

    /// No related row matches.
    public func none(_ build: (R.Target.Columns) -> Predicate) -> Predicate {
        Predicate(SQLFragment("NOT ") + existsSubquery(matching: build(R.Target.columns)))
    }

    /// Every related row matches (true when there are none). A row where the condition is NULL
    /// does not match.
    public func every(_ build: (R.Target.Columns) -> Predicate) -> Predicate {
        let failing = Predicate(SQLFragment("(") + build(R.Target.columns).sqlFragment + SQLFragment(") IS NOT TRUE"))
        return Predicate(SQLFragment("NOT ") + existsSubquery(matching: failing))
    }

    /// `EXISTS (SELECT 1 FROM target AS alias WHERE <link to the outer row> AND <condition>)`.
    func existsSubquery(matching condition: Predicate?) -> SQLFragment {
        let depth = (condition?.sqlFragment.aliasDepth ?? 0) + 1
        let target = R.Target.tableName
        let alias = "\(target)_\(depth)"
        // The live-rows filter's and the condition's columns (and the links of filters nested in
        // the condition) belong to this alias.
        var conditions = (R.Target.rowFilters(as: target) + [condition].compactMap { $0 }).map { predicate in
            Predicate(
                predicate.sqlFragment.qualifyingColumns(of: target, as: alias), kind: predicate.kind,
                onlyForTenant: predicate.onlyForTenant)
        }
        // The outer row's column stays a column part: the enclosing scope (or the statement) qualifies it.
        let outer = SQLFragment.column(R.link.sourceColumn, of: R.Source.tableName, qualified: true)
        var sql = SQLFragment(parts: [.aliasDepth(depth), .reads(target)])
        switch R.link {
        case .foreignKeyOnTarget(_, let targetColumn), .foreignKeyOnSource(_, let targetColumn):
            sql.append("EXISTS (SELECT 1 FROM " + SQLFragment.relation(target) + " AS " + SQLFragment.quoted(alias) + " WHERE ")
            conditions.insert(Predicate(SQLFragment(Self.qualified(alias, targetColumn) + " = ") + outer), at: 0)
        case .through(let table, let sourceJoinColumn, let targetJoinColumn, _, let targetColumn):
            let joinAlias = "\(table)_\(depth)"
            sql.append(SQLFragment.reading(table))
            sql.append(
                "EXISTS (SELECT 1 FROM " + SQLFragment.relation(table) + " AS " + SQLFragment.quoted(joinAlias)
                    + " JOIN " + SQLFragment.relation(target) + " AS " + SQLFragment.quoted(alias) + " ON "
                    + Self.qualified(alias, targetColumn) + " = " + Self.qualified(joinAlias, targetJoinColumn) + " WHERE ")
            conditions.insert(Predicate(SQLFragment(Self.qualified(joinAlias, sourceJoinColumn) + " = ") + outer), at: 0)
        }
        sql.append(Predicate.and(conditions).sqlFragment)
        sql.append(")")
        return sql
    }

    static func qualified(_ alias: String, _ column: String) -> String {
        SQLFragment.columnText(column, of: alias, qualified: true)
    }
}
