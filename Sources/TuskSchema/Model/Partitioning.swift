/// `partition_by:`: declarative partitioning on one column. Partitions are declared (range
/// bounds, list values, a hash modulus) or, for a range over a date or timestamp column, made by
/// interval at run time (`db.createPartitions(of:)`), with a default partition for the rest.
public struct Partitioning: Hashable, Sendable, Codable {
    public enum Method: String, Hashable, Sendable, Codable, CaseIterable {
        case range, list, hash
        public var sql: String { rawValue.uppercased() }
    }

    public var method: Method
    /// The partition key (one column).
    public var column: String
    /// `interval: month`: partitions of one interval each, made ahead at run time.
    public var interval: PartitionInterval?
    /// How many intervals ahead `createPartitions` makes (the current one included).
    public var premake: Int
    /// Declared partitions, in declared order (a hash modulus expanded into its partitions; an
    /// interval table's default partition included).
    public var partitions: [Partition]

    public init(method: Method, column: String, interval: PartitionInterval? = nil, premake: Int = 3, partitions: [Partition] = []) {
        self.method = method
        self.column = column
        self.interval = interval
        self.premake = premake
        self.partitions = partitions
    }

    /// The name of the partition an interval table's rows go to when no interval partition holds
    /// them: `run_logs_default`, inside the table's schema (a partition's name is never qualified).
    public static func defaultPartitionName(of table: String) -> String {
        PostgresNames.makeObjectName(QualifiedName.local(table), nil, label: "default")
    }

    /// The name of hash partition `remainder`: `events_p0`, inside the table's schema.
    public static func hashPartitionName(of table: String, remainder: Int) -> String {
        PostgresNames.makeObjectName(QualifiedName.local(table), nil, label: "p\(remainder)")
    }
}

public enum PartitionInterval: String, Hashable, Sendable, Codable, CaseIterable {
    case day, week, month, year
}

public struct Partition: Hashable, Sendable, Codable {
    public var name: String
    public var bound: PartitionBound

    public init(name: String, bound: PartitionBound) {
        self.name = name
        self.bound = bound
    }
}

/// What a partition holds: `FOR VALUES ...` (literals as written, quoted by the DDL).
public enum PartitionBound: Hashable, Sendable, Codable {
    case range(from: String, to: String)
    case list([String])
    case hash(modulus: Int, remainder: Int)
    case `default`
}

/// `retention: { column: created_at, keep: 30 days }`: rows older than `keep` by `column` are
/// removed by `db.applyRetention(to:)`: whole interval partitions dropped, else deleted in batches.
public struct RetentionRule: Hashable, Sendable, Codable {
    public var column: String
    /// A PostgreSQL interval: `30 days`, `12 months`, `1 year`.
    public var keep: String
    /// Rows deleted per statement on a table that is not interval-partitioned.
    public var batchSize: Int

    public init(column: String, keep: String, batchSize: Int = 1000) {
        self.column = column
        self.keep = keep
        self.batchSize = batchSize
    }
}
