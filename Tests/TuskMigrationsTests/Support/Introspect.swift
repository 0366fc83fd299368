import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// The introspected Schema of a test database, read over the runtime's connection.
func introspect(_ db: TestDatabase) async throws -> Schema {
    let connection = try await Connection.connect(PostgresConfiguration(db.connectionString))
    do {
        let schema = try await CatalogIntrospector.read(connection)
        await connection.close()
        return schema
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
