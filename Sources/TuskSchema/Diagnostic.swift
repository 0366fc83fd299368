/// A problem found in a schema file, located at `file:line:column` (1-based).
public struct SchemaDiagnostic: Hashable, Sendable, CustomStringConvertible, Error {
    public enum Severity: String, Hashable, Sendable { case error, warning }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `schema.yaml:12:7: error: unknown key 'primay_key'; did you mean 'primary_key'?`
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// Every error found in one schema file (never just the first).
public struct SchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    public var diagnostics: [SchemaDiagnostic]
    public init(diagnostics: [SchemaDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
