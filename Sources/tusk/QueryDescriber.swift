import ArgumentParser
import Foundation
import TuskCodegen
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// Prepares each query on a fresh database built from the schema (TuskTesting) and turns the
/// server's description into the catalog's entries. Every problem is printed, then exit 1.
struct QueryDescriber {
    var schema: Schema

    func describe(_ sources: QuerySources) async throws -> [QueryCatalog.Query] {
        let flavor: PostgresFlavor = schema.extensions.contains("vector") ? .pgvector : .standard
        let database = try await TestDatabase.create(flavor, prefix: "tusk_queries")
        let results: [Result<StatementDescription, StatementPreparationError>]
        do {
            try await database.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: schema)))
            results = try await database.describe(sources.queries.map(\.sql))
            try await database.drop()
        } catch {
            try? await database.drop()
            throw error
        }
        var problems: [String] = []
        var described: [QueryCatalog.Query] = []
        for (query, result) in zip(sources.queries, results) {
            switch result {
            case .failure(let failure):
                let place = failure.position.map { query.location(ofPosition: $0) } ?? "\(query.file):\(query.line):1"
                problems.append("\(place): error: \(query.name): \(failure.message) (SQLSTATE \(failure.sqlState))")
            case .success(let description):
                let entry = entry(for: query, description)
                problems += entry.problems
                described.append(entry.query)
            }
        }
        guard problems.isEmpty else {
            for problem in problems { Console.error(problem) }
            throw ExitCode.failure
        }
        return described
    }

    private func entry(for query: SQLQueryFile.Query, _ description: StatementDescription) -> (query: QueryCatalog.Query, problems: [String]) {
        let place = "\(query.file):\(query.line):1: error: \(query.name)"
        var problems: [String] = []
        func checkMapped(_ type: String, _ what: String) {
            if QueryTypeMapping.swiftType(forPostgresType: type, in: schema) == nil {
                problems.append("\(place): \(what) has type \(type), which Tusk has no Swift type for; cast it in the SQL (e.g. ::text)")
            }
        }
        let parameters = zip(query.parameterNames, description.parameterTypes).map { name, type in
            checkMapped(type, "parameter @\(name)")
            return QueryCatalog.Parameter(name: name, type: type)
        }
        let returnsRows = query.kind == .many || query.kind == .one
        if returnsRows && description.columns.isEmpty {
            problems.append("\(place): returns no columns; use :exec or :execrows, or add RETURNING")
        }
        var swiftNames: Set<String> = []
        let columns: [QueryCatalog.Column] = returnsRows ? description.columns.map { column in
            let (name, nullable) = Self.nullability(of: column)
            let swiftName = SwiftNames.propertyName(name)
            if name == "?column?" || !SwiftNames.isValidIdentifier(swiftName) {
                problems.append("\(place): result column '\(name)' has no usable name; name it with AS")
            } else if !swiftNames.insert(swiftName).inserted {
                problems.append("\(place): two result columns are named \(swiftName) in Swift; rename one with AS")
            }
            checkMapped(column.type, "column \(name)")
            return QueryCatalog.Column(name: name, type: column.type, nullable: nullable)
        } : []
        let kind = QueryCatalog.Command(rawValue: query.kind.rawValue) ?? .many
        return (QueryCatalog.Query(
            name: query.name, command: kind, file: query.file, line: query.line, docs: query.docs, sql: query.sql,
            parameters: parameters, columns: columns), problems)
    }

    /// `AS "name?"` is nullable and `AS "name!"` is not, whatever the server says (the suffix is
    /// not part of the name); otherwise NOT NULL only straight from a NOT NULL table column.
    static func nullability(of column: StatementDescription.Column) -> (name: String, nullable: Bool) {
        if column.name.count > 1, column.name.hasSuffix("?") { return (String(column.name.dropLast()), true) }
        if column.name.count > 1, column.name.hasSuffix("!") { return (String(column.name.dropLast()), false) }
        return (column.name, column.tableColumnNotNull.map { !$0 } ?? true)
    }
}
