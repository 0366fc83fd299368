import Foundation

/// Who may use the studio: whoever holds the random token it printed (like Jupyter's). The token
/// comes in the URL once (`/?token=...`) and is exchanged for an HttpOnly, SameSite=Strict cookie;
/// every other request without a valid token or cookie gets 403. A POST must also carry the
/// token in its form (`_token`) and, when the browser sends an Origin, come from the studio's own
/// origin, so another web page cannot drive it (there are no CORS headers either).
struct StudioAccess: Sendable {
    static let cookieName = "tusk_studio"
    let token: String

    /// 32 random bytes, hex.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    enum Decision: Equatable {
        case allowed
        /// Allowed, and the response sets the cookie (the token came in the URL).
        case allowedSettingCookie
        case refused(String)
    }

    func decide(_ request: StudioRequest) -> Decision {
        let fromURL = request.query["token"].map(matches) ?? false
        let fromCookie = request.cookies[Self.cookieName].map(matches) ?? false
        guard fromURL || fromCookie else {
            return .refused("This Tusk Studio needs its token: open the URL it printed when it started (http://…/?token=…).")
        }
        if request.method == "POST" {
            guard request.form["_token"].map(matches) == true else {
                return .refused("A write must carry the studio's token in its form (_token).")
            }
            if let origin = request.headers["origin"], origin != "http://" + (request.headers["host"] ?? "") {
                return .refused("Cross-site request refused (Origin \(origin)).")
            }
        }
        return fromURL ? .allowedSettingCookie : .allowed
    }

    var cookieHeader: String { "\(Self.cookieName)=\(token); HttpOnly; SameSite=Strict; Path=/" }

    /// Compares in time independent of where the first difference is.
    private func matches(_ candidate: String) -> Bool {
        let a = Array(candidate.utf8), b = Array(token.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
