/// Every failing field of a value checked before a write, reported at once.
///
/// ```
/// users: 2 invalid fields:
///   email (format email): "ann@" is not an email address
///   name (max_length 255): is 300 characters long, the limit is 255
/// ```
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        /// The column's name in the database.
        public var column: String
        /// The rule that failed, as the schema spells it (`not_null`, `max_length 255`, `format email`).
        public var rule: String
        /// What is wrong with the value.
        public var message: String

        public init(column: String, rule: String, message: String) {
            self.column = column
            self.rule = rule
            self.message = message
        }

        public var description: String { "\(column) (\(rule)): \(message)" }
    }

    public var table: String
    public var failures: [Failure]

    public init(table: String, failures: [Failure]) {
        self.table = table
        self.failures = failures
    }

    public var description: String {
        let count = failures.count == 1 ? "1 invalid field" : "\(failures.count) invalid fields"
        return "\(table): \(count):\n" + failures.map { "  \($0)" }.joined(separator: "\n")
    }
}
