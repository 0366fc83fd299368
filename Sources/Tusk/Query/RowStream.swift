/// Rows of a query read page by page with keyset pagination: at most one page (`batchSize`
/// rows) is in memory, however large the result, and no transaction or cursor is held.
public struct RowStream<Table: TuskReadable, Runner: QueryRunner>: AsyncSequence, Sendable {
    public typealias Element = Table.Row

    let query: SelectQuery<Table>
    let runner: Runner
    let batchSize: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        var next: SelectQuery<Table>?
        let runner: Runner
        let batchSize: Int
        var remaining: Int?
        var page: [Table.Row] = []
        var index = 0

        /// The next page's query: after the last row, and without the first page's OFFSET.
        static func page(after row: Table.Row, of query: SelectQuery<Table>) -> SelectQuery<Table> {
            var next = query.after(row)
            next.clauses.offset = nil
            return next
        }

        public mutating func next() async throws -> Table.Row? {
            if index == page.count {
                guard let query = next, remaining.map({ $0 > 0 }) ?? true else { return nil }
                let size = Swift.min(batchSize, remaining ?? batchSize)
                page = try await query.limit(size).all(on: runner)
                index = 0
                next = page.count == size ? page.last.map { Self.page(after: $0, of: query) } : nil
                if page.isEmpty { return nil }
            }
            defer { index += 1 }
            if let count = remaining { remaining = count - 1 }
            return page[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        var first = query
        first.clauses.orders = query.totalOrder
        first.clauses.limit = nil
        return AsyncIterator(next: first, runner: runner, batchSize: Swift.max(1, batchSize), remaining: query.clauses.limit)
    }
}

extension SelectQuery {
    /// Every matching row, fetched `batchSize` at a time in this query's order (the primary key
    /// breaks ties). `limit` and `offset` are respected; locking clauses apply per page.
    public func stream<Runner: QueryRunner>(on db: Runner, batchSize: Int = 500) -> RowStream<Table, Runner> {
        RowStream(query: self, runner: db, batchSize: batchSize)
    }
}
