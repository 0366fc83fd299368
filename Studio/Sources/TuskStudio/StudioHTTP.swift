import Foundation

/// A request as the pages see it: independent of the HTTP server (Hummingbird glue in ``StudioResponder``).
struct StudioRequest: Sendable {
    var method: String
    var path: String
    var query: FormData
    var form: FormData
    /// Header values by lower-cased name.
    var headers: [String: String]

    var cookies: [String: String] {
        var result: [String: String] = [:]
        for part in (headers["cookie"] ?? "").split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2 { result[pair[0]] = pair[1] }
        }
        return result
    }
}

struct StudioResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: String

    static func html(_ body: String, status: Int = 200) -> StudioResponse {
        StudioResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: body)
    }

    /// 303 See Other: after a write, the browser GETs the result page.
    static func redirect(_ location: String) -> StudioResponse {
        StudioResponse(status: 303, headers: [("Location", location)], body: "")
    }

    static func text(_ text: String, status: Int) -> StudioResponse {
        StudioResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: text + "\n")
    }
}
