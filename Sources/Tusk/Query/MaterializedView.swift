/// A generated materialized view (`materialized: true` in `views:`): read like any view, and
/// refreshed on demand.
public protocol TuskMaterializedView: TuskReadable {
    /// `refresh: concurrently` in the schema: `refresh(on:)` refreshes CONCURRENTLY.
    static var refreshesConcurrently: Bool { get }
}

extension TuskMaterializedView {
    public static var refreshesConcurrently: Bool { false }

    /// `REFRESH MATERIALIZED VIEW`, CONCURRENTLY when the schema says `refresh: concurrently`.
    /// A blocking refresh holds an ACCESS EXCLUSIVE lock: reads of the view wait for it.
    public static func refresh(on runner: some QueryRunner) async throws {
        try await runner.execute(refreshStatement(concurrently: refreshesConcurrently))
    }

    /// The statement a refresh runs.
    public static func refreshStatement(concurrently: Bool) -> SQLScript {
        SQLScript(unsafeRaw: "REFRESH MATERIALIZED VIEW \(concurrently ? "CONCURRENTLY " : "")\(quotedTableName)")
    }
}

/// A materialized view with a unique index on plain columns: the one kind PostgreSQL
/// refreshes CONCURRENTLY (reads go on meanwhile). Only such views conform, so asking for a
/// concurrent refresh of another one does not compile.
public protocol TuskConcurrentlyRefreshable: TuskMaterializedView {}

extension TuskConcurrentlyRefreshable {
    /// `REFRESH MATERIALIZED VIEW CONCURRENTLY` when `concurrently` (reads of the view go on;
    /// the refresh compares old and new rows, so it takes longer), else a blocking refresh.
    public static func refresh(concurrently: Bool, on runner: some QueryRunner) async throws {
        try await runner.execute(refreshStatement(concurrently: concurrently))
    }
}
