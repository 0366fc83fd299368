import Foundation
import TuskSchema

/// How a value (PostgreSQL's text form) is shown: JSON as a tree of nested `<details>`, a
/// vector by its dimension and norm, a foreign key as a link to the referenced row, long text cut.
enum ValueViews {
    static func cell(_ value: String?, column: Column, table: Table, full: Bool = false) -> String {
        guard let value else { return "<td class=\"null\">NULL</td>" }
        return "<td>" + show(value, column: column, table: table, full: full) + "</td>"
    }

    static func show(_ value: String, column: Column, table: Table, full: Bool) -> String {
        if let key = table.foreignKeys.first(where: { $0.columns == [column.name] }), let target = key.referencedColumns.first {
            return HTML.link("/t/\(FormData.encode(key.referencedTable))/row" + HTML.query([(target, value)]), value, attributes: "class=\"fk\"")
        }
        switch column.type {
        case .json, .jsonb:
            guard let document = JSONValue.parse(value) else { return HTML.escape(value) }
            return jsonTree(document, open: full)
        case .vector:
            return vectorSummary(value)
        default:
            let limit = full ? 10_000 : 120
            return HTML.escape(value.count > limit ? String(value.prefix(limit)) + "…" : value)
        }
    }

    /// `vector(1536)  ‖v‖ = 0.998` with the first components.
    static func vectorSummary(_ text: String) -> String {
        let components = text.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let norm = components.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let head = components.prefix(3).map { String(format: "%.3g", $0) }.joined(separator: ", ")
        return "<span class=\"vector\" title=\"\(HTML.escape(String(text.prefix(2000))))\">vector(\(components.count)) · norm \(String(format: "%.4g", norm))"
            + " · [\(head)\(components.count > 3 ? ", …" : "")]</span>"
    }

    static func jsonTree(_ value: JSONValue, open: Bool) -> String {
        switch value {
        case .object(let object):
            if object.isEmpty { return "<code>{}</code>" }
            let items = object.keys.sorted().map { "<li><b>\(HTML.escape($0))</b>: \(jsonTree(object[$0]!, open: open))</li>" }.joined()
            return "<details class=\"json\"\(open ? " open" : "")><summary>{\(object.count) \(object.count == 1 ? "key" : "keys")}</summary><ul>\(items)</ul></details>"
        case .array(let array):
            if array.isEmpty { return "<code>[]</code>" }
            let items = array.map { "<li>\(jsonTree($0, open: open))</li>" }.joined()
            return "<details class=\"json\"\(open ? " open" : "")><summary>[\(array.count) \(array.count == 1 ? "item" : "items")]</summary><ol start=\"0\">\(items)</ol></details>"
        case .string(let string): return "<code>\"\(HTML.escape(string))\"</code>"
        case .number(let number): return "<code>\(HTML.escape(number))</code>"
        case .bool(let bool): return "<code>\(bool)</code>"
        case .null: return "<code>null</code>"
        }
    }
}

/// A JSON document as read for display (numbers keep their written form).
indirect enum JSONValue: Decodable, Sendable {
    case object([String: JSONValue]), array([JSONValue]), string(String), number(String), bool(Bool), null

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var items: [String: JSONValue] = [:]
            for key in object.allKeys { items[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let bool = try? single.decode(Bool.self) { self = .bool(bool) }
        else if let string = try? single.decode(String.self) { self = .string(string) }
        else if let number = try? single.decode(Decimal.self) { self = .number("\(number)") }
        else { self = .number(String(try single.decode(Double.self))) }
    }

    static func parse(_ text: String) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
