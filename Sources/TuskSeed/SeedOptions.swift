import Foundation

/// What to seed: how many rows, from which seed, into which tables.
public struct SeedOptions: Sendable, Hashable {
    /// Rows per table (unless ``rowsPerTable`` says otherwise).
    public var rows: Int
    /// The same seed gives the same rows on a fresh database.
    public var seed: UInt64
    /// Only these tables (nil: every table). Foreign keys into tables left out reference the rows
    /// already there.
    public var tables: [String]?
    /// Row counts for single tables, overriding ``rows``.
    public var rowsPerTable: [String: Int]
    /// Rows per INSERT statement.
    public var batchSize: Int

    public init(rows: Int = 100, seed: UInt64 = 1, tables: [String]? = nil, rowsPerTable: [String: Int] = [:], batchSize: Int = 1000) {
        self.rows = rows
        self.seed = seed
        self.tables = tables
        self.rowsPerTable = rowsPerTable
        self.batchSize = max(1, batchSize)
    }
}

/// What a seed wrote.
public struct SeedReport: Sendable, CustomStringConvertible {
    public struct TableRows: Sendable, Hashable {
        public var table: String
        /// Rows inserted.
        public var rows: Int
        /// Rows whose keys of a cycle were set after the insert (see docs/seeding.md).
        public var keysSetAfterInsert: Int
        /// Generating and writing the table's rows (and setting its deferred keys).
        public var duration: Duration
    }

    /// In insertion order (parents first).
    public var tables: [TableRows]
    /// What the seed could not do as asked: CHECKs left to the database, tables with fewer rows.
    public var notes: [String]
    public var duration: Duration

    public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }

    public var description: String {
        var lines = tables.map { entry in
            "\(entry.table): \(entry.rows) rows" + (entry.keysSetAfterInsert > 0 ? " (\(entry.keysSetAfterInsert) with keys set after insert)" : "")
                + ", \(Self.seconds(entry.duration)) s"
        }
        lines += notes.map { "note: \($0)" }
        lines.append("\(totalRows) rows in \(tables.count) tables, \(Self.seconds(duration)) s")
        return lines.joined(separator: "\n")
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
