import TuskSchema

/// What the generators look up per table but is a property of the whole schema (relations,
/// the names relation types must avoid, which tables a write can change), computed once per
/// generation: asked per table, each was a pass over every table, and a 200-table schema
/// spent a fifth of its generation time in them.
struct SchemaIndex {
    let relationsBySource: [String: [TableRelation]]
    /// Names the relation structs must not take (see `RelationsGenerator.namesInScope`).
    let namesInScope: Set<String>
    /// The tables by name (`Schema.table(named:)` is a scan: the relations' key types asked it
    /// four times per relation, 6% of generating a 200-table schema).
    private let tablesByName: [String: Table]
    /// Every table's name, sorted once; `tablesChanged` lists names in this order.
    private let sortedNames: [String]
    private let positions: [String: Int]
    /// Referenced table -> the tables whose foreign keys act on it (cascade, set null, set
    /// default), as positions in `sortedNames`.
    private let actors: [[Int]]

    init(_ schema: Schema) {
        relationsBySource = Dictionary(grouping: schema.relations, by: \.sourceTable)
        namesInScope = RelationsGenerator.namesInScope(schema)
        tablesByName = Dictionary(schema.tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        sortedNames = tablesByName.keys.sorted()
        let positions = Dictionary(uniqueKeysWithValues: sortedNames.enumerated().map { ($1, $0) })
        self.positions = positions
        var actors = [[Int]](repeating: [], count: sortedNames.count)
        for other in schema.tables {
            for key in other.foreignKeys where [key.onDelete, key.onUpdate].contains(where: { $0 == .cascade || $0 == .setNull || $0 == .setDefault }) {
                guard let referenced = positions[key.referencedTable], let actor = positions[other.name] else { continue }
                actors[referenced].append(actor)
            }
        }
        self.actors = actors
    }

    func table(named name: String) -> Table? { tablesByName[name] }

    /// `table` and, transitively, every table with a foreign key to one of them whose ON DELETE
    /// or ON UPDATE action changes rows: what a write to `table` can change, so cached reads of
    /// all of them are invalidated. Sorted, for deterministic output: picked from the names
    /// sorted once (sorting each table's list, up to every name of the schema, was a tenth of
    /// generating a 200-table schema whose foreign keys chain).
    func tablesChanged(byWritesTo table: String) -> [String] {
        guard let start = positions[table] else { return [table] }
        var reached = [Bool](repeating: false, count: sortedNames.count)
        reached[start] = true
        var pending = [start]
        while let current = pending.popLast() {
            for other in actors[current] where !reached[other] {
                reached[other] = true
                pending.append(other)
            }
        }
        return sortedNames.indices.filter { reached[$0] }.map { sortedNames[$0] }
    }
}
