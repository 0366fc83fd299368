/// The rows of a table that foreign keys can point at: the referenced columns as text (what
/// RETURNING gave for rows just inserted, or what a SELECT read for a table not being seeded).
struct ParentRows {
    let columns: [String]
    let rows: [[String?]]
    private var position: [String: Int] = [:]
    /// Row numbers whose given columns are all non-NULL, by the columns' names.
    private var complete: [[String]: [Int]] = [:]
    private var completeSet: [[String]: Set<Int>] = [:]
    /// Row numbers by the values of some columns (tenant and overlapping keys).
    private var lookup: [[String]: [[String]: [Int]]] = [:]

    init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
        for (i, name) in columns.enumerated() { position[name] = i }
    }

    func value(_ row: Int, _ column: String) -> String? {
        position[column].flatMap { rows[row][$0] }
    }

    /// Rows a key over `columns` can reference, optionally only those whose `fixed` columns hold the given values.
    mutating func candidates(_ columns: [String], fixed: [(column: String, value: String)]) -> [Int] {
        if complete[columns] == nil {
            complete[columns] = rows.indices.filter { row in columns.allSatisfy { value(row, $0) != nil } }
            completeSet[columns] = Set(complete[columns]!)
        }
        guard !fixed.isEmpty else { return complete[columns]! }
        let names = fixed.map(\.column)
        if lookup[names] == nil {
            var index: [[String]: [Int]] = [:]
            for row in rows.indices {
                let key = names.map { value(row, $0) }
                if key.contains(where: { $0 == nil }) { continue }
                index[key.map { $0! }, default: []].append(row)
            }
            lookup[names] = index
        }
        let allowed = completeSet[columns]!
        return (lookup[names]![fixed.map(\.value)] ?? []).filter(allowed.contains)
    }
}
