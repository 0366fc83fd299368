import Foundation

/// An interval-partitioned table's schedule (`partition_by: { range: created_at, interval: month }`),
/// generated as `static let partitionSchedule`. `db.createPartitions(of:)` makes its partitions.
public struct PartitionSchedule: Sendable, Hashable {
    public enum Interval: String, Sendable, Hashable { case day, week, month, year }

    public let table: String
    public let column: String
    public let interval: Interval
    /// Intervals made ahead, the current one included.
    public let premake: Int
    /// Where rows no interval partition holds go.
    public let defaultPartition: String

    public init(table: String, column: String, interval: Interval, premake: Int, defaultPartition: String) {
        self.table = table
        self.column = column
        self.interval = interval
        self.premake = premake
        self.defaultPartition = defaultPartition
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The start of the interval (UTC) that holds `date`.
    func start(of date: Date) -> Date {
        let c = Self.calendar
        switch interval {
        case .day: return c.startOfDay(for: date)
        case .week: return c.dateInterval(of: .weekOfYear, for: date)!.start
        case .month: return c.date(from: c.dateComponents([.year, .month], from: date))!
        case .year: return c.date(from: c.dateComponents([.year], from: date))!
        }
    }

    func advance(_ date: Date, by count: Int) -> Date {
        let component: Calendar.Component = switch interval {
        case .day: .day
        case .week: .weekOfYear
        case .month: .month
        case .year: .year
        }
        return Self.calendar.date(byAdding: component, value: count, to: date)!
    }

    /// `<table>_p2026_12` (month), `_p2026` (year), `_p2026_12_07` (day, and week by its Monday).
    func partitionName(starting start: Date) -> String {
        let d = Self.calendar.dateComponents([.year, .month, .day], from: start)
        let suffix = switch interval {
        case .year: String(format: "%04d", d.year!)
        case .month: String(format: "%04d_%02d", d.year!, d.month!)
        case .day, .week: String(format: "%04d_%02d_%02d", d.year!, d.month!, d.day!)
        }
        return "\(table)_p\(suffix)"
    }

    /// A bound as the partition key's literal: a date, or a UTC timestamp.
    static func literal(_ date: Date) -> String {
        let d = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d 00:00:00+00", d.year!, d.month!, d.day!)
    }
}

/// `retention: { column: created_at, keep: 30 days }`, generated as `static let retention`.
public struct RetentionPolicy: Sendable, Hashable {
    public let table: String
    public let column: String
    /// A PostgreSQL interval (`30 days`).
    public let keep: String
    public let batchSize: Int

    public init(table: String, column: String, keep: String, batchSize: Int) {
        self.table = table
        self.column = column
        self.keep = keep
        self.batchSize = batchSize
    }
}

/// What `applyRetention` removed.
public struct RetentionResult: Sendable, Hashable {
    /// Whole partitions dropped (every row in them past the retention).
    public var droppedPartitions: [String]
    /// Rows deleted one batch at a time (a table without interval partitions, or the rows of its
    /// default partition).
    public var deletedRows: Int

    public init(droppedPartitions: [String], deletedRows: Int) {
        self.droppedPartitions = droppedPartitions
        self.deletedRows = deletedRows
    }
}
