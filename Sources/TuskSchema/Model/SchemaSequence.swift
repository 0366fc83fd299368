/// A sequence declared under `sequences:` (standalone, or owned by a column as `serial` columns
/// of plain-SQL databases are). Every parameter is resolved: what the YAML leaves out has
/// PostgreSQL's own default for the sequence's type and direction, so two declarations that
/// mean the same sequence compare equal.
public struct SchemaSequence: Hashable, Sendable, Codable {
    public var name: String
    /// smallint, integer or bigint (`AS type`; PostgreSQL's default is bigint).
    public var type: SQLType
    public var start: Int64
    public var increment: Int64
    public var minValue: Int64
    public var maxValue: Int64
    public var cache: Int64
    public var cycle: Bool
    /// `OWNED BY table.column`: dropping the column (or its table) drops the sequence.
    public var ownedBy: SequenceOwner?

    public init(
        name: String, type: SQLType = .bigint, start: Int64? = nil, increment: Int64 = 1,
        minValue: Int64? = nil, maxValue: Int64? = nil, cache: Int64 = 1, cycle: Bool = false, ownedBy: SequenceOwner? = nil
    ) {
        self.name = name
        self.type = type
        self.increment = increment
        let defaults = Self.defaultBounds(type: type, increment: increment)
        self.minValue = minValue ?? defaults.min
        self.maxValue = maxValue ?? defaults.max
        self.start = start ?? (increment > 0 ? self.minValue : self.maxValue)
        self.cache = cache
        self.cycle = cycle
        self.ownedBy = ownedBy
    }

    /// PostgreSQL's `NO MINVALUE`/`NO MAXVALUE` for a type and direction.
    public static func defaultBounds(type: SQLType, increment: Int64) -> (min: Int64, max: Int64) {
        let range = integerRange(type)
        return increment > 0 ? (1, range.upperBound) : (range.lowerBound, -1)
    }

    /// The values a smallint, integer or bigint holds.
    public static func integerRange(_ type: SQLType) -> ClosedRange<Int64> {
        switch type {
        case .smallint: Int64(Int16.min)...Int64(Int16.max)
        case .integer: Int64(Int32.min)...Int64(Int32.max)
        default: Int64.min...Int64.max
        }
    }

    /// The start a sequence gets when `start` is not written.
    public var defaultStart: Int64 { increment > 0 ? minValue : maxValue }
}

/// The column a sequence belongs to (`owned_by: table.column`).
public struct SequenceOwner: Hashable, Sendable, Codable {
    public var table: String
    public var column: String
    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }
}
