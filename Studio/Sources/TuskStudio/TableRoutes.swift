import Foundation
import Tusk
import TuskSchema

/// `/t/<table>`, `/t/<table>/row|new|edit|delete`: a table's rows, one row with its relations,
/// and the writes.
struct TableRoutes {
    let app: StudioApp
    let table: Table
    /// Set for a view (`views:` in the schema): browsed like a table, never written.
    var view: View? = nil

    func route(_ request: StudioRequest, action: String?) async throws -> StudioResponse {
        let forms = RowForms(app: app, table: table)
        if view != nil, request.method == "POST" || ["new", "edit"].contains(action ?? "") {
            return .html(app.page("A view", HTML.message("error", "\(table.name) is a view: its rows are read, never written.")), status: 403)
        }
        switch (request.method, action) {
        case ("GET", nil): return .html(try await rowsPage(request.query))
        case ("GET", "row"): return .html(try await rowPage(request.query))
        case ("GET", "new"): return .html(forms.render(values: nil, key: nil, message: nil))
        case ("GET", "edit"): return .html(forms.render(values: try await fetchRow(request.query), key: request.query, message: nil))
        case ("POST", "new"), ("POST", "edit"), ("POST", "delete"):
            if app.readOnly {
                return .html(app.page("Read-only", HTML.message("error", "This studio was started with --read-only: it refuses every write.")), status: 403)
            }
            if action == "delete" { return try await forms.delete(key: request.query) }
            return try await forms.save(request.form, key: action == "edit" ? request.query : nil)
        default:
            throw PageProblem(status: 404, title: "Not found", message: "No page \(request.method) \(request.path).")
        }
    }

    // MARK: Rows

    func rowsPage(_ query: FormData) async throws -> String {
        var problems: [String] = []
        let read = ColumnFilter.read(query, table: table, schema: app.schema)
        problems += read.problems
        let plainView = view.map { !$0.isMaterialized } ?? false
        let keys = TableSQL.keyColumns(table, plainView: plainView)
        var sort = table.column(named: keys.first?.column ?? "") ?? table.columns[0]
        if let name = query["sort"] {
            if let column = table.column(named: name), column.type != .json {
                sort = column
            } else {
                let reason = table.column(named: name) == nil ? table.name + " has no such column" : "json values have no order"
                problems.append("Cannot sort by \(name): \(reason).")
            }
        }
        let ascending = query["dir"] != "desc"
        var cursor: RowsQuery.Cursor?
        for direction in [RowsQuery.Cursor.Direction.after, .before] {
            guard let text = query[direction.rawValue] else { continue }
            cursor = RowsQuery.Cursor(direction: direction, encoded: text, keyCount: keys.count)
            if cursor == nil { problems.append("The page position (\(direction.rawValue)=…) is not one this page wrote; showing the first page.") }
        }
        var pageSize = 50
        if let text = query["size"] {
            if let size = Int(text), (1...500).contains(size) { pageSize = size } else { problems.append("size=\(text): a page holds 1 to 500 rows; showing 50.") }
        }
        var rowsQuery = RowsQuery(table: table, sort: sort, ascending: ascending, filters: read.filters, cursor: cursor, pageSize: pageSize)
        rowsQuery.plainView = plainView
        if plainView, let text = query["offset"] {
            if let offset = Int(text), offset >= 0 { rowsQuery.offset = offset } else { problems.append("offset=\(text) is not a row number; showing the first page.") }
        }
        var body = "<h1>\(HTML.escape(table.name))</h1>"
        if let comment = table.comment { body += "<p class=\"muted\">\(HTML.escape(comment))</p>" }
        if !app.readOnly, table.primaryKey != nil { body += "<p>" + HTML.link("/t/\(FormData.encode(table.name))/new", "Insert a row", attributes: "id=\"insert-row\"") + "</p>" }
        if query["deleted"] != nil { body += HTML.message("ok", "Deleted.") }
        body += filterForm(read.filters, sort: sort, ascending: ascending)
        for problem in problems { body += HTML.message("error", problem) }

        // Links keep the filters and the order.
        let base = read.filters.map { ($0.parameterName, $0.value) } + [("sort", sort.name), ("dir", ascending ? "asc" : "desc")]
            + (pageSize == 50 ? [] : [("size", String(pageSize))])
        let path = "/t/\(FormData.encode(table.name))"
        do {
            let page = try await rowsQuery.run(on: app.db)
            body += "<p class=\"muted\" id=\"row-summary\">\(page.rows.count) row\(page.rows.count == 1 ? "" : "s") on this page, by \(HTML.escape(sort.name)) \(ascending ? "ascending" : "descending")</p>"
            body += RowTable.render(table, rows: page.rows, id: "rows") { column in
                path + HTML.query(read.filters.map { ($0.parameterName, $0.value) } + [("sort", column.name), ("dir", column.name == sort.name && ascending ? "desc" : "asc")])
            }
            var pager: [String] = []
            if plainView {
                // A view has no key to continue from: its pages are by position.
                if page.hasPrevious { pager.append(HTML.link(path + HTML.query(base + [("offset", String(max(rowsQuery.offset - pageSize, 0)))]), "← Previous", attributes: "id=\"previous-page\"")) }
                if page.hasNext { pager.append(HTML.link(path + HTML.query(base + [("offset", String(rowsQuery.offset + pageSize))]), "Next →", attributes: "id=\"next-page\"")) }
                body += "<p>" + pager.joined(separator: " · ") + "</p>"
                return app.page(table.name, body)
            }
            if page.hasPrevious, let first = page.cursors.first {
                pager.append(HTML.link(path + HTML.query(base + [("before", RowsQuery.Cursor(direction: .before, sortValue: first.sortValue, key: first.key).encoded)]), "← Previous", attributes: "id=\"previous-page\""))
            }
            if page.hasNext, let last = page.cursors.last {
                pager.append(HTML.link(path + HTML.query(base + [("after", RowsQuery.Cursor(direction: .after, sortValue: last.sortValue, key: last.key).encoded)]), "Next →", attributes: "id=\"next-page\""))
            }
            body += "<p>" + pager.joined(separator: " · ") + "</p>"
        } catch let error as PostgresError {
            // A value PostgreSQL cannot read as the column's type (a date filter, say): SQLSTATE 22….
            body += HTML.message("error", "The rows could not be read: " + StudioApp.describe(error))
        }
        return app.page(table.name, body)
    }

