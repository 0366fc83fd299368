/// `migrations:`: settings every generated migration file carries, so a migration that cannot
/// get its lock (or runs too long) fails fast instead of queueing every other query behind it.
/// Not part of the snapshot: the settings do not change the database, only how a migration runs.
public struct MigrationSettings: Hashable, Sendable {
    /// How long a statement of the migration waits for a lock (`lock_timeout`).
    public var lockTimeout: PostgresDuration
    /// How long one statement of the migration may run (`statement_timeout`).
    public var statementTimeout: PostgresDuration

    public static let defaultLockTimeout = PostgresDuration(amount: 5, unit: .seconds)
    public static let defaultStatementTimeout = PostgresDuration(amount: 15, unit: .minutes)

    public init(lockTimeout: PostgresDuration = defaultLockTimeout, statementTimeout: PostgresDuration = defaultStatementTimeout) {
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
    }
}

/// A time setting as PostgreSQL spells it (`500ms`, `5s`, `15min`, `1h`, `1d`): a positive whole
/// number and a unit. Zero is refused: PostgreSQL reads it as "no timeout".
public struct PostgresDuration: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Hashable, Sendable, CaseIterable {
        case milliseconds = "ms", seconds = "s", minutes = "min", hours = "h", days = "d"

        var milliseconds: Int64 {
            switch self {
            case .milliseconds: 1
            case .seconds: 1_000
            case .minutes: 60_000
            case .hours: 3_600_000
            case .days: 86_400_000
            }
        }
    }

    public var amount: Int64
    public var unit: Unit

    public init(amount: Int64, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// PostgreSQL keeps time settings as 32-bit milliseconds.
    public static let maxMilliseconds: Int64 = 2_147_483_647

    public var milliseconds: Int64 { amount * unit.milliseconds }

    /// `5s`: the spelling written to SQL (`SET LOCAL lock_timeout = '5s'`) and to messages.
    public var description: String { "\(amount)\(unit.rawValue)" }

    public enum ParseError: Error, Hashable, Sendable {
        case notADuration, zero, tooLong
    }

    /// Reads `5s`; the error says what is wrong.
    public static func parse(_ text: String) -> Result<PostgresDuration, ParseError> {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12, let amount = Int64(digits),
              let unit = Unit(rawValue: String(text.dropFirst(digits.count))) else { return .failure(.notADuration) }
        let duration = PostgresDuration(amount: amount, unit: unit)
        if amount == 0 { return .failure(.zero) }
        if duration.milliseconds > maxMilliseconds { return .failure(.tooLong) }
        return .success(duration)
    }
}
