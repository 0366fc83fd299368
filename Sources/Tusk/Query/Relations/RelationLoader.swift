/// Loads one included relation for a batch of parent rows: one statement matching every parent's
/// key at once (`= ANY($1)`), then the relation's own includes, then the rows grouped back per parent.
enum RelationLoader<R: Relation> {
    /// Name of the extra column that carries the join table's key in a many-to-many load.
    static var keyColumn: String { "tusk_relation_key" }

    static func load<Nested>(
        for parents: [R.Source.Row], using related: EagerQuery<R.Target, Nested>, on db: any QueryRunner
    ) async throws -> [[Nested]] {
        if related.base.clauses.limit != nil || related.base.clauses.offset != nil {
            throw QueryError(
                .invalidInclude,
                "including(\\.\(R.name)): a limit or offset would apply to the related rows of all parents together; "
                    + "filter with where, or load per parent")
        }
        let parentKeys = parents.map(R.sourceKey(of:))
        var keys: [R.Key] = []
        var seen = Set<R.Key>()
        for case let key? in parentKeys where seen.insert(key).inserted { keys.append(key) }

        var groups: [R.Key: [Nested]] = [:]
        if !keys.isEmpty {  // no key, no statement
            let (rows, rowKeys) = try await relatedRows(matching: keys, query: related.base, on: db)
            let elements = try await related.attach(rows, db)
            for (key, element) in zip(rowKeys, elements) {
                if let key { groups[key, default: []].append(element) }
            }
        }
        // A required to-one is read as a row, never an optional: every parent must have one.
        if R.self is any RequiredToOneRelation.Type, let missing = parentKeys.first(where: { key in key.map { groups[$0] == nil } ?? true }) {
            let filtered = related.base.clauses.predicates.isEmpty ? "" : " (the include's where may have filtered it out)"
            let value = missing.map { String(describing: $0) } ?? "NULL"
            throw QueryError(
                .relatedRowMissing,
                "including(\\.\(R.name)): no \(R.Target.tableName) row has \(R.link.targetColumn) = \(value)\(filtered); "
                    + "it was deleted after its \(R.Source.tableName) row was read: load inside a REPEATABLE READ transaction for one snapshot")
        }
        return parentKeys.map { key in key.flatMap { groups[$0] } ?? [] }
    }

    /// The target rows of these keys, each with the key it matched.
    static func relatedRows(
        matching keys: [R.Key], query: SelectQuery<R.Target>, on db: any QueryRunner
    ) async throws -> ([R.Target.Row], [R.Key?]) {
        let keyArray = SQLFragment(binding: PostgresBinding(keys))
        switch R.link {
        case .foreignKeyOnTarget(_, let targetColumn), .foreignKeyOnSource(_, let targetColumn):
            let matching = query.where { _ in
                Predicate(SQLFragment.column(targetColumn, of: R.Target.tableName) + SQLFragment(" = ANY(") + keyArray + SQLFragment(")"))
            }
            let rows = try await matching.all(on: db)
            return (rows, rows.map(R.targetKey(of:)))
        case .through(let table, let sourceJoinColumn, let targetJoinColumn, _, let targetColumn):
            // The join rows and their targets, as a derived table named like the target, so the
            // include's own where, order and soft-delete filter apply unchanged; the join key rides
            // along as one extra column after the row's columns.
            var matching = query
            func joined(_ column: String) -> String { SQLFragment.columnText(column, of: "tusk_join", qualified: true) }
            let targetKey = SQLFragment.columnText(targetColumn, of: "tusk_target", qualified: true)
            matching.fromItem =
                SQLFragment.reading(R.Target.tableName) + SQLFragment.reading(table) + SQLFragment(
                    "(SELECT \"tusk_target\".*, \(joined(sourceJoinColumn)) AS \(SQLFragment.quoted(keyColumn)) FROM "
                        + "\(R.Target.quotedTableName) AS \"tusk_target\" JOIN \(SQLFragment.relation(table)) AS \"tusk_join\" ON "
                        + "\(joined(targetJoinColumn)) = \(targetKey) WHERE \(joined(sourceJoinColumn)) = ANY(")
                + keyArray + SQLFragment(")) AS " + SQLFragment.quoted(R.Target.tableName))
            let selecting = SQLFragment(R.Target.selectList + ", " + SQLFragment.quoted(keyColumn))
            let result = try await matching.read(try matching.fragment(selecting: selecting), on: db)
            var rows: [R.Target.Row] = []
            var rowKeys: [R.Key?] = []
            rows.reserveCapacity(result.count)
            rowKeys.reserveCapacity(result.count)
            let keyIndex = R.Target.columnNames.count
            for row in result {
                rows.append(try R.Target.Row(row: row))
                rowKeys.append(try row.decode(R.Key?.self, at: keyIndex))
            }
            return (rows, rowKeys)
        }
    }
}
