import Synchronization
import Tusk

/// A `QueryRunner` that runs everything on `base` and keeps the text of each statement, so the
/// demo can show how many statements a call issued (pass it wherever `on: db` goes).
final class StatementLog: QueryRunner {
    let base: any QueryRunner
    private let statements = Mutex<[String]>([])

    init(_ base: any QueryRunner) { self.base = base }

    /// The statements run so far, in order.
    var texts: [String] { statements.withLock { $0 } }

    func query(_ statement: SQL) async throws -> QueryResult {
        statements.withLock { $0.append(statement.text) }
        return try await base.query(statement)
    }

    func execute(_ script: String) async throws {
        statements.withLock { $0.append(script) }
        try await base.execute(script)
    }
}
