import Foundation

/// Checks a literal `default:` against the column's type and renders it as the text
/// PostgreSQL reads for that type, keeping the written form (`0.50` stays `0.50`).
struct DefaultLiteral {
    /// Declared enums by name, for enum defaults.
    let enums: [String: EnumType]

    /// The literal text, or a message saying why the value does not fit `type`.
    func render(_ node: YAMLNode, as type: SQLType) -> Result<String, LiteralProblem> {
        switch type {
        case .json, .jsonb:
            return .success(JSONText.render(node, binary: type == .jsonb))
        case .array(let element):
            guard let items = node.items else {
                return .failure(LiteralProblem(node.mark, "a default for \(type.sql) must be a list, e.g. [] or [a, b], found \(node.kindDescription)"))
            }
            var parts: [String] = []
            for item in items {
                if item.scalar?.isNull == true { parts.append("NULL"); continue }
                switch render(item, as: element) {
                case .success(let text): parts.append(arrayElement(text, of: element))
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success("{" + parts.joined(separator: ",") + "}")
        case .vector(let dimensions):
            guard let items = node.items else {
                return .failure(LiteralProblem(node.mark, "a default for \(type.sql) must be a list of \(dimensions) numbers, found \(node.kindDescription)"))
            }
            guard items.count == dimensions else {
                return .failure(LiteralProblem(node.mark, "a default for \(type.sql) needs \(dimensions) numbers, found \(items.count)"))
            }
            for item in items where item.scalar?.isNumber != true {
                return .failure(LiteralProblem(item.mark, "a \(type.sql) element must be a number, found \(item.kindDescription)"))
            }
            return .success("[" + items.map { $0.scalar!.text }.joined(separator: ",") + "]")
        default:
            guard let scalar = node.scalar else {
                return .failure(LiteralProblem(node.mark, "a default for \(type.sql) must be a single value, found \(node.kindDescription); use { sql: ... } for an expression"))
            }
            if scalar.isNull {
                return .failure(LiteralProblem(node.mark, "'default: null' is the same as no default; remove the key (a nullable column defaults to NULL)"))
            }
            if let message = problem(scalar, type) { return .failure(LiteralProblem(node.mark, message)) }
            if type == .boolean { return .success(scalar.bool.map { $0 ? "true" : "false" } ?? scalar.text) }
            return .success(scalar.text)
        }
    }

    /// Why a scalar does not fit a scalar type, or nil when it fits.
    private func problem(_ scalar: YAMLScalar, _ type: SQLType) -> String? {
        let text = scalar.text
        let shown = "'\(text)'"
        switch type {
        case .smallint, .integer, .bigint:
            let ranges: [SQLType: ClosedRange<Int64>] = [.smallint: -32768...32767, .integer: Int64(Int32.min)...Int64(Int32.max), .bigint: Int64.min...Int64.max]
            guard let value = Int64(text) else {
                return "default \(shown) is not a whole number, as \(type.sql) needs"
            }
            let range = ranges[type]!
            return range.contains(value) ? nil : "default \(shown) is out of range for \(type.sql) (\(range.lowerBound) to \(range.upperBound))"
        case .real, .doublePrecision:
            if ["NaN", "Infinity", "-Infinity"].contains(text) { return nil }
            return YAMLScalar.isNumberText(text) ? nil : "default \(shown) is not a number, as \(type.sql) needs"
        case .numeric(let precision, let scale):
            // Special values: NaN fits any numeric; infinities only an unconstrained one
            // (PostgreSQL 14+: "a field with precision p cannot hold an infinite value").
            if text == "NaN" { return nil }
            if text == "Infinity" || text == "-Infinity" {
                return precision == nil ? nil : "default \(shown) does not fit \(type.sql): only an unconstrained numeric holds an infinity"
            }
            guard text.range(of: #"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"#, options: .regularExpression) != nil else {
                return "default \(shown) is not a decimal number, as \(type.sql) needs (e.g. 0.50)"
            }
            guard let precision else { return nil }
            let unsigned = text.drop { $0 == "-" || $0 == "+" }
            let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
            let integerDigits = parts[0].drop { $0 == "0" }.count
            let fractionDigits = parts.count > 1 ? parts[1].count : 0
            let s = scale ?? 0
            if integerDigits > precision - s {
                return "default \(shown) does not fit \(type.sql): at most \(precision - s) digit(s) before the decimal point"
            }
            if fractionDigits > s {
                return "default \(shown) has more than \(s) decimal place(s) for \(type.sql); PostgreSQL would round it"
            }
            return nil
        case .boolean:
            return scalar.bool != nil || ["true", "false"].contains(text) ? nil : "default \(shown) is not a boolean; use true or false"
        case .varchar(let length?):
            return text.count <= length ? nil : "default \(shown) is \(text.count) characters long, longer than \(type.sql) allows"
        case .char(let length):
            return text.count <= length ? nil : "default \(shown) is \(text.count) characters long, longer than \(type.sql) allows"
        case .uuid:
            return UUID(uuidString: text) != nil ? nil : "default \(shown) is not a UUID (e.g. 123e4567-e89b-12d3-a456-426614174000); for a fresh one use { sql: gen_random_uuid() }"
        case .date, .time, .timestamp, .timestamptz:
            if ["now", "today", "tomorrow", "yesterday", "current_timestamp", "current_date", "now()"].contains(text.lowercased()) {
                return "default \(shown) would be frozen at the moment the table is created; use { sql: now() } (or CURRENT_DATE) for the time of each insert"
            }
            return dateTimePattern[type].map { text.range(of: $0, options: .regularExpression) != nil || text == "infinity" || text == "-infinity" } == false
                ? "default \(shown) is not a valid \(type.sql) (e.g. \(dateTimeExample[type]!))" : nil
        case .inet:
            return isInet(text) ? nil : "default \(shown) is not an IP address (e.g. 192.168.0.1 or ::1/128)"
        case .enumType(let name):
            guard let values = enums[name]?.valueNames else { return nil }
            return values.contains(text) ? nil : "default \(shown) is not a value of enum '\(name)'\(didYouMean(text, values)) (values: \(values.joined(separator: ", ")))"
        default:
            return nil
        }
    }

    private let dateTimePattern: [SQLType: String] = [
        .date: #"^\d{4}-\d{2}-\d{2}$"#,
        .time: #"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"#,
        .timestamp: #"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"#,
        .timestamptz: #"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?( ?(Z|[+-]\d{2}(:?\d{2})?|UTC))?$"#,
    ]
    private let dateTimeExample: [SQLType: String] = [
        .date: "2024-01-31", .time: "08:30:00", .timestamp: "2024-01-31 08:30:00", .timestamptz: "2024-01-31 08:30:00+00",
    ]

    private func isInet(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        if parts.count == 2, Int(parts[1]) == nil { return false }
        let address = parts[0]
        if address.contains(":") {
            return !address.isEmpty && address.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let octets = address.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
    }

    /// An element of a PostgreSQL array literal: numbers and booleans bare, the rest quoted.
    private func arrayElement(_ text: String, of element: SQLType) -> String {
        switch element {
        case .smallint, .integer, .bigint, .real, .doublePrecision, .numeric, .boolean: text
        default: "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }
}

struct LiteralProblem: Error {
    var mark: YAMLMark
    var message: String
    init(_ mark: YAMLMark, _ message: String) {
        self.mark = mark
        self.message = message
    }
}
