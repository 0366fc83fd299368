import Foundation
import Tusk
import TuskSchema

/// The studio: routes a request to its page. Every page is server-rendered HTML; a problem
/// with the input is a message on the page (400/404 with the reason), never a crash.
struct StudioApp: Sendable {
    let db: Database
    let schema: Schema
    let access: StudioAccess
    let readOnly: Bool
    /// The directory holding Migrations/, schema.snapshot.json and tusk.sum.
    let generatedDirectory: URL

    func respond(to request: StudioRequest) async -> StudioResponse {
        var setCookie = false
        switch access.decide(request) {
        case .refused(let reason): return .text("403 Forbidden: " + reason, status: 403)
        case .allowedSettingCookie: setCookie = true
        case .allowed: break
        }
        var response: StudioResponse
        do {
            response = try await route(request)
        } catch let problem as PageProblem {
            response = .html(page(problem.title, HTML.message("error", problem.message)), status: problem.status)
        } catch {
            response = .html(page("Error", HTML.message("error", Self.describe(error))), status: 500)
        }
        if setCookie { response.headers.append(("Set-Cookie", access.cookieHeader)) }
        response.headers += [
            ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"),
            ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"), ("Cache-Control", "no-store"),
        ]
        return response
    }

    private func route(_ request: StudioRequest) async throws -> StudioResponse {
        let parts = request.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        switch (request.method, parts.count, parts.first) {
        case ("GET", 0, _): return .html(try await TablesPage(app: self).render())
        case ("GET", 1, "migrations"): return .html(try await MigrationsPage(app: self).render())
        case ("GET", 1, "sql"): return .html(SQLPage(app: self).render(sql: "", result: nil))
        case ("POST", 1, "sql"): return .html(await SQLPage(app: self).run(request.form))
        case (_, 2, "t"), (_, 3, "t"):
            let action = parts.count == 3 ? parts[2] : nil
            if let view = schema.view(named: parts[1]) {
                return try await TableRoutes(app: self, table: view.readOnlyTable, view: view).route(request, action: action)
            }
            return try await TableRoutes(app: self, table: try self.table(parts[1])).route(request, action: action)
        default:
            throw PageProblem(status: 404, title: "Not found", message: "No page at \(request.path).")
        }
    }

    func table(_ name: String) throws -> Table {
        guard let table = schema.table(named: name) else {
            throw PageProblem(status: 404, title: "Unknown table", message: "schema.yaml has no table named \(name). Tables: \(schema.tables.map(\.name).joined(separator: ", ")).")
        }
        return table
    }

    func page(_ title: String, _ body: String) -> String { HTML.page(title: title, readOnly: readOnly, body: body) }

    /// A database error as a person acts on it: SQLSTATE, the constraint, the message and detail.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PostgresError else { return "\(error)" }
        var text = error.message
        if let state = error.sqlState { text = "SQLSTATE \(state) (\(error.kind))" + (error.constraint.map { ", constraint \($0)" } ?? "") + ": " + text }
        if let detail = error.detail { text += "\nDetail: " + detail }
        if let hint = error.hint { text += "\nHint: " + hint }
        return text
    }
}

/// A request the page cannot serve, and why (shown on the page).
struct PageProblem: Error {
    var status: Int
    var title: String
    var message: String
}
