import Testing
import TuskMigrations
import TuskSchema

/// A schema change: before and after YAML, the statements the up migration must contain (in
/// order), the hazards it must report, and optionally rows to seed before migrating and a
/// query whose result must survive it. Used by the planner tests (SQL text) and by the
/// server corpus (catalog and data on a real PostgreSQL).
struct Evolution: Sendable, CustomTestStringConvertible {
    var name: String
    var before: String
    var after: String
    var up: [String] = []
    var hazards: [HazardCode] = []
    var seed: String? = nil
    /// A query run before and after the up migration (translated by the caller into the new names).
    var dataBefore: String? = nil
    var dataAfter: String? = nil
    var options = PlanOptions()

    var testDescription: String { name }

    func schemas() throws -> (Schema, Schema) {
        (try SchemaLoader.parse(yaml: before, fileName: "\(name).before.yaml"),
         try SchemaLoader.parse(yaml: after, fileName: "\(name).after.yaml"))
    }

    func plan() throws -> MigrationPlan {
        let (old, new) = try schemas()
        return MigrationPlanner.plan(from: old, to: new, options: options)
    }
}

/// `tables: { name: { columns: {...} } }` in a line: `table("t", "id: { type: integer, primary_key: true }", ...)`.
func table(_ name: String, _ columns: String..., extra: String = "") -> String {
    "  \(name):\n    columns:\n" + columns.map { "      \($0)\n" }.joined() + (extra.isEmpty ? "" : extra.split(separator: "\n").map { "    \($0)\n" }.joined())
}

func schema(enums: String = "", extensions: String = "", sequences: String = "", _ tables: String...) -> String {
    (extensions.isEmpty ? "" : "extensions: [\(extensions)]\n")
        + (enums.isEmpty ? "" : "enums:\n" + enums.split(separator: "\n").map { "  \($0)\n" }.joined())
        + (sequences.isEmpty ? "" : "sequences:\n" + sequences.split(separator: "\n").map { "  \($0)\n" }.joined())
        + "tables:\n" + tables.joined()
}