    private func filterForm(_ filters: [ColumnFilter], sort: Column, ascending: Bool) -> String {
        func current(_ column: Column, _ operation: ColumnFilter.Operation) -> String {
            filters.first { $0.column == column.name && $0.operation == operation }?.value ?? ""
        }
        func input(_ column: Column, _ operation: ColumnFilter.Operation, _ label: String, placeholder: String = "") -> String {
            let name = "f.\(column.name).\(operation.rawValue)"
            return "<label>\(HTML.escape(label)) <input name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(current(column, operation)))\" placeholder=\"\(HTML.escape(placeholder))\" size=\"12\"></label>"
        }
        func select(_ column: Column, _ operation: ColumnFilter.Operation, _ label: String, _ choices: [(String, String)]) -> String {
            let name = "f.\(column.name).\(operation.rawValue)"
            let chosen = current(column, operation)
            let options = ([("", "any")] + choices).map { "<option value=\"\(HTML.escape($0.0))\"\($0.0 == chosen ? " selected" : "")>\(HTML.escape($0.1))</option>" }.joined()
            return "<label>\(HTML.escape(label)) <select name=\"\(HTML.escape(name))\">\(options)</select></label>"
        }
        var fields: [String] = []
        for column in table.columns {
            var parts: [String] = []
            switch ColumnFilter.kind(of: column.type) {
            case .text: parts.append(input(column, .contains, "\(column.name) contains"))
            case .range:
                parts.append(input(column, .min, "\(column.name) ≥"))
                parts.append(input(column, .max, "≤"))
            case .choice:
                let labels = column.type == .boolean ? ["true", "false"] : app.schema.enumType(named: column.type.referencedEnum ?? "")?.valueNames ?? []
                parts.append(select(column, .eq, column.name, labels.map { ($0, $0) }))
            case .equality: parts.append(input(column, .eq, "\(column.name) ="))
            case .jsonb: parts.append(input(column, .json, "\(column.name) @>", placeholder: "{\"key\": 1}"))
            case .other: break
            }
            // An equality filter set by a relation link on a column without its own input.
            if !current(column, .eq).isEmpty, ![.choice, .equality].contains(ColumnFilter.kind(of: column.type)) { parts.append(input(column, .eq, "\(column.name) =")) }
            if column.isNullable { parts.append(select(column, .null, "\(column.name) is", [("null", "null"), ("notnull", "not null")])) }
            if !parts.isEmpty { fields.append(parts.joined(separator: " ")) }
        }
        return "<details class=\"filters\"\(filters.isEmpty ? "" : " open")><summary>Filter</summary><form class=\"filters\" method=\"get\" action=\"/t/\(HTML.escape(FormData.encode(table.name)))\">"
            + fields.map { "<div>\($0)</div>" }.joined()
            + "<input type=\"hidden\" name=\"sort\" value=\"\(HTML.escape(sort.name))\"><input type=\"hidden\" name=\"dir\" value=\"\(ascending ? "asc" : "desc")\">"
            + "<button type=\"submit\" id=\"apply-filters\">Apply</button> \(HTML.link("/t/\(FormData.encode(table.name))", "clear"))</form></details>"
    }

