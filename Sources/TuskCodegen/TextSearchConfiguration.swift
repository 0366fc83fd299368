import TuskSchema

extension Table {
    /// The columns a `Row` holds and a read selects, in declared order: all but tsvectors.
    var readableColumns: [Column] { columns.filter(\.isReadable) }
}

/// The text search configuration a tsvector's expression names, so queries parse their text
/// the way the column's text was parsed (`to_tsvector('english', title)` -> `english`).
enum TextSearchConfiguration {
    static func named(in expression: String) -> String? {
        guard let call = expression.range(of: "to_tsvector(", options: .caseInsensitive) else { return nil }
        let rest = expression[call.upperBound...].drop { $0 == " " }
        guard rest.first == "'", let end = rest.dropFirst().firstIndex(of: "'") else { return nil }
        let name = rest[rest.index(after: rest.startIndex)..<end]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        return String(name)
    }
}
