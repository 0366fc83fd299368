import TuskSchema

/// The complete CREATE script of a schema: the migration plan from an empty database, so
/// `tusk sql` and generated migrations share one code path.
public enum SchemaDDL {
    public static func createScript(for schema: Schema) -> String {
        MigrationPlanner.createPlan(for: schema).upSQL()
    }
}
