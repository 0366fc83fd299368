import TuskSchema

extension PlanBuilder {
    /// Named schemas that objects move into: created before anything (`IF NOT EXISTS`: it may
    /// exist already, empty or made by hand). The down drops it without `CASCADE`, after
    /// everything in it, so it drops only an empty schema.
    mutating func createSchemas() {
        let existing = Set(QualifiedName.namedSchemas(of: old))
        for schema in QualifiedName.namedSchemas(of: new) where !existing.contains(schema) {
            add(MigrationStep(summary: "create schema \(schema)", up: [DDL.createSchema(schema)], down: [DDL.dropSchema(schema)]))
        }
    }

    /// Named schemas no object lives in any more: dropped last, without `CASCADE`, so an object
    /// Tusk does not manage stops the migration instead of going with the schema.
    mutating func dropSchemas() {
        let kept = Set(QualifiedName.namedSchemas(of: new))
        for schema in QualifiedName.namedSchemas(of: old) where !kept.contains(schema) {
            add(MigrationStep(summary: "drop schema \(schema)", up: [DDL.dropSchema(schema)], down: [DDL.createSchema(schema)]))
        }
    }
}

extension DDL {
    static func createSchema(_ name: String) -> String { "CREATE SCHEMA IF NOT EXISTS \(S.ident(name));" }
    static func dropSchema(_ name: String) -> String { "DROP SCHEMA IF EXISTS \(S.ident(name));" }
}
