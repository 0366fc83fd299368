// Uncorrelated subqueries in conditions: `$0.userId.in(User.where { ... }.select { $0.id })`,
// `exists(Document.where { ... })`. Bindings of the subquery number on from the outer ones.

extension SQLExpression {
    /// `IN (SELECT ...)`: the value is among the one-column subquery's values.
    public func `in`<Other>(_ subquery: Projection<Other, Value>) -> Predicate {
        subqueryComparison(" IN (", subquery)
    }

    /// `IN (SELECT ...)` of a non-optional column (a nullable column compared with a key).
    public func `in`<Other, Wrapped>(_ subquery: Projection<Other, Wrapped>) -> Predicate where Value == Wrapped? {
        subqueryComparison(" IN (", subquery)
    }

    /// `IN (SELECT ...)` of a nullable column (a key compared with a nullable reference).
    public func `in`<Other, Wrapped>(_ subquery: Projection<Other, Wrapped?>) -> Predicate where Value == Wrapped {
        subqueryComparison(" IN (", subquery)
    }

    /// `NOT IN (SELECT ...)`. Like SQL, when the subquery returns a NULL nothing matches:
    /// filter NULLs out of a nullable column's subquery.
    public func notIn<Other>(_ subquery: Projection<Other, Value>) -> Predicate {
        subqueryComparison(" NOT IN (", subquery)
    }

    public func notIn<Other, Wrapped>(_ subquery: Projection<Other, Wrapped>) -> Predicate where Value == Wrapped? {
        subqueryComparison(" NOT IN (", subquery)
    }

    public func notIn<Other, Wrapped>(_ subquery: Projection<Other, Wrapped?>) -> Predicate where Value == Wrapped {
        subqueryComparison(" NOT IN (", subquery)
    }

    func subqueryComparison<Other, each Selected>(_ opening: String, _ query: Projection<Other, repeat each Selected>) -> Predicate {
        Predicate.deferringErrors {
            sqlFragment + SQLFragment(opening) + (try query.base.subqueryFragment(selecting: query.selection)) + SQLFragment(")")
        }
    }
}

/// `EXISTS (SELECT 1 FROM ...)`: the query has a row.
public func exists<Table>(_ query: SelectQuery<Table>) -> Predicate {
    existsPredicate(query, keyword: "EXISTS (")
}

/// `NOT EXISTS (SELECT 1 FROM ...)`: the query has no row.
public func notExists<Table>(_ query: SelectQuery<Table>) -> Predicate {
    existsPredicate(query, keyword: "NOT EXISTS (")
}

func existsPredicate<Table>(_ query: SelectQuery<Table>, keyword: String) -> Predicate {
    var query = query
    // The order only matters to which rows a limit, an offset or `after(row)` keeps.
    if query.clauses.limit == nil && query.clauses.offset == nil && query.keyset == nil { query.clauses.orders = [] }
    return Predicate.deferringErrors {
        SQLFragment(keyword) + (try query.subqueryFragment(selecting: SQLFragment("1"))) + SQLFragment(")")
    }
}

extension Predicate {
    /// The condition `build` renders, or one that makes the statement throw `build`'s error.
    static func deferringErrors(_ build: () throws -> SQLFragment) -> Predicate {
        do {
            return Predicate(try build())
        } catch let error as QueryError {
            return Predicate(invalid: error)
        } catch {
            return Predicate(invalid: QueryError(.invalidValue, "subquery: \(error)"))
        }
    }
}

extension SelectQuery {
    /// The statement as a subquery: no lock, and its own columns written as they are now, so an
    /// enclosing join or relation filter that qualifies its columns leaves the subquery's alone
    /// (an unqualified name in a subquery means the subquery's table).
    func subqueryFragment(selecting selection: SQLFragment) throws -> SQLFragment {
        var query = self
        query.lock = nil
        return try query.fragment(selecting: selection).fixingColumns(of: Table.tableName)
    }
}

extension SQLFragment {
    /// The columns of `table` turned into text as a one-table statement writes them.
    func fixingColumns(of table: String) -> SQLFragment {
        SQLFragment(parts: parts.map { part in
            guard case .column(let owner, let name, let qualified) = part, owner == table else { return part }
            return .text(SQLFragment.columnText(name, of: owner, qualified: qualified))
        })
    }
}
