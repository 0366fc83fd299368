import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Hummingbird's side: a request becomes a ``StudioRequest`` (a POST body of at most 1 MiB, read
/// as a form), the page's ``StudioResponse`` becomes the HTTP response.
struct StudioResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    static let maximumBody = 1 << 20
    let app: StudioApp

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName, default: ""] += headers[field.name.canonicalName] == nil ? field.value : "; " + field.value }
        // HTTP/1's Host header arrives as the request's authority.
        if let authority = request.head.authority { headers["host"] = authority }
        var form = FormData()
        if request.method == .post {
            do {
                let body = try await request.collectBody(upTo: Self.maximumBody)
                form = FormData(encoded: String(buffer: body))
            } catch {
                return Self.response(.text("413: a request body is limited to 1 MiB.", status: 413))
            }
        }
        let studioRequest = StudioRequest(
            method: request.method.rawValue, path: request.uri.path, query: FormData(encoded: request.uri.query ?? ""),
            form: form, headers: headers)
        return Self.response(await app.respond(to: studioRequest))
    }

    static func response(_ response: StudioResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: response.body)))
    }
}
