extension SQLFragment {
    /// The clauses after FROM, each only when it has content:
    /// ` WHERE ... GROUP BY ... HAVING ... ORDER BY ... LIMIT n OFFSET m`.
    /// Throws the error of a condition that cannot be sent (``Predicate/check(_:)``).
    static func clauses(
        where conditions: [Predicate], groupBy groups: [SQLFragment] = [], having: [Predicate] = [],
        orderBy order: [OrderTerm], limit: Int?, offset: Int?
    ) throws -> SQLFragment {
        try Predicate.check(conditions)
        try Predicate.check(having)
        var sql = SQLFragment(parts: [])
        if !conditions.isEmpty { sql.append(Predicate.and(conditions).clause(" WHERE ")) }
        if !groups.isEmpty {
            sql.append(" GROUP BY ")
            sql.append(SQLFragment.joined(groups, separator: ", "))
        }
        if !having.isEmpty {
            sql.append(" HAVING ")
            sql.append(Predicate.and(having).sqlFragment)
        }
        if !order.isEmpty {
            sql.append(" ORDER BY ")
            sql.append(SQLFragment.joined(order.map(\.sqlFragment), separator: ", "))
        }
        if let limit { sql.append(" LIMIT \(limit)") }
        if let offset { sql.append(" OFFSET \(offset)") }
        return sql
    }
}
