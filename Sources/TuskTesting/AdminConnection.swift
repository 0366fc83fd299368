import Foundation
import CLibPQ

/// A blocking libpq connection for test set-up and catalog assertions (text results, simple
/// protocol). Tests call it through `TestDatabase`, which runs it off the cooperative pool.
final class AdminConnection {
    let connection: OpaquePointer

    init(conninfo: String) throws {
        guard let conn = PQconnectdb(conninfo) else { throw TuskTestingError.connection(message: "out of memory") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw TuskTestingError.connection(message: message)
        }
        connection = conn
        // Keep test output free of NOTICEs.
        _ = try? execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(connection) }

    /// Connects, runs `sql` and disconnects, on a thread of its own (libpq blocks): the one way
    /// the async test helpers reach the server.
    static func query(on conninfo: String, _ sql: String) async throws -> [[String?]] {
        try await runOffPool { try AdminConnection(conninfo: conninfo).query(sql) }
    }

    /// Runs a script (several statements allowed); throws with the server's message.
    func execute(_ sql: String) throws {
        _ = try query(sql)
    }

    /// Runs SQL and returns the rows of the last result as text (NULL as nil).
    func query(_ sql: String) throws -> [[String?]] {
        guard PQsendQuery(connection, sql) == 1 else {
            throw TuskTestingError.sql(message: String(cString: PQerrorMessage(connection)), sql: sql)
        }
        var rows: [[String?]] = []
        var failure: String?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK:
                rows = (0..<PQntuples(result)).map { r in
                    (0..<PQnfields(result)).map { c in
                        PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c))
                    }
                }
            case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                rows = []
            default:
                if failure == nil {
                    let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "?"
                    failure = "[\(state)] " + String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
        }
        if let failure { throw TuskTestingError.sql(message: failure, sql: sql) }
        return rows
    }
}
