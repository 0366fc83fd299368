import Foundation

extension ColumnReader {
    static let validationKeys = ["min", "max", "min_length", "max_length", "pattern", "format"]

    /// `validate: { min, max, min_length, max_length, pattern, format }`, in that canonical
    /// order; each rule must suit the column's type (`type` nil when it could not be read).
    func validations(_ node: YAMLNode, type: SQLType?, what: String) -> [ValidationRule] {
        guard let options = read.options(node, allowed: Self.validationKeys, what: "'validate' of \(what)") else { return [] }
        var rules: [ValidationRule] = []
        func suits(_ key: String, _ ok: (SQLType) -> Bool, _ needs: String) -> Bool {
            guard let entry = options[key] else { return false }
            if let type, !ok(type) {
                sink.error(entry.keyMark, "validation '\(key)' of \(what) needs \(needs), but the column is \(type.sql)")
                return false
            }
            return true
        }
        var bounds: [String: Double] = [:]
        for key in ["min", "max"] where suits(key, \.isNumber, "a number column") {
            if let value = read.number(options[key]!.value, what: "'\(key)' of \(what)") {
                bounds[key] = value
                rules.append(key == "min" ? .min(value) : .max(value))
            }
        }
        if let lo = bounds["min"], let hi = bounds["max"], lo > hi {
            sink.error(options["max"]!.value.mark, "'max' (\(options["max"]!.value.scalar!.text)) of \(what) is below 'min' (\(options["min"]!.value.scalar!.text))")
        }
        var lengths: [String: Int] = [:]
        for key in ["min_length", "max_length"] where suits(key, \.isTextual, "a text, varchar or char column") {
            guard let value = read.int(options[key]!.value, what: "'\(key)' of \(what)") else { continue }
            if value < 0 {
                sink.error(options[key]!.value.mark, "'\(key)' of \(what) must not be negative")
                continue
            }
            lengths[key] = value
            rules.append(key == "min_length" ? .minLength(value) : .maxLength(value))
        }
        if let lo = lengths["min_length"], let hi = lengths["max_length"], lo > hi {
            sink.error(options["max_length"]!.value.mark, "'max_length' (\(hi)) of \(what) is below 'min_length' (\(lo))")
        }
        if suits("pattern", \.isTextual, "a text, varchar or char column"),
           let pattern = read.text(options["pattern"]!.value, what: "'pattern' of \(what)") {
            if (try? NSRegularExpression(pattern: pattern)) == nil {
                sink.error(options["pattern"]!.value.mark, "'pattern' of \(what) is not a valid regular expression: '\(pattern)'")
            } else {
                rules.append(.pattern(pattern))
            }
        }
        if let entry = options["format"] {
            let formats = ValidationFormat.allCases.map { ($0.rawValue, $0) }
            if let format = read.choice(entry.value, what: "'format' of \(what)", formats) {
                let fits: Bool = type.map { $0.isTextual || (format == .uuid && $0 == .uuid) } ?? true
                if fits {
                    rules.append(.format(format))
                } else {
                    sink.error(entry.keyMark, "validation 'format: \(format.rawValue)' of \(what) needs a text, varchar or char column\(format == .uuid ? " (or uuid)" : ""), but the column is \(type!.sql)")
                }
            }
        }
        return rules
    }
}
