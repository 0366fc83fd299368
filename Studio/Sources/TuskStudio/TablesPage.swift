import Foundation
import Tusk
import TuskSchema

/// `/`: every table of the schema with its row count (a table the database lacks says so).
struct TablesPage {
    let app: StudioApp

    func render() async throws -> String {
        let tables = try await section(app.schema.tables, id: "tables")
        let views = app.schema.views.isEmpty ? "" : "<h2>Views</h2>" + (try await section(app.schema.views.map(\.readOnlyTable), id: "views"))
        return app.page("Tables", "<h1>Tables</h1>" + tables + views)
    }

    private func section(_ relations: [Table], id: String) async throws -> String {
        var rows = ""
        for table in relations {
            let count: String
            do {
                let value = try await app.db.queryFirst(SQL(trusted: "SELECT count(*) FROM \(TableSQL.relation(table.name))"), as: Int64.self)
                count = "\(value ?? 0)"
            } catch let error as PostgresError where error.kind == .undefinedTable {
                count = "not in the database (run tusk migrate up)"
            }
            rows += "<tr><td>\(HTML.link("/t/\(FormData.encode(table.name))", table.name, attributes: "class=\"table-link\""))</td>"
                + "<td class=\"count\" data-table=\"\(HTML.escape(table.name))\">\(HTML.escape(count))</td><td>\(table.columns.count)</td>"
                + "<td class=\"muted\">\(HTML.escape(table.comment ?? ""))</td></tr>"
        }
        return "<table id=\"\(id)\"><tr><th>Name</th><th>Rows</th><th>Columns</th><th>Comment</th></tr>\(rows)</table>"
    }
}

/// A table's rows as an HTML table: sortable headers, a link to each row's page.
enum RowTable {
    static func render(
        _ table: Table, rows: [[String?]], id: String, sortLink: ((Column) -> String)? = nil
    ) -> String {
        let addressable = table.primaryKey?.columns.isEmpty == false
        var html = "<table id=\"\(id)\"><tr>" + (addressable ? "<th></th>" : "")
        for column in table.columns {
            let title = HTML.escape(column.name) + " <span class=\"muted\">\(HTML.escape(column.type.sql))</span>"
            html += "<th>" + (sortLink.map { "<a href=\"\(HTML.escape($0(column)))\">\(title)</a>" } ?? title) + "</th>"
        }
        html += "</tr>"
        for values in rows {
            html += "<tr>"
            if addressable { html += "<td>" + HTML.link(rowPath(table, values), "open", attributes: "class=\"open-row\"") + "</td>" }
            for (column, value) in zip(table.columns, values) { html += ValueViews.cell(value, column: column, table: table) }
            html += "</tr>"
        }
        return html + "</table>"
    }

    /// `/t/users/row?id=…` (one parameter per primary key column).
    static func rowPath(_ table: Table, _ values: [String?], action: String = "row") -> String {
        let key = (table.primaryKey?.columns ?? []).map { name in
            (name, table.columns.firstIndex { $0.name == name }.flatMap { values[$0] } ?? "")
        }
        return "/t/\(FormData.encode(table.name))/\(action)" + HTML.query(key)
    }
}
