import Foundation
import Tusk
import TuskSchema

/// Inserting, editing and deleting a row. Values are checked by the schema's rules
/// (``RowChecks``) before anything is sent; PostgreSQL's own refusals (unique, foreign key,
/// check) come back on the form with their SQLSTATE and constraint.
struct RowForms {
    let app: StudioApp
    let table: Table

    /// Columns the form sets: only those a write may name (not GENERATED ALWAYS identities,
    /// generated columns or tsvectors: the database fills them); on edit, not the primary key
    /// (the row's address) nor `auto_update` columns (set to now() by the update).
    func editable(editing: Bool) -> [Column] {
        let key = Set(table.primaryKey?.columns ?? [])
        return table.columns.filter { $0.isWritable && (!editing || (!key.contains($0.name) && !$0.autoUpdate)) }
    }

    /// The form; `values` are the row's (edit) or nil (insert); `submitted` refills it after a refusal.
    func render(values: [String?]?, key: FormData?, message: String?, submitted: FormData? = nil) -> String {
        let editing = values != nil
        let action = editing ? RowTable.rowPath(table, values!, action: "edit") : "/t/\(FormData.encode(table.name))/new"
        var body = "<h1>\(editing ? "Edit" : "Insert") \(HTML.link("/t/\(FormData.encode(table.name))", table.name)) row</h1>"
        if let message { body += HTML.message("error", message) }
        body += "<form method=\"post\" id=\"row-form\" action=\"\(HTML.escape(action))\">\(HTML.tokenField(app.access.token))<table>"
        for column in editable(editing: editing) {
            let index = table.columns.firstIndex { $0.name == column.name }!
            let current: String? = submitted.map { $0["v.\(column.name)"] ?? "" } ?? values?[index]
            let isNull = submitted.map { $0.has("n.\(column.name)") } ?? (editing && current == nil)
            let field = "v.\(column.name)"
            let id = "field-\(column.name)"
            var input: String
            let choices: [String]? = column.type == .boolean ? ["true", "false"] : column.type.isArray ? nil : column.type.referencedEnum.flatMap { app.schema.enumType(named: $0)?.valueNames }
            if let choices {
                let options = ((editing ? [] : [""]) + choices).map { "<option\($0 == (current ?? "") ? " selected" : "")>\(HTML.escape($0))</option>" }.joined()
                input = "<select name=\"\(HTML.escape(field))\" id=\"\(HTML.escape(id))\">\(options)</select>"
            } else if [.json, .jsonb].contains(column.type) || column.type.isArray || (current?.count ?? 0) > 80 {
                input = "<textarea name=\"\(HTML.escape(field))\" id=\"\(HTML.escape(id))\" rows=\"3\">\(HTML.escape(current ?? ""))</textarea>"
            } else {
                input = "<input class=\"wide\" name=\"\(HTML.escape(field))\" id=\"\(HTML.escape(id))\" value=\"\(HTML.escape(current ?? ""))\">"
            }
            if column.isNullable {
                input += " <label><input type=\"checkbox\" class=\"null-toggle\" data-field=\"\(HTML.escape(id))\" name=\"n.\(HTML.escape(column.name))\"\(isNull ? " checked" : "")> NULL</label>"
            }
            var notes = [column.type.sql] + column.validations.map(Self.describe)
            if !editing, column.isDatabaseFilled { notes.append("blank: the database's default") } else if !editing, column.isNullable { notes.append("blank: NULL") }
            body += "<tr><th><label for=\"\(HTML.escape(id))\">\(HTML.escape(column.name))</label></th><td>\(input) <span class=\"muted\">\(HTML.escape(notes.joined(separator: ", ")))</span></td></tr>"
        }
        body += "</table><button type=\"submit\" id=\"save-row\">\(editing ? "Save" : "Insert")</button></form>"
        return app.page("\(editing ? "Edit" : "Insert") \(table.name)", body)
    }

    static func describe(_ rule: ValidationRule) -> String {
        switch rule {
        case .min(let v): "min \(v)"
        case .max(let v): "max \(v)"
        case .minLength(let v): "min_length \(v)"
        case .maxLength(let v): "max_length \(v)"
        case .pattern(let p): "pattern \(p)"
        case .format(let f): "format \(f.rawValue)"
        }
    }

