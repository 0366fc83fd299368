/// Collects every problem found while loading one schema file.
final class DiagnosticSink {
    let fileName: String
    private(set) var diagnostics: [SchemaDiagnostic] = []

    init(fileName: String) { self.fileName = fileName }

    func error(_ mark: YAMLMark, _ message: String) {
        diagnostics.append(SchemaDiagnostic(file: fileName, line: mark.line, column: mark.column, message: message))
    }

    func warning(_ mark: YAMLMark, _ message: String) {
        diagnostics.append(SchemaDiagnostic(file: fileName, line: mark.line, column: mark.column, severity: .warning, message: message))
    }

    func append(_ more: [SchemaDiagnostic]) { diagnostics += more }

    var warnings: [SchemaDiagnostic] { sorted.filter { $0.severity == .warning } }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// In reading order, one per place: a later problem at the same place is usually a
    /// consequence of the first (an unknown alias read as null, say).
    var sorted: [SchemaDiagnostic] {
        var seen = Set<[Int]>()
        return diagnostics
            .enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element)
            .filter { seen.insert([$0.line, $0.column]).inserted }
    }
}

/// " did you mean 'x'?" when a close candidate exists.
func didYouMean(_ word: String, _ candidates: [String]) -> String {
    closestMatch(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
}

/// `'a', 'b' and 'c'` for messages.
func quotedList(_ items: [String]) -> String {
    let quoted = items.map { "'\($0)'" }
    guard quoted.count > 1 else { return quoted.first ?? "(none)" }
    return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
}
