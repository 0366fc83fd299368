import Foundation

// Date and time codecs. PostgreSQL counts from 2000-01-01 (microseconds for timestamps,
// days for dates). ±infinity has no Foundation.Date: decoding it throws `.outOfRange`.

private let postgresEpoch: TimeInterval = 946_684_800  // 2000-01-01T00:00:00Z as a Unix time

extension Date: PostgresCodable {
    /// Sent as `timestamptz`; the session time zone is UTC by default, so casts to `timestamp` agree.
    public static var postgresType: PostgresType { .timestamptz }
    public func encode(into buffer: inout PostgresEncoder) throws {
        let micros = ((timeIntervalSince1970 - postgresEpoch) * 1_000_000).rounded()
        guard micros.isFinite, micros > -9.2e18, micros < 9.2e18 else {
            throw PostgresDecodingFailure.outOfRange("\(self) is not a PostgreSQL timestamp")
        }
        buffer.writeInteger(Int64(micros))
    }
    /// Decodes `timestamptz`, `timestamp` (read as UTC) and `date` (midnight UTC).
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Date {
        switch type.oid {
        case PostgresType.timestamptz.oid, PostgresType.timestamp.oid:
            let micros = try bytes.readInteger(Int64.self)
            if micros == .max || micros == .min {
                throw PostgresDecodingFailure.outOfRange("\(micros > 0 ? "" : "-")infinity has no Date")
            }
            let seconds = micros.quotientAndRemainder(dividingBy: 1_000_000)
            return Date(timeIntervalSince1970: postgresEpoch + Double(seconds.quotient) + Double(seconds.remainder) / 1e6)
        case PostgresType.date.oid:
            let days = try bytes.readInteger(Int32.self)
            if days == .max || days == .min { throw PostgresDecodingFailure.outOfRange("infinite date has no Date") }
            return Date(timeIntervalSince1970: postgresEpoch + Double(days) * 86_400)
        default:
            throw PostgresDecodingFailure.typeMismatch(expected: "Date (timestamptz, timestamp, date)")
        }
    }
}

/// A calendar date without time or time zone: PostgreSQL's `date` (proleptic Gregorian).
public struct PostgresDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 2000-01-01 (negative before).
    public var daysSince2000: Int32

    public init(daysSince2000: Int32) { self.daysSince2000 = daysSince2000 }

    public init(year: Int, month: Int, day: Int) {
        // Days from civil (H. Hinnant's algorithm), shifted to the 2000-01-01 epoch.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSince2000 = Int32(era * 146_097 + doe - 719_468 - 10_957)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(daysSince2000) + 10_957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var description: String {
        let (year, month, day) = components
        return year > 0
            ? String(format: "%04d-%02d-%02d", year, month, day)
            : String(format: "%04d-%02d-%02d BC", 1 - year, month, day)
    }

    public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool { lhs.daysSince2000 < rhs.daysSince2000 }
}

extension PostgresDate: PostgresCodable {
    public static var postgresType: PostgresType { .date }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeInteger(daysSince2000) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> PostgresDate {
        guard type.oid == PostgresType.date.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "PostgresDate (date)") }
        let days = try bytes.readInteger(Int32.self)
        if days == .max || days == .min { throw PostgresDecodingFailure.outOfRange("infinite date") }
        return PostgresDate(daysSince2000: days)
    }
}

/// A time of day without time zone: PostgreSQL's `time`, in microseconds since midnight.
public struct PostgresTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var microsecondsSinceMidnight: Int64

    public init(microsecondsSinceMidnight: Int64) { self.microsecondsSinceMidnight = microsecondsSinceMidnight }
    public init(hour: Int, minute: Int, second: Int = 0, microsecond: Int = 0) {
        microsecondsSinceMidnight = (Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)) * 1_000_000 + Int64(microsecond)
    }

    public var description: String {
        let total = microsecondsSinceMidnight
        let seconds = total / 1_000_000
        let fraction = total % 1_000_000
        let base = String(format: "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60)
        return fraction == 0 ? base : base + String(format: ".%06lld", fraction)
    }

    public static func < (lhs: PostgresTime, rhs: PostgresTime) -> Bool {
        lhs.microsecondsSinceMidnight < rhs.microsecondsSinceMidnight
    }
}

extension PostgresTime: PostgresCodable {
    public static var postgresType: PostgresType { .time }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeInteger(microsecondsSinceMidnight) }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> PostgresTime {
        guard type.oid == PostgresType.time.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "PostgresTime (time)") }
        return PostgresTime(microsecondsSinceMidnight: try bytes.readInteger())
    }
}

/// PostgreSQL's `interval`: months, days and microseconds are kept apart, as the server does
/// (a month is not a fixed number of days).
public struct PostgresInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    public var months: Int32
    public var days: Int32
    public var microseconds: Int64

    public init(months: Int32 = 0, days: Int32 = 0, microseconds: Int64 = 0) {
        self.months = months
        self.days = days
        self.microseconds = microseconds
    }

    public init(_ duration: Duration) {
        self.init(microseconds: duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
    }

    public var description: String { "\(months) mons \(days) days \(microseconds) us" }
}

extension PostgresInterval: PostgresCodable {
    public static var postgresType: PostgresType { .interval }
    public func encode(into buffer: inout PostgresEncoder) throws {
        buffer.writeInteger(microseconds)
        buffer.writeInteger(days)
        buffer.writeInteger(months)
    }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> PostgresInterval {
        guard type.oid == PostgresType.interval.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "PostgresInterval (interval)") }
        let micros = try bytes.readInteger(Int64.self)
        let days = try bytes.readInteger(Int32.self)
        return PostgresInterval(months: try bytes.readInteger(), days: days, microseconds: micros)
    }
}
