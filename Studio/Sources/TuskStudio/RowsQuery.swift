import Foundation
import Tusk
import TuskSchema

/// One page of a table's rows, paged by keyset: ordered by the sort column, then the key (the
/// primary key, or ctid), and continued after (or before) the last (first) row's sort value and
/// key, never by OFFSET. NULL sort values come last in either direction.
struct RowsQuery: Sendable {
    var table: Table
    var sort: Column
    var ascending: Bool
    var filters: [ColumnFilter]
    /// Continue after this cursor (next page) or before it (previous page).
    var cursor: Cursor?
    var pageSize = 50
    /// A plain view has no key: its pages are by OFFSET (``offset``).
    var plainView = false
    var offset = 0

    /// A row's place in the order: its sort value and key values, as text.
    struct Cursor: Sendable, Equatable {
        enum Direction: String, Sendable { case after, before }
        var direction: Direction
        var sortValue: String?
        var key: [String?]

        /// The URL form: a JSON array `[sort value, key...]`.
        var encoded: String {
            let values: [Any] = ([sortValue] + key).map { $0.map { $0 as Any } ?? NSNull() }
            let data = (try? JSONSerialization.data(withJSONObject: values, options: [.fragmentsAllowed])) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        }

        init(direction: Direction, sortValue: String?, key: [String?]) {
            self.direction = direction
            self.sortValue = sortValue
            self.key = key
        }

        /// nil when the text is not a cursor of `keyCount` key values.
        init?(direction: Direction, encoded: String, keyCount: Int) {
            guard let array = try? JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [Any], array.count == keyCount + 1 else { return nil }
            let values = array.map { $0 as? String }
            guard values.dropFirst().allSatisfy({ $0 != nil }) else { return nil }
            self.init(direction: direction, sortValue: values[0], key: Array(values.dropFirst()))
        }
    }

    struct Page: Sendable {
        /// Each row's values (text form; nil is NULL), in the table's column order.
        var rows: [[String?]]
        var cursors: [(sortValue: String?, key: [String?])]
        var hasNext: Bool
        var hasPrevious: Bool
    }

    var keys: [TableSQL.KeyColumn] { TableSQL.keyColumns(table, plainView: plainView) }

    func statement() -> SQL {
        var builder = StatementBuilder()
        let sortName = TableSQL.name(sort.name)
        var conditions = filters.compactMap { filter in table.column(named: filter.column).map { filter.condition($0, &builder) } }
        // The scan runs backwards for a previous page; its rows are reversed afterwards.
        let backwards = cursor?.direction == .before
        let scanAscending = ascending != backwards
        let nullsFirst = backwards
        if let cursor, !keys.isEmpty {
            let comparison = scanAscending ? ">" : "<"
            let keyList = keys.map(\.expression).joined(separator: ", ")
            let keyValues = zip(keys, cursor.key).map { builder.parameter($0.1, as: $0.0.cast) }.joined(separator: ", ")
            let keyAfter = keys.count == 1 ? "\(keyList) \(comparison) \(keyValues)" : "(\(keyList)) \(comparison) (\(keyValues))"
            if let value = cursor.sortValue {
                let parameter = builder.parameter(value, as: TableSQL.castType(sort.type))
                conditions.append("(\(sortName) \(comparison) \(parameter) OR (\(sortName) = \(parameter) AND \(keyAfter))"
                    + (nullsFirst ? "" : " OR \(sortName) IS NULL") + ")")
            } else {
                conditions.append("((\(sortName) IS NULL AND \(keyAfter))" + (nullsFirst ? " OR \(sortName) IS NOT NULL" : "") + ")")
            }
        }
        let direction = scanAscending ? "ASC" : "DESC"
        let order = ["\(sortName) \(direction) NULLS \(nullsFirst ? "FIRST" : "LAST")"] + keys.map { "\($0.expression) \(direction)" }
        builder.text = "SELECT \(TableSQL.selectList(table)), "
            + (["\(sortName)::text"] + keys.map { "\($0.expression)::text" }).joined(separator: ", ")
            + " FROM \(TableSQL.relation(table.name))"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY " + order.joined(separator: ", ") + " LIMIT \(pageSize + 1)" + (keys.isEmpty && offset > 0 ? " OFFSET \(offset)" : "")
        return builder.sql
    }

    func run(on db: some QueryRunner) async throws -> Page {
        let result = try await db.query(statement())
        let width = table.columns.count
        var rows: [[String?]] = []
        var cursors: [(sortValue: String?, key: [String?])] = []
        for row in result.prefix(pageSize) {
            rows.append(try (0..<width).map { try row.decode(String?.self, at: $0) })
            cursors.append((try row.decode(String?.self, at: width), try (0..<keys.count).map { try row.decode(String?.self, at: width + 1 + $0) }))
        }
        let more = result.count > pageSize
        if cursor?.direction == .before {
            return Page(rows: rows.reversed(), cursors: cursors.reversed(), hasNext: true, hasPrevious: more)
        }
        return Page(rows: rows, cursors: cursors, hasNext: more, hasPrevious: keys.isEmpty ? offset > 0 : cursor != nil)
    }
}
