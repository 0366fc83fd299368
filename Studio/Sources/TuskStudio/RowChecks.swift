import Foundation
import Tusk
import TuskSchema

/// The schema's rules for one value typed in a form, checked before anything is sent: the same
/// rules, with the same ``Validator`` functions, that generated `validate()` methods run
/// (TuskCodegen's `ValidatorRules`: varchar/char lengths, numeric precision, vector dimensions,
/// enum labels, then the column's `validate:` rules). The text is first read as the column's
/// Swift type; text that is not one (a number field holding "abc") is a failure too.
enum RowChecks {
    /// Adds `column`'s failures for `text` (nil: NULL or the database's default) to `validator`.
    static func check(_ text: String?, column: Column, schema: Schema, into validator: inout Validator, failures: inout [ValidationError.Failure]) {
        guard let text, column.swiftType == nil, !column.type.isArray else { return }
        func fail(_ rule: String, _ message: String) { failures.append(ValidationError.Failure(column: column.name, rule: rule, message: message)) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch column.type {
        case .smallint, .integer, .bigint:
            guard let value = Int64(trimmed) else { return fail(column.type.sql, "\(quoted(text)) is not a whole number") }
            for rule in column.validations {
                if case .min(let limit) = rule { validator.min(column.name, value, limit) }
                if case .max(let limit) = rule { validator.max(column.name, value, limit) }
            }
        case .real, .doublePrecision:
            guard let value = Double(trimmed) else { return fail(column.type.sql, "\(quoted(text)) is not a number") }
            for rule in column.validations {
                if case .min(let limit) = rule { validator.min(column.name, value, limit) }
                if case .max(let limit) = rule { validator.max(column.name, value, limit) }
            }
        case .numeric(let precision, let scale):
            guard Double(trimmed) != nil, let value = Decimal(string: trimmed) else { return fail(column.type.sql, "\(quoted(text)) is not a number") }
            if let precision { validator.numeric(column.name, value, precision: precision, scale: scale ?? 0) }
            for rule in column.validations {
                if case .min(let limit) = rule { validator.min(column.name, value, limit) }
                if case .max(let limit) = rule { validator.max(column.name, value, limit) }
            }
        case .uuid:
            guard let value = UUID(uuidString: trimmed) else { return fail("uuid", "\(quoted(text)) is not a UUID") }
            for case .format(let format) in column.validations { validator.format(column.name, value, Validator.Format(rawValue: format.rawValue) ?? .uuid) }
        case .vector(let dimensions):
            guard let vector = vector(trimmed) else { return fail(column.type.sql, "\(quoted(text)) is not a vector like [0.1, 0.2, 0.3]") }
            validator.dimensions(column.name, vector, dimensions)
        case .enumType(let name):
            let labels = schema.enumType(named: name)?.valueNames ?? []
            if !labels.contains(text) { fail("enum \(name)", "\(quoted(text)) is not a label of \(name)") }
        case .boolean:
            if !["true", "false"].contains(trimmed) { fail("boolean", "\(quoted(text)) is not true or false") }
        case .json, .jsonb:
            if JSONValue.parse(text) == nil { fail(column.type.sql, "is not valid JSON") }
        case .varchar(let length?):
            validator.maxLength(column.name, text, length, rule: "varchar(\(length))")
            stringRules(text, column, &validator)
        case .char(let length):
            validator.maxLength(column.name, text, length, rule: "char(\(length))")
            stringRules(text, column, &validator)
        case .text, .varchar:
            stringRules(text, column, &validator)
        default:
            break  // dates, times, inet, bytea…: PostgreSQL reads them (SQLSTATE 22… when it cannot)
        }
    }

    private static func stringRules(_ text: String, _ column: Column, _ validator: inout Validator) {
        for rule in column.validations {
            switch rule {
            case .minLength(let limit): validator.minLength(column.name, text, limit)
            case .maxLength(let limit): validator.maxLength(column.name, text, limit)
            case .pattern(let pattern): validator.pattern(column.name, text, pattern)
            case .format(let format): validator.format(column.name, text, Validator.Format(rawValue: format.rawValue) ?? .email)
            case .min, .max: break
            }
        }
    }

    static func vector(_ text: String) -> PostgresVector? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let parts = text.dropFirst().dropLast().split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return PostgresVector(parts.map { $0! })
    }

    private static func quoted(_ text: String) -> String { "\"" + (text.count > 60 ? text.prefix(57) + "..." : text) + "\"" }
}
