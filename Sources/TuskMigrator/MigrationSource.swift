import Foundation
import Tusk

/// A migration file as the migrator reads it: `<version>_<name>.sql` with `-- migrate:up` and
/// `-- migrate:down` sections, and `-- tusk:no-transaction` when it must run outside a transaction.
public struct MigrationSource: Hashable, Sendable {
    /// `20261125190530_initial`
    public var id: String
    /// `20261125190530`: orders migrations.
    public var version: String
    public var name: String
    public var contents: String
    public var checksum: String { SHA256.hex(contents) }

    public init(fileName: String, contents: String) throws(MigratorError) {
        let id = fileName.hasSuffix(".sql") ? String(fileName.dropLast(4)) : fileName
        let version = id.prefix { $0.isASCII && $0.isNumber }
        guard version.count == 14, id.dropFirst(14).first == "_" else { throw .badFileName(fileName) }
        guard contents.contains(MigrationMarkers.up) else { throw .missingSection(id, MigrationMarkers.up) }
        self.id = id
        self.version = String(version)
        self.name = String(id.dropFirst(15))
        self.contents = contents
    }

    public var isTransactional: Bool {
        !contents.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == MigrationMarkers.noTransaction }
    }

    /// The columns a contract migration finishes (`-- tusk:contract users.full_name` lines in
    /// its header); empty for every other migration.
    public var contractColumns: [String] { Self.contractColumns(in: contents) }
    public var isContract: Bool { !contractColumns.isEmpty }

    public static func contractColumns(in contents: String) -> [String] {
        let prefix = MigrationMarkers.contract + " "
        return contents.split(separator: "\n").prefix { !$0.hasPrefix(MigrationMarkers.up) }
            .filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
    }

    public var up: String { section(MigrationMarkers.up, until: MigrationMarkers.down) }
    public var down: String { section(MigrationMarkers.down, until: nil) }

    private func section(_ marker: String, until end: String?) -> String {
        guard let start = contents.range(of: marker + "\n") ?? contents.range(of: marker) else { return "" }
        var body = contents[start.upperBound...]
        if let end, let stop = body.range(of: end) { body = body[..<stop.lowerBound] }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The `.sql` files of a directory, in version order.
    public static func load(directory: URL) throws -> [MigrationSource] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".sql") }.sorted().map { name in
            try MigrationSource(fileName: name, contents: String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        }
    }
}

public enum MigratorError: Error, Hashable, Sendable, CustomStringConvertible {
    case badFileName(String)
    case missingSection(String, String)
    case lockTimeout(seconds: Int)
    case edited(id: String)
    case missingFile(id: String)
    case sumMismatch([String])
    case failedEarlier(id: String, error: String)
    /// `cause` is the server's error (SQLSTATE, constraint, position) when the failure was one.
    case migrationFailed(id: String, error: String, transactional: Bool, cause: PostgresError?)
    case notFailed(id: String)
    /// `baseline` on a database that already has migrations applied.
    case alreadyMigrated(applied: [String])
    case nothingToBaseline
    /// The catalog differs from what the migrations build: each difference, one per line.
    case baselineDrift([String])

    public var description: String {
        switch self {
        case .badFileName(let name): "migration file '\(name)' must be named <yyyyMMddHHmmss>_<name>.sql"
        case .missingSection(let id, let marker): "migration \(id) has no '\(marker)' section"
        case .lockTimeout(let seconds):
            "another deployer holds the migration lock (waited \(seconds)s); retry when it finishes, or look for a stuck session in pg_locks (locktype = 'advisory')"
        case .edited(let id): "migration \(id) was applied but its file changed since (checksum differs); restore the file and write a new migration instead"
        case .missingFile(let id): "migration \(id) was applied but its file is missing"
        case .sumMismatch(let problems): "the migrations do not match tusk.sum:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        case .failedEarlier(let id, let error):
            "migration \(id) failed outside a transaction (\(error)); repair the database by hand, then run `tusk migrate resolve \(id)`"
        case .migrationFailed(let id, let error, let transactional, let cause):
            "migration \(id) failed: \(error)" + (cause?.sqlState.map { " [SQLSTATE \($0)]" } ?? "") + (transactional ? " (rolled back; the database is as before it)"
                : " (it ran outside a transaction: repair by hand, then `tusk migrate resolve \(id)`)") + Self.timeoutAdvice(cause?.sqlState, error)
        case .notFailed(let id): "migration \(id) is not marked failed; nothing to resolve"
        case .alreadyMigrated(let applied):
            "the database already has \(applied.count) applied migration(s) (newest \(applied.max() ?? "")); a baseline is only for a database that was never migrated: use `tusk migrate up`"
        case .nothingToBaseline:
            "there are no migration files to record; generate the initial migration first (`swift package generate-migration --name initial`)"
        case .baselineDrift(let lines):
            "the database does not match the migrations, so they cannot be recorded as applied:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
                + "\nfix the schema (or the database) until they match; `tusk introspect` shows what the database has"
        }
    }

    /// What to do when a migration ran into the timeouts its file sets (schema.yaml `migrations:`).
    static func timeoutAdvice(_ sqlState: String?, _ message: String) -> String {
        switch sqlState {
        case "55P03":
            "; its lock_timeout ran out waiting for a lock another session holds (pg_stat_activity and pg_locks show which):"
                + " retry when that session is done, or raise migrations.lock_timeout in schema.yaml"
        case "57014" where message.contains("statement timeout"):
            "; a statement ran longer than its statement_timeout: run it at a quiet time, split the change,"
                + " or raise migrations.statement_timeout in schema.yaml"
        default: ""
        }
    }
}
