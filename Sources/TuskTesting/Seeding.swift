import Foundation
import Tusk
import TuskSchema
import TuskSeed

extension Database {
    /// Fills the database with deterministic fake data from `schema` (whose tables must exist):
    /// `rows` per table, the same rows for the same `seed` on a fresh database. One transaction:
    /// on an error nothing is inserted. See docs/seeding.md.
    ///
    /// ```swift
    /// try await db.seed(schema, rows: 100, seed: 1)
    /// ```
    @discardableResult
    public func seed(
        _ schema: Schema, rows: Int = 100, seed: UInt64 = 1, tables: [String]? = nil, rowsPerTable: [String: Int] = [:]
    ) async throws -> SeedReport {
        try await Seeder.seed(schema, into: self, options: SeedOptions(rows: rows, seed: seed, tables: tables, rowsPerTable: rowsPerTable))
    }

    /// The same, reading the schema from a schema.yaml file.
    @discardableResult
    public func seed(
        schemaFile: URL, rows: Int = 100, seed: UInt64 = 1, tables: [String]? = nil, rowsPerTable: [String: Int] = [:]
    ) async throws -> SeedReport {
        try await self.seed(try SchemaLoader.load(file: schemaFile), rows: rows, seed: seed, tables: tables, rowsPerTable: rowsPerTable)
    }
}
