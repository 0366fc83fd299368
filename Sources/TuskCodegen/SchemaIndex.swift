import TuskSchema

/// What the generators look up per table but is a property of the whole schema (relations,
/// the names relation types must avoid, which tables a write can change), computed once per
/// generation: asked per table, each was a pass over every table, and a 200-table schema
/// spent a fifth of its generation time in them.
struct SchemaIndex {
    let relationsBySource: [String: [TableRelation]]
    /// Names the relation structs must not take (see `RelationsGenerator.namesInScope`).
    let namesInScope: Set<String>
    /// Referenced table -> the tables whose foreign keys act on it (cascade, set null, set default).
    private let actors: [String: [String]]

    init(_ schema: Schema) {
        relationsBySource = Dictionary(grouping: schema.relations, by: \.sourceTable)
        namesInScope = RelationsGenerator.namesInScope(schema)
        var actors: [String: [String]] = [:]
        for other in schema.tables {
            for key in other.foreignKeys where [key.onDelete, key.onUpdate].contains(where: { $0 == .cascade || $0 == .setNull || $0 == .setDefault }) {
                actors[key.referencedTable, default: []].append(other.name)
            }
        }
        self.actors = actors
    }

    /// `table` and, transitively, every table with a foreign key to one of them whose ON DELETE
    /// or ON UPDATE action changes rows: what a write to `table` can change, so cached reads of
    /// all of them are invalidated. Sorted, for deterministic output.
    func tablesChanged(byWritesTo table: String) -> [String] {
        var reached: Set<String> = [table]
        var pending = [table]
        while let current = pending.popLast() {
            for other in actors[current] ?? [] where reached.insert(other).inserted { pending.append(other) }
        }
        return reached.sorted()
    }
}
