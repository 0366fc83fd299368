import Foundation

// Date and time codecs. PostgreSQL counts from 2000-01-01 (microseconds for timestamps,
// days for dates).
//
// Range: `timestamp`/`timestamptz` hold 4714-11-24 00:00 BC up to (not including) 294277-01-01
// 00:00 UTC, and every one of them decodes into a `Date` and encodes back. A `Date` is a Double
// of seconds, exact to the microsecond only within about ±270 years of 2001; further out the
// nearest `Date` is used, and one decoded from the very edge of the range is written back as the
// edge (it may round a few hundred microseconds past it). `date` spans 4714-11-24 BC to
// 5874897-12-31: all of it decodes into `Date` (midnight UTC), but a `Date` is sent as
// `timestamptz`, so one past 294276 cannot be sent back: use ``PostgresDate`` for dates, which
// keeps the whole range and ±infinity. `Date` has no infinity: decoding `infinity` or `-infinity`
// throws `.outOfRange` (filter with `isfinite(column)` or decode `PostgresDate`).

/// Seconds from 2000-01-01 (PostgreSQL's epoch) to 2001-01-01 (Foundation's reference date).
private let secondsFromPostgresEpochToReferenceDate: Int64 = 31_622_400
/// 4714-11-24 00:00:00 BC (Julian day 0) in microseconds since 2000-01-01: the first timestamp.
private let firstTimestamp: Int64 = -211_813_488_000_000_000
/// 294277-01-01 00:00:00 in microseconds since 2000-01-01: the first instant past the range.
private let endOfTimestamps: Int64 = 9_223_371_331_200_000_000

extension Date: PostgresCodable {
    /// Sent as `timestamptz`; the session time zone is UTC by default, so casts to `timestamp` agree.
    public static var postgresType: PostgresType { .timestamptz }
    public func encode(into buffer: inout PostgresEncoder) throws { buffer.writeInteger(try postgresMicroseconds()) }

    /// Microseconds since 2000-01-01 UTC, as `timestamptz` holds them; throws outside its range.
    @usableFromInline func postgresMicroseconds() throws -> Int64 {
        let seconds = timeIntervalSinceReferenceDate
        // Whole seconds and fraction apart, so the microseconds are rounded once.
        let whole = seconds.rounded(.down)
        // Far outside the range (or not finite): no Int64 arithmetic needed to say so.
        let margin: Int64 = 1000
        guard seconds.isFinite,
            whole >= Double(firstTimestamp / 1_000_000 - secondsFromPostgresEpochToReferenceDate - margin),
            whole <= Double(endOfTimestamps / 1_000_000 - secondsFromPostgresEpochToReferenceDate + margin)
        else { throw Self.outOfRange(self) }
        var micros = (Int64(whole) + secondsFromPostgresEpochToReferenceDate) * 1_000_000
            + Int64(((seconds - whole) * 1_000_000).rounded())
        // A Date read from the edge of the range may round past it by less than its own
        // precision: it stands for the edge.
        let precision = Int64((seconds.ulp * 1_000_000).rounded(.up)) + 1
        if micros >= endOfTimestamps && micros - precision < endOfTimestamps { micros = endOfTimestamps - 1 }
        if micros < firstTimestamp && micros + precision >= firstTimestamp { micros = firstTimestamp }
        guard micros >= firstTimestamp, micros < endOfTimestamps else { throw Self.outOfRange(self) }
        return micros
    }

    static func outOfRange(_ date: Date) -> PostgresDecodingFailure {
        .outOfRange(
            "Date at \(date.timeIntervalSince1970) seconds since 1970-01-01 is outside PostgreSQL's timestamptz range"
                + " (4714-11-24 BC to 294276-12-31 UTC)")
    }

    /// Decodes `timestamptz`, `timestamp` (read as UTC) and `date` (midnight UTC).
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Date {
        switch type.oid {
        case PostgresType.timestamptz.oid, PostgresType.timestamp.oid:
            let micros = try bytes.readInteger(Int64.self)
            if micros == .max || micros == .min {
                throw PostgresDecodingFailure.outOfRange(
                    "\(micros > 0 ? "" : "-")infinity has no Date (filter with isfinite(), or read it as text)")
            }
            let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
            return Date(timeIntervalSinceReferenceDate: Double(seconds - secondsFromPostgresEpochToReferenceDate) + Double(fraction) / 1e6)
        case PostgresType.date.oid:
            let days = try bytes.readInteger(Int32.self)
            if days == .max || days == .min {
                throw PostgresDecodingFailure.outOfRange("\(days > 0 ? "" : "-")infinity has no Date (decode a PostgresDate)")
            }
            return Date(timeIntervalSinceReferenceDate: Double(Int64(days) * 86_400 - secondsFromPostgresEpochToReferenceDate))
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

    /// PostgreSQL's `'infinity'::date`, after every date.
    public static let infinity = PostgresDate(daysSince2000: .max)
    /// PostgreSQL's `'-infinity'::date`, before every date.
    public static let negativeInfinity = PostgresDate(daysSince2000: .min)
    public var isInfinite: Bool { daysSince2000 == .max || daysSince2000 == .min }

    /// The finite dates PostgreSQL stores: 4714-11-24 BC through 5874897-12-31.
    public static let validDays: ClosedRange<Int32> = -2_451_545...2_145_031_948

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
        if daysSince2000 == .max { return "infinity" }
        if daysSince2000 == .min { return "-infinity" }
        let (year, month, day) = components
        return year > 0
            ? String(format: "%04d-%02d-%02d", year, month, day)
            : String(format: "%04d-%02d-%02d BC", 1 - year, month, day)
    }

    public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool { lhs.daysSince2000 < rhs.daysSince2000 }
}

extension PostgresDate: PostgresCodable {
    public static var postgresType: PostgresType { .date }
    public func encode(into buffer: inout PostgresEncoder) throws {
        guard isInfinite || Self.validDays.contains(daysSince2000) else {
            throw PostgresDecodingFailure.outOfRange(
                "date \(daysSince2000) days from 2000-01-01 is outside PostgreSQL's range (4714-11-24 BC to 5874897-12-31)")
        }
        buffer.writeInteger(daysSince2000)
    }
    /// Decodes every `date`, ±infinity included (``infinity``, ``negativeInfinity``).
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> PostgresDate {
        guard type.oid == PostgresType.date.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "PostgresDate (date)") }
        return PostgresDate(daysSince2000: try bytes.readInteger(Int32.self))
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
