import Foundation
import Tusk

/// `/sql`: one query run in a READ ONLY transaction with a statement timeout (whatever the
/// studio's mode), its rows shown; or its `EXPLAIN (FORMAT JSON)` plan as an indented tree.
struct SQLPage {
    let app: StudioApp
    static let rowLimit = 500
    static let timeout = "5s"

    func render(sql: String, result: String?) -> String {
        app.page("SQL", """
            <h1>SQL</h1><form method="post" action="/sql">\(HTML.tokenField(app.access.token))
            <textarea name="sql" id="sql" rows="6" spellcheck="false">\(HTML.escape(sql))</textarea><br>
            <button type="submit" name="action" value="run" id="run-sql">Run (read-only)</button>
            <button type="submit" name="action" value="explain" id="explain-sql">Explain</button>
            <span class="muted">One query; READ ONLY transaction, statement_timeout \(Self.timeout), first \(Self.rowLimit) rows.</span></form>
            \(result ?? "")
            """)
    }

    func run(_ form: FormData) async -> String {
        var sql = (form["sql"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        while sql.hasSuffix(";") { sql = String(sql.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !sql.isEmpty else { return render(sql: sql, result: HTML.message("error", "Write a query first.")) }
        do {
            let output = try await app.db.transaction(readOnly: true) { tx in
                try await tx.run(SQL(trusted: "SET LOCAL statement_timeout = '\(Self.timeout)'"))
                return form["action"] == "explain" ? try await explain(sql, tx) : try await rows(sql, tx)
            }
            return render(sql: sql, result: output)
        } catch {
            return render(sql: sql, result: HTML.message("error", StudioApp.describe(error)))
        }
    }

    /// The query as a subquery: its columns (a LIMIT 0 run), then each row as JSON text (one
    /// decoder for every type). The extended protocol refuses a second statement.
    private func rows(_ sql: String, _ tx: Transaction) async throws -> String {
        let columns = try await tx.query(SQL(trusted: "SELECT * FROM (\(sql)\n) AS q LIMIT 0")).columns.map(\.name)
        let result = try await tx.query(SQL(trusted: "SELECT row_to_json(q)::text FROM (\(sql)\n) AS q LIMIT \(Self.rowLimit + 1)"))
        var html = "<table id=\"sql-result\"><tr>" + columns.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>"
        for row in result.prefix(Self.rowLimit) {
            guard case .object(let object) = JSONValue.parse(try row.decode(String.self, at: 0)) ?? .null else { continue }
            html += "<tr>" + columns.map { name -> String in
                switch object[name] ?? .null {
                case .null: return "<td class=\"null\">NULL</td>"
                case .string(let text): return "<td>\(HTML.escape(text))</td>"
                case .number(let text): return "<td>\(HTML.escape(text))</td>"
                case .bool(let value): return "<td>\(value)</td>"
                case let other: return "<td>\(ValueViews.jsonTree(other, open: false))</td>"
                }
            }.joined() + "</tr>"
        }
        let count = min(result.count, Self.rowLimit)
        return "<p id=\"sql-summary\">\(count) row\(count == 1 ? "" : "s")\(result.count > Self.rowLimit ? " (more not shown)" : "")</p>" + html + "</table>"
    }

    private func explain(_ sql: String, _ tx: Transaction) async throws -> String {
        let text = try await tx.queryFirst(SQL(trusted: "EXPLAIN (FORMAT JSON) \(sql)"), as: String.self) ?? "[]"
        guard case .array(let plans) = JSONValue.parse(text) ?? .null, case .object(let top)? = plans.first, let plan = top["Plan"] else {
            return "<pre>\(HTML.escape(text))</pre>"
        }
        return "<h2>Plan</h2><ul class=\"plan\" id=\"plan\">\(PlanTree.node(plan))</ul><details><summary>JSON</summary><pre>\(HTML.escape(text))</pre></details>"
    }
}

/// An `EXPLAIN (FORMAT JSON)` plan as nested lists: node type, relation and index, cost, rows.
enum PlanTree {
    static func node(_ plan: JSONValue) -> String {
        guard case .object(let fields) = plan else { return "" }
        func text(_ key: String) -> String? {
            switch fields[key] {
            case .string(let value)?: value
            case .number(let value)?: value
            default: nil
            }
        }
        var line = "<b class=\"node\">\(HTML.escape(text("Node Type") ?? "?"))</b>"
        if let relation = text("Relation Name") { line += " on <b>\(HTML.escape(relation))</b>" + (text("Alias").map { $0 != relation ? " \(HTML.escape($0))" : "" } ?? "") }
        if let index = text("Index Name") { line += " using <b>\(HTML.escape(index))</b>" }
        for key in ["Index Cond", "Filter", "Hash Cond", "Join Filter", "Sort Key"] {
            if let value = text(key) { line += "<br><span class=\"muted\">\(key): \(HTML.escape(value))</span>" }
            if case .array(let items)? = fields[key] {
                let joined = items.compactMap { if case .string(let s) = $0 { s } else { nil } }.joined(separator: ", ")
                line += "<br><span class=\"muted\">\(key): \(HTML.escape(joined))</span>"
            }
        }
        line += " <span class=\"muted\">cost \(text("Startup Cost") ?? "?")..\(text("Total Cost") ?? "?") · rows \(text("Plan Rows") ?? "?") · width \(text("Plan Width") ?? "?")</span>"
        var children = ""
        if case .array(let plans)? = fields["Plans"] { children = "<ul class=\"plan\">" + plans.map(node).joined() + "</ul>" }
        return "<li>\(line)\(children)</li>"
    }
}
