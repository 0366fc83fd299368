/// Hybrid retrieval: full-text rank and vector distance fused into one ranking by reciprocal
/// rank fusion (RRF), in one statement. Each side takes its best `candidates` rows (the text
/// side through the tsvector's GIN index, the vector side through its HNSW or IVFFlat index),
/// and a row scores `1/(k + text rank) + 1/(k + vector rank)` (a side it is missing from adds 0).
///
/// ```swift
/// let hits = try await Document.where { $0.userId == user }
///     .hybridSearch("quarterly revenue", in: \.search, near: embedding, by: \.embedding)
///     .all(on: db)                       // [HybridHit<Document.Row>], best first
/// ```
/// The query's own conditions (and its soft-delete and tenant scoping) apply to both sides.
public struct HybridSearch<Table: TuskTable>: Sendable {
    let base: SelectQuery<Table>
    let textColumn: TextSearchColumn<Table>
    let text: String
    let syntax: TextSearchSyntax
    let distance: Expression<Double>
    let limit: Int
    let candidates: Int
    let rankConstant: Int

    /// The statement `all` runs.
    public func sql() throws -> SQL { try fragment().sql }

    /// The `limit` best rows by fused score, each with its score and its rank on each side.
    public func all(on db: some QueryRunner) async throws -> [HybridHit<Table.Row>] {
        let result = try await base.read(try fragment(), on: db)
        let fused = Table.columnNames.count
        return try result.map { row in
            HybridHit(
                row: try Table.Row(row: row), score: try row.decode(Double.self, at: fused),
                textRank: try row.decode(Int64?.self, at: fused + 1).map(Int.init),
                vectorRank: try row.decode(Int64?.self, at: fused + 2).map(Int.init))
        }
    }

    func fragment() throws -> SQLFragment {
        for (name, value, least) in [("limit", limit, 1), ("candidates", candidates, limit), ("rankConstant", rankConstant, 1)] where value < least {
            throw QueryError(.invalidValue, "hybridSearch: \(name) is \(value); it must be at least \(least)")
        }
        guard base.keyset == nil, base.groupTerms.isEmpty else {
            throw QueryError(.invalidValue, "hybridSearch ranks its own rows: it takes a query's conditions, not after(row) or groupBy")
        }
        let keys = Table.primaryKeyOrder.map(\.expression)
        guard keys.count == 1, let key = keys.first else {
            throw QueryError(
                .invalidValue,
                "hybridSearch needs a table with a one-column primary key (to fuse the two rankings); \(Table.tableName) has \(keys.count == 0 ? "none" : "\(keys.count) key columns")")
        }
        var textSide = base
        textSide.lock = nil
        textSide.isDistinct = false
        textSide.clauses.predicates.append(textColumn.matches(text, syntax: syntax))
        textSide.clauses.orders = [OrderTerm(SQLFragment("tusk_score"), descending: true), key.asOrderTerm]
        textSide.clauses.limit = candidates
        textSide.clauses.offset = nil
        var vectorSide = textSide
        vectorSide.clauses.predicates = base.clauses.predicates
        // The distance alone in ORDER BY: what an HNSW or IVFFlat index serves.
        vectorSide.clauses.orders = [distance.asc]
        vectorSide.clauses.limit = candidates
        vectorSide.clauses.offset = nil

        var sql = SQLFragment("WITH text_hits AS (")
        sql.append(try textSide.fragment(selecting: key + SQLFragment(" AS tusk_key, ") + textColumn.rank(text, syntax: syntax).sqlFragment + SQLFragment(" AS tusk_score")))
        sql.append("), vector_hits AS (")
        sql.append(try vectorSide.fragment(selecting: key + SQLFragment(" AS tusk_key, ") + distance.sqlFragment + SQLFragment(" AS tusk_distance")))
        sql.append("""
            ), ranked AS (SELECT tusk_key, t.tusk_rank AS tusk_text_rank, v.tusk_rank AS tusk_vector_rank \
            FROM (SELECT tusk_key, row_number() OVER (ORDER BY tusk_score DESC, tusk_key) AS tusk_rank FROM text_hits) t \
            FULL JOIN (SELECT tusk_key, row_number() OVER (ORDER BY tusk_distance, tusk_key) AS tusk_rank FROM vector_hits) v \
            USING (tusk_key)) SELECT
            """)
        sql.append(" " + Table.columnNames.map { SQLFragment.columnText($0, of: Table.tableName, qualified: true) }.joined(separator: ", "))
        let k = String(rankConstant)
        sql.append(", (coalesce(1.0 / (\(k) + tusk_text_rank), 0) + coalesce(1.0 / (\(k) + tusk_vector_rank), 0))::double precision AS tusk_score")
        sql.append(", tusk_text_rank, tusk_vector_rank FROM ")
        sql.append(SQLFragment.table(Table.tableName))
        sql.append(" JOIN ranked ON ")
        sql.append(key.qualifyingColumns(of: Table.tableName))
        sql.append(" = ranked.tusk_key ORDER BY tusk_score DESC, ")
        sql.append(key.qualifyingColumns(of: Table.tableName))
        sql.append(" LIMIT \(limit)")
        return sql
    }
}

