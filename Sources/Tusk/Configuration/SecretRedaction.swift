import Foundation

/// Keeps passwords out of every message built from a connection string.
///
/// libpq's parser quotes the part of the input it could not read (`invalid percent-encoded
/// token: "S3cret%zz"`), and a malformed string cannot be trusted to say where its password is,
/// so messages about a string that does not parse never show what libpq quoted. Messages about a
/// string that does parse are built from its parameters, where the password is masked, and are
/// scrubbed of the password's value as a second guard.
enum SecretRedaction {
    static let mask = "********"

    /// libpq's `PQconninfoParse` message with the input it quotes removed: the first quoted
    /// echo up to the last quote in the message becomes `"…"`. libpq's own fixed tokens
    /// (`"="`, `"]"`, `":" or "/"`) stay, so `missing "=" after "…" in connection info string`
    /// still says what is wrong.
    static func parseMessage(_ message: String) -> String {
        let fixedTokens: Set<String> = ["\"=\"", "\"]\"", "\":\"", "\"/\""]
        var scanned = message.startIndex
        while let open = message[scanned...].firstIndex(of: "\"") {
            let afterOpen = message.index(after: open)
            if let close = message[afterOpen...].firstIndex(of: "\""),
                fixedTokens.contains(String(message[open...close]))
            {
                scanned = message.index(after: close)
                continue
            }
            let lastQuote = message.lastIndex(of: "\"")!
            let tail = lastQuote > open ? message[message.index(after: lastQuote)...] : message[message.endIndex...]
            return String(message[..<open]) + "\"…\"" + String(tail)
        }
        return message
    }

    /// `text` with every occurrence of each secret replaced by the mask. Secrets shorter than
    /// four characters are not searched for: they would match ordinary words of a message, and
    /// this is the second guard (messages never include the password in the first place).
    static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: mask)
            if let decoded = secret.removingPercentEncoding, decoded != secret, decoded.count >= 4 {
                result = result.replacingOccurrences(of: decoded, with: mask)
            }
        }
        return result
    }

    /// Connection keywords whose values are secrets (masked in descriptions and messages).
    static let secretKeywords: Set<String> = ["password", "sslpassword"]
}