    /// Inserts (`key` nil) or updates the row addressed by `key` with the form's values.
    func save(_ form: FormData, key: FormData?) async throws -> StudioResponse {
        let editing = key != nil
        let routes = TableRoutes(app: app, table: table)
        let original = editing ? try await routes.fetchRow(key!) : nil
        var validator = Validator(table: table.name)
        var failures: [ValidationError.Failure] = []
        var assignments: [(column: Column, value: String?)] = []
        for column in editable(editing: editing) {
            if column.isNullable, form.has("n.\(column.name)") {
                assignments.append((column, nil))
                continue
            }
            let text = form["v.\(column.name)"] ?? ""
            // A blank field: on insert the database's default, else NULL when allowed; an empty
            // string for a text column; else a value is required.
            if text.isEmpty {
                if !editing && column.isDatabaseFilled { continue }
                if !editing && column.isNullable { assignments.append((column, nil)); continue }
                if ColumnFilter.kind(of: column.type) != .text {
                    if column.isNullable { assignments.append((column, nil)) } else {
                        failures.append(ValidationError.Failure(column: column.name, rule: "not_null", message: "a value is required"))
                    }
                    continue
                }
            }
            RowChecks.check(text, column: column, schema: app.schema, into: &validator, failures: &failures)
            assignments.append((column, text))
        }
        failures += validator.failures
        if !failures.isEmpty {
            let error = ValidationError(table: table.name, failures: failures)
            return .html(render(values: original, key: key, message: "Nothing was written. " + error.description, submitted: form), status: 422)
        }

        var builder = StatementBuilder()
        let keyColumns = table.primaryKey?.columns ?? []
        let returning = keyColumns.map { "\(TableSQL.name($0))::text" }.joined(separator: ", ")
        if let key {
            var sets = assignments.map { "\(TableSQL.name($0.column.name)) = \(builder.parameter($0.value, as: TableSQL.castType($0.column.type)))" }
            sets += table.columns.filter(\.autoUpdate).map { "\(TableSQL.name($0.name)) = now()" }
            let condition = TableSQL.keyCondition(table, key, &builder) ?? "false"  // fetchRow above checked the key
            guard !sets.isEmpty else { return .redirect(RowTable.rowPath(table, original!) + "&saved=1") }
            builder.text = "UPDATE \(TableSQL.relation(table.name)) SET \(sets.joined(separator: ", ")) WHERE \(condition) RETURNING \(returning)"
        } else if assignments.isEmpty {
            builder.text = "INSERT INTO \(TableSQL.relation(table.name)) DEFAULT VALUES RETURNING \(returning)"
        } else {
            let values = assignments.map { builder.parameter($0.value, as: TableSQL.castType($0.column.type)) }
            builder.text = "INSERT INTO \(TableSQL.relation(table.name)) (\(assignments.map { TableSQL.name($0.column.name) }.joined(separator: ", "))) VALUES (\(values.joined(separator: ", "))) RETURNING \(returning)"
        }
        let result: QueryResult
        do {
            result = try await app.db.query(builder.sql)
        } catch let error as PostgresError where error.sqlState != nil {
            return .html(render(values: original, key: key, message: "PostgreSQL refused the \(editing ? "update" : "insert"): " + StudioApp.describe(error), submitted: form), status: 409)
        }
        guard let row = result.first else {
            throw PageProblem(status: 404, title: "No such row", message: "The \(table.name) row was deleted meanwhile; nothing was written.")
        }
        let newKey = try keyColumns.indices.map { (keyColumns[$0], try row.decode(String.self, at: $0)) }
        return .redirect("/t/\(FormData.encode(table.name))/row" + HTML.query(newKey + [("saved", "1")]))
    }

    func delete(key: FormData) async throws -> StudioResponse {
        let values = try await TableRoutes(app: app, table: table).fetchRow(key)
        var builder = StatementBuilder()
        let condition = TableSQL.keyCondition(table, key, &builder) ?? "false"  // fetchRow above checked the key
        builder.text = "DELETE FROM \(TableSQL.relation(table.name)) WHERE \(condition)"
        do {
            try await app.db.run(builder.sql)
        } catch let error as PostgresError where error.sqlState != nil {
            let back = HTML.link(RowTable.rowPath(table, values), "back to the row")
            return .html(app.page("Not deleted", HTML.message("error", "PostgreSQL refused the delete: " + StudioApp.describe(error)) + "<p>\(back)</p>"), status: 409)
        }
        return .redirect("/t/\(FormData.encode(table.name))?deleted=1")
    }
}