/// One row of a hybrid search: the row, its fused score (higher is better), and its place in
/// each ranking (1 is best; nil when it was not among that side's candidates).
public struct HybridHit<Row: Sendable>: Sendable {
    public let row: Row
    public let score: Double
    public let textRank: Int?
    public let vectorRank: Int?
}

extension HybridHit: Equatable where Row: Equatable {}

/// The distance a hybrid search ranks vectors by (the operator its vector index was built for).
public enum VectorDistance: Sendable {
    /// `<=>`, for `vector_cosine_ops` indexes.
    case cosine
    /// `<->`, for `vector_l2_ops` indexes.
    case l2
    /// `<#>`, for `vector_ip_ops` indexes.
    case negativeInnerProduct
}

extension SelectQuery {
    /// Full-text and vector retrieval in one ranking (reciprocal rank fusion; see `HybridSearch`).
    /// - Parameters:
    ///   - text: The search text, parsed with the column's text search configuration.
    ///   - textColumn: The tsvector column (`\.search`).
    ///   - syntax: How the text becomes a tsquery (websearch by default).
    ///   - vector: The query embedding.
    ///   - vectorColumn: The vector column (`\.embedding`).
    ///   - distance: How vectors compare (the operator the column's index was built for).
    ///   - limit: The rows returned.
    ///   - candidates: The rows each side contributes (at least `limit`).
    ///   - rankConstant: RRF's `k` (60 in the original paper): larger flattens the top ranks' weight.
    public func hybridSearch<Vector: SQLExpression>(
        _ text: String, in textColumn: (Table.Columns) -> TextSearchColumn<Table>, syntax: TextSearchSyntax = .websearch,
        near vector: PostgresVector, by vectorColumn: (Table.Columns) -> Vector, distance: VectorDistance = .cosine,
        limit: Int = 10, candidates: Int = 50, rankConstant: Int = 60
    ) -> HybridSearch<Table> where Vector.Value: VectorValue {
        let column = vectorColumn(Table.columns)
        let measured: Expression<Double> = switch distance {
        case .cosine: column.cosineDistance(to: vector)
        case .l2: column.l2Distance(to: vector)
        case .negativeInnerProduct: column.negativeInnerProduct(to: vector)
        }
        return HybridSearch(
            base: self, textColumn: textColumn(Table.columns), text: text, syntax: syntax, distance: measured,
            limit: limit, candidates: candidates, rankConstant: rankConstant)
    }
}

extension SQLFragment {
    var asOrderTerm: OrderTerm { OrderTerm(self) }
}
