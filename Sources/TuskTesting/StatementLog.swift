import Synchronization
import Tusk

/// A query runner that runs every statement on `base` and records its text, so a test can assert
/// how many statements a piece of code issues (an eager load is one per level, never one per row):
///
/// ```swift
/// let log = StatementLog(db)
/// _ = try await User.including(\.documents).all(on: log)
/// #expect(log.statements.count == 2)
/// ```
public final class StatementLog<Base: QueryRunner>: QueryRunner {
    public let base: Base
    private let recorded = Mutex<[String]>([])

    public init(_ base: Base) { self.base = base }

    /// The statements run so far (their text, placeholders not filled in), in order.
    public var statements: [String] { recorded.withLock { $0 } }

    /// Forgets the statements recorded so far.
    public func reset() { recorded.withLock { $0.removeAll() } }

    public func query(_ statement: SQL) async throws -> QueryResult {
        recorded.withLock { $0.append(statement.text) }
        return try await base.query(statement)
    }

    /// The base's cache: a cached read answered from it sends no statement, so it records none.
    public var readCache: QueryCache? { base.readCache }

    public func execute(_ script: SQLScript) async throws {
        recorded.withLock { $0.append(script.text) }
        try await base.execute(script)
    }
}
