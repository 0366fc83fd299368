import Foundation

/// Collects the failing fields of one value; generated `validate()` methods call one check per
/// schema rule, then `check()` throws a ``ValidationError`` listing them all. Absent values
/// (nil: NULL, a database default, or a field the patch leaves alone) pass every rule.
public struct Validator: Sendable {
    public let table: String
    public private(set) var failures: [ValidationError.Failure] = []

    public init(table: String) { self.table = table }

    mutating func fail(_ column: String, _ rule: String, _ message: String) {
        failures.append(ValidationError.Failure(column: column, rule: rule, message: message))
    }

    /// Throws when any check failed.
    public func check() throws {
        if !failures.isEmpty { throw ValidationError(table: table, failures: failures) }
    }

    // MARK: validate: rules

    public mutating func min(_ column: String, _ value: (some BinaryInteger)?, _ limit: Double) {
        if let value, Double(value) < limit { fail(column, "min \(Self.number(limit))", "is \(value), the minimum is \(Self.number(limit))") }
    }
    public mutating func min(_ column: String, _ value: (some BinaryFloatingPoint)?, _ limit: Double) {
        if let value, Double(value) < limit { fail(column, "min \(Self.number(limit))", "is \(Self.number(Double(value))), the minimum is \(Self.number(limit))") }
    }
    public mutating func min(_ column: String, _ value: Decimal?, _ limit: Double) {
        if let value, value < Decimal(limit) { fail(column, "min \(Self.number(limit))", "is \(value), the minimum is \(Self.number(limit))") }
    }
    public mutating func max(_ column: String, _ value: (some BinaryInteger)?, _ limit: Double) {
        if let value, Double(value) > limit { fail(column, "max \(Self.number(limit))", "is \(value), the maximum is \(Self.number(limit))") }
    }
    public mutating func max(_ column: String, _ value: (some BinaryFloatingPoint)?, _ limit: Double) {
        if let value, Double(value) > limit { fail(column, "max \(Self.number(limit))", "is \(Self.number(Double(value))), the maximum is \(Self.number(limit))") }
    }
    public mutating func max(_ column: String, _ value: Decimal?, _ limit: Double) {
        if let value, value > Decimal(limit) { fail(column, "max \(Self.number(limit))", "is \(value), the maximum is \(Self.number(limit))") }
    }

    /// Length in characters, as PostgreSQL counts them (Unicode scalars).
    public mutating func minLength(_ column: String, _ value: String?, _ limit: Int) {
        if let value, value.unicodeScalars.count < limit {
            fail(column, "min_length \(limit)", "is \(value.unicodeScalars.count) characters long, the minimum is \(limit)")
        }
    }
    public mutating func maxLength(_ column: String, _ value: String?, _ limit: Int, rule: String? = nil) {
        if let value, value.unicodeScalars.count > limit {
            fail(column, rule ?? "max_length \(limit)", "is \(value.unicodeScalars.count) characters long, the limit is \(limit)")
        }
    }

    /// The whole value must match `pattern`.
    public mutating func pattern(_ column: String, _ value: String?, _ pattern: String) {
        guard let value else { return }
        let matches = (try? Regex(pattern)).map { (try? $0.wholeMatch(in: value)) != nil } ?? false
        if !matches { fail(column, "pattern \(pattern)", "\(Self.quoted(value)) does not match \(pattern)") }
    }

    public enum Format: String, Sendable { case email, url, uuid }

    public mutating func format(_ column: String, _ value: String?, _ format: Format) {
        guard let value else { return }
        let valid: Bool
        switch format {
        case .email: valid = value.wholeMatch(of: /[^\s@]+@[^\s@]+\.[^\s@]+/) != nil
        case .url:
            let components = URLComponents(string: value)
            valid = components?.scheme.map { ["http", "https"].contains($0.lowercased()) } == true && components?.host?.isEmpty == false
        case .uuid: valid = UUID(uuidString: value) != nil
        }
        if !valid { fail(column, "format \(format.rawValue)", "\(Self.quoted(value)) is not \(format == .email ? "an email address" : format == .url ? "an http(s) URL" : "a UUID")") }
    }

    /// A UUID value is always a UUID (the rule holds by type).
    public mutating func format(_ column: String, _ value: UUID?, _ format: Format) {}

    // MARK: Rules implied by the column's type

    /// `numeric(precision, scale)`: at most `precision - scale` digits before the point and
    /// `scale` after it (PostgreSQL would round the fraction; Tusk refuses it instead, so what
    /// is read back is what was written).
    public mutating func numeric(_ column: String, _ value: Decimal?, precision: Int, scale: Int) {
        guard let value else { return }
        let text = "\(value)".replacingOccurrences(of: "-", with: "")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = parts[0].drop { $0 == "0" }.count
        let fractionDigits = parts.count > 1 ? parts[1].count : 0
        if integerDigits > precision - scale || fractionDigits > scale {
            fail(column, "numeric(\(precision),\(scale))", "\(value) does not fit numeric(\(precision),\(scale))")
        }
    }

    /// `vector(n)`: exactly `dimensions` components.
    public mutating func dimensions(_ column: String, _ value: PostgresVector?, _ dimensions: Int) {
        if let value, value.values.count != dimensions {
            fail(column, "vector(\(dimensions))", "has \(value.values.count) dimensions, the column has \(dimensions)")
        }
    }

    /// A generated enum's `.unknown(label)` case is for reading labels added later; writing one
    /// is refused (the database would reject it anyway, with a less helpful message).
    public mutating func known<Value: PostgresEnum>(_ column: String, _ value: Value?) {
        if let value, Value(rawValue: value.rawValue) == nil {
            fail(column, "enum \(Value.postgresTypeName)", "\(Self.quoted(value.rawValue)) is not a label of \(Value.postgresTypeName)")
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func quoted(_ value: String) -> String {
        "\"" + (value.count > 60 ? value.prefix(57) + "..." : value) + "\""
    }
}

extension ColumnValue.Value {
    /// A parameter.
    public static func bind(_ value: some PostgresEncodable) -> Self { .binding(PostgresBinding(value)) }
    /// A parameter, or DEFAULT when nil (an `Insert` field left to the database).
    public static func bindOrDefault<Value: PostgresEncodable>(_ value: Value?) -> Self {
        value.map { .binding(PostgresBinding($0)) } ?? .default
    }
    /// A `swift_type:` value as a jsonb parameter (NULL when nil).
    public static func json<Value: Encodable>(_ value: Value?) throws -> Self { .binding(try jsonBinding(value)) }
    /// A `swift_type:` value as a jsonb parameter, or DEFAULT when nil.
    public static func jsonOrDefault<Value: Encodable>(_ value: Value?) throws -> Self {
        try value.map { .binding(try jsonBinding($0)) } ?? .default
    }
}

/// A `swift_type:` value as a jsonb parameter (NULL when nil).
public func jsonBinding<Value: Encodable>(_ value: Value?) throws -> PostgresBinding {
    guard let value else { return PostgresBinding(PostgresJSON?.none) }
    do {
        return PostgresBinding(try PostgresJSON(encoding: value))
    } catch {
        throw QueryError(.invalidValue, "\(Value.self) does not encode as JSON: \(error)")
    }
}
