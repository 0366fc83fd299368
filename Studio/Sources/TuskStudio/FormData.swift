import Foundation

/// `application/x-www-form-urlencoded` pairs (a query string or a POST body), in order.
struct FormData: Sendable {
    var pairs: [(String, String)]

    init(pairs: [(String, String)] = []) { self.pairs = pairs }

    init(encoded text: String) {
        pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(halves[0]), halves.count > 1 ? Self.decode(halves[1]) : "")
        }
    }

    subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    func has(_ name: String) -> Bool { pairs.contains { $0.0 == name } }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
