import Foundation

/// Renders a YAML value as JSON text for json/jsonb defaults.
///
/// jsonb keeps objects the way PostgreSQL prints them (keys ordered by length, then bytes; the
/// last duplicate wins; `", "` and `": "` separators), so the default reads back from the
/// catalog unchanged. json keeps the written key order. Plain YAML scalars are typed (numbers
/// in their written form, true/false, null); everything else becomes a JSON string.
enum JSONText {
    static func render(_ node: YAMLNode, binary: Bool) -> String {
        switch node.content {
        case .scalar(let s):
            if s.isNull { return "null" }
            if let b = s.bool { return b ? "true" : "false" }
            if s.isNumber, isJSONNumber(s.text) { return s.text }
            return quote(s.text)
        case .sequence(let items):
            return "[" + items.map { render($0, binary: binary) }.joined(separator: ", ") + "]"
        case .mapping(let pairs):
            var members: [(String, String)] = []
            for pair in pairs {
                let value = render(pair.value, binary: binary)
                if binary, let i = members.firstIndex(where: { $0.0 == pair.keyText }) {
                    members[i].1 = value
                } else {
                    members.append((pair.keyText, value))
                }
            }
            if binary {
                members.sort { a, b in
                    let (x, y) = (Array(a.0.utf8), Array(b.0.utf8))
                    return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
                }
            }
            return "{" + members.map { quote($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
        }
    }

    /// JSON numbers: no leading `+`, no leading zeros, digits on both sides of a dot.
    static func isJSONNumber(_ text: String) -> Bool {
        text.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
