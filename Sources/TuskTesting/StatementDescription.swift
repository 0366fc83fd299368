import CLibPQ
import Foundation

/// What the server says about a statement it prepared, without running it (libpq's
/// `PQprepare` + `PQdescribePrepared`): its parameters' types and its result columns, each
/// with the table column it comes straight from, if any. `tusk queries` records it.
public struct StatementDescription: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var name: String
        /// `pg_type.typname`, arrays as `element[]` (`int8`, `text[]`, `memory_tier`).
        public var type: String
        /// `pg_attribute.attnotnull` of the table column the value comes from; nil for a computed value.
        public var tableColumnNotNull: Bool?
    }

    /// The parameters' types, `$1` first, as `Column.type`.
    public var parameterTypes: [String]
    public var columns: [Column]
}

/// The server refused to prepare a statement.
public struct StatementPreparationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var sqlState: String
    public var message: String
    /// 1-based character position in the statement text the error points at, when the server gives one.
    public var position: Int?
    public var description: String { "[\(sqlState)] \(message)" }
}

extension TestDatabase {
    /// Prepares and describes each statement on one connection to this database, in order.
    public func describe(_ statements: [String]) async throws -> [Result<StatementDescription, StatementPreparationError>] {
        let conninfo = connectionString
        return try await runOffPool {
            let connection = try AdminConnection(conninfo: conninfo)
            var catalog = CatalogLookup(connection: connection)
            return try statements.map { try connection.describe($0, catalog: &catalog) }
        }
    }
}

extension AdminConnection {
    func describe(_ sql: String, catalog: inout CatalogLookup) throws -> Result<StatementDescription, StatementPreparationError> {
        let name = "tusk_describe"
        guard let prepared = PQprepare(connection, name, sql, 0, nil) else {
            throw TuskTestingError.connection(message: String(cString: PQerrorMessage(connection)))
        }
        defer { PQclear(prepared) }
        if PQresultStatus(prepared) != PGRES_COMMAND_OK {
            func field(_ code: UInt8) -> String? { PQresultErrorField(prepared, Int32(code)).map { String(cString: $0) } }
            return .failure(StatementPreparationError(
                sqlState: field(UInt8(ascii: "C")) ?? "?",
                message: field(UInt8(ascii: "M")) ?? String(cString: PQresultErrorMessage(prepared)),
                position: field(UInt8(ascii: "P")).flatMap { Int($0) }))
        }
        defer { _ = try? execute("DEALLOCATE \(name)") }
        guard let described = PQdescribePrepared(connection, name) else {
            throw TuskTestingError.connection(message: String(cString: PQerrorMessage(connection)))
        }
        defer { PQclear(described) }
        let parameters = try (0..<PQnparams(described)).map { try catalog.typeName(PQparamtype(described, $0)) }
        let columns = try (0..<PQnfields(described)).map { index in
            StatementDescription.Column(
                name: String(cString: PQfname(described, index)),
                type: try catalog.typeName(PQftype(described, index)),
                tableColumnNotNull: try catalog.notNull(table: PQftable(described, index), column: PQftablecol(described, index)))
        }
        return .success(StatementDescription(parameterTypes: parameters, columns: columns))
    }
}

/// Type names and NOT NULL flags, each asked of the server once.
struct CatalogLookup {
    let connection: AdminConnection
    private var typeNames: [UInt32: String] = [:]

    init(connection: AdminConnection) { self.connection = connection }

    mutating func typeName(_ oid: UInt32) throws -> String {
        if let known = typeNames[oid] { return known }
        let rows = try connection.query("""
            SELECT CASE WHEN t.typcategory = 'A' AND e.oid IS NOT NULL THEN e.typname || '[]' ELSE t.typname END
            FROM pg_type t LEFT JOIN pg_type e ON e.oid = t.typelem WHERE t.oid = \(oid)
            """)
        let name = rows.first?.first.flatMap { $0 } ?? "oid \(oid)"
        typeNames[oid] = name
        return name
    }

    func notNull(table: UInt32, column: Int32) throws -> Bool? {
        guard table != 0, column > 0 else { return nil }
        let rows = try connection.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = \(table) AND attnum = \(column)")
        return rows.first?.first.flatMap { $0 }.map { $0 == "t" }
    }
}