    // MARK: One row

    /// The row addressed by the primary key values in `query`; a missing row or key is a 404/400 message.
    func fetchRow(_ query: FormData) async throws -> [String?] {
        guard let key = table.primaryKey, !key.columns.isEmpty else {
            throw PageProblem(status: 400, title: "No primary key", message: "\(table.name) has no primary key: its rows have no address to open or edit.")
        }
        var builder = StatementBuilder()
        guard let condition = TableSQL.keyCondition(table, query, &builder) else {
            throw PageProblem(status: 400, title: "Which row?", message: "The address of a \(table.name) row needs \(key.columns.map { "\($0)=…" }.joined(separator: "&")).")
        }
        builder.text = "SELECT \(TableSQL.selectList(table)) FROM \(TableSQL.relation(table.name)) WHERE " + condition
        let described = key.columns.map { "\($0) = \(query[$0] ?? "")" }.joined(separator: ", ")
        let result: QueryResult
        do {
            result = try await app.db.query(builder.sql)
        } catch let error as PostgresError where error.sqlState?.hasPrefix("22") == true {
            throw PageProblem(status: 400, title: "Not a row address", message: "\(described) is not a key of \(table.name): \(StudioApp.describe(error))")
        }
        guard let row = result.first else {
            throw PageProblem(status: 404, title: "No such row", message: "\(table.name) has no row with \(described) (deleted, or never there).")
        }
        return try (0..<table.columns.count).map { try row.decode(String?.self, at: $0) }
    }

    func rowPage(_ query: FormData) async throws -> String {
        let values = try await fetchRow(query)
        var body = "<h1>\(HTML.link("/t/\(FormData.encode(table.name))", table.name)) row</h1>"
        if query["saved"] != nil { body += HTML.message("ok", "Saved.") }
        body += "<table id=\"row\">"
        for (column, value) in zip(table.columns, values) {
            body += "<tr><th>\(HTML.escape(column.name)) <span class=\"muted\">\(HTML.escape(column.type.sql))</span></th>" + ValueViews.cell(value, column: column, table: table, full: true) + "</tr>"
        }
        body += "</table>"
        if !app.readOnly {
            body += "<p>" + HTML.link(RowTable.rowPath(table, values, action: "edit"), "Edit", attributes: "id=\"edit-row\"") + "</p>"
            body += "<form class=\"delete\" method=\"post\" action=\"\(HTML.escape(RowTable.rowPath(table, values, action: "delete")))\">\(HTML.tokenField(app.access.token))<button type=\"submit\" id=\"delete-row\">Delete this row</button></form>"
        }
        body += try await relationsSection(values)
        return app.page("\(table.name) row", body)
    }

    /// The rows of the schema's inverse relations (has many, has one, many to many), 20 each.
    private func relationsSection(_ values: [String?]) async throws -> String {
        var html = ""
        for relation in app.schema.relations(of: table.name) where relation.kind != .belongsTo {
            guard let target = app.schema.table(named: relation.targetTable), let targetColumn = target.column(named: relation.targetColumn),
                let index = table.columns.firstIndex(where: { $0.name == relation.sourceColumn }), let value = values[index]
            else { continue }
            var builder = StatementBuilder()
            let parameter = builder.parameter(value, as: TableSQL.castType(table.columns[index].type))
            let condition: String
            if let through = relation.through {
                condition = "\(TableSQL.name(targetColumn.name)) IN (SELECT \(TableSQL.name(through.targetColumn)) FROM \(TableSQL.relation(through.table)) WHERE \(TableSQL.name(through.sourceColumn)) = \(parameter))"
            } else {
                condition = "\(TableSQL.name(targetColumn.name)) = \(parameter)"
            }
            builder.text = "SELECT \(TableSQL.selectList(target)) FROM \(TableSQL.relation(target.name)) WHERE \(condition) LIMIT 21"
            let result = try await app.db.query(builder.sql)
            let rows = try result.prefix(20).map { row in try (0..<target.columns.count).map { try row.decode(String?.self, at: $0) } }
            html += "<h2 class=\"relation\">\(HTML.escape(relation.name)) <span class=\"muted\">(\(HTML.escape(relation.kind.rawValue)) \(HTML.escape(target.name)))</span></h2>"
            if rows.isEmpty { html += "<p class=\"muted\">none</p>"; continue }
            html += RowTable.render(target, rows: rows, id: "relation-\(relation.name)")
            if relation.through == nil {
                let all = "/t/\(FormData.encode(target.name))" + HTML.query([("f.\(targetColumn.name).eq", value)])
                html += "<p>" + HTML.link(all, result.count > 20 ? "all \(target.name) rows of this \(table.name) →" : "as a filtered list →") + "</p>"
            }
        }
        return html
    }
}
