import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// The introspected Schema of a test database, read over the runtime's connection.
func introspect(_ db: TestDatabase) async throws -> Schema {
    try await introspectReporting(db).schema
}

/// The introspected Schema with the report of what it left out.
func introspectReporting(_ db: TestDatabase) async throws -> Introspection {
    let connection = try await Connection.connect(PostgresConfiguration(db.connectionString))
    do {
        let introspection = try await CatalogIntrospector.introspect(connection)
        await connection.close()
        return introspection
    } catch {
        await connection.close()
        throw error
    }
}

extension Schema {
    /// Columns sorted by name: a migration appends columns where a fresh CREATE TABLE puts
    /// them in declared order, which is not a difference in meaning.
    var ignoringColumnOrder: Schema {
        var copy = self
        copy.tables = tables.map { table in
            var table = table
            table.columns.sort { $0.name < $1.name }
            return table
        }
        return copy
    }
}
