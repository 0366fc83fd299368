import Foundation

/// What the generated namespace of a table or view provides to the read side of the query
/// builders (`where`, `order`, `all`, `first`, `count`, projections, joins). Everything is
/// generated from the schema; identifiers never come from user input.
public protocol TuskReadable: Sendable {
    /// A row as a read returns it; decodes by position, in `columnNames` order.
    associatedtype Row: PostgresRowDecodable & Sendable
    /// The typed columns (`$0.email` in query closures).
    associatedtype Columns: Sendable
    /// The relations from foreign keys (`including(\.documents)`); generated, one type each.
    associatedtype Relations: Sendable = NoRelations

    /// The model's name of the table: `users` for one in `public`, `billing.invoices` for one in
    /// a named schema. The read cache and its invalidations key tables by it.
    static var tableName: String { get }
    static var columns: Columns { get }
    static var relations: Relations { get }
    /// Every column, in declared order: the select list, in the order `Row` decodes.
    static var columnNames: [String] { get }
    /// The primary key, ascending: the tie-breaker of keyset pagination.
    static var primaryKeyOrder: [OrderTerm] { get }
    /// `auto_update` columns, set to `now()` by every generated update that does not set them.
    static var autoUpdateColumns: [String] { get }
    /// `"id", "email", ...`: the quoted select list (generated as a constant: it is in every read).
    static var selectList: String { get }
    /// `"public"."users"`: the table's name as statements write it, always with its schema
    /// (`"billing"."invoices"` for `billing.invoices`), so the `search_path` never decides.
    static var quotedTableName: String { get }
    /// `soft_delete:` in the schema: reads skip rows where it is set, `delete()` sets it to now().
    static var softDeleteColumn: String? { get }
    /// `version_column:` in the schema: every update adds one to it; `update(row)` checks it.
    static var versionColumn: String? { get }
    /// `tenant:` in the schema: a tenant's runner (`db.tenant(id)`) scopes every statement by it.
    static var tenantColumn: TenantColumn? { get }
    /// `partition_by: { interval: }` in the schema: what `db.createPartitions(of:)` makes.
    static var partitionSchedule: PartitionSchedule? { get }
    /// `retention:` in the schema: what `db.applyRetention(to:)` removes.
    static var retention: RetentionPolicy? { get }
    /// The tables a write to this one can change: itself, and those whose foreign keys cascade,
    /// set null or set default from it (transitively). Their cached reads are invalidated by it.
    static var writtenTables: Set<String> { get }
    /// The tables a read of it depends on, for the read cache: its own name for a table; for a
    /// view, the tables its SQL reads (directly or through other views), whose writes must drop
    /// its cached reads.
    static var readsTables: Set<String> { get }
    /// `"id" = $1` (every key column) for this row; nil for a table without a primary key.
    static func primaryKeyPredicate(of row: Row) -> Predicate?
    /// `"version" = $1` for this row's version; nil for a table without a version column.
    static func versionPredicate(of row: Row) -> Predicate?
}

/// What the generated namespace of a table (`User`, `Document`) adds for writes: the insert
/// and patch types. A view (`views:` in the schema) is only ``TuskReadable``.
public protocol TuskTable: TuskReadable {
    /// The values for a new row.
    associatedtype Insert: TuskInsert where Insert.Table == Self
    /// The changes of an update.
    associatedtype Patch: TuskPatch where Patch.Table == Self
}

extension TuskReadable {
    public static var selectList: String { columnNames.map(SQLFragment.quoted).joined(separator: ", ") }
    public static var quotedTableName: String { SQLFragment.relation(tableName) }
    public static var softDeleteColumn: String? { nil }
    public static var versionColumn: String? { nil }
    public static var tenantColumn: TenantColumn? { nil }
    public static var partitionSchedule: PartitionSchedule? { nil }
    public static var retention: RetentionPolicy? { nil }
    public static var writtenTables: Set<String> { [tableName] }
    public static var readsTables: Set<String> { [tableName] }
    public static func primaryKeyPredicate(of row: Row) -> Predicate? { nil }
    public static func versionPredicate(of row: Row) -> Predicate? { nil }

    /// The FROM item (`"name"` or `"name" AS "alias"`), recording for the read cache every
    /// table a read of it depends on (``readsTables``).
    /// Every read renders it, so a table's (which reads only itself) takes the generated quoted
    /// name as it is, with no set built or name re-quoted.
    static func tableReference(as alias: String? = nil) -> SQLFragment {
        let reference = SQLFragment.table(tableName, quotedRelation: quotedTableName, as: alias)
        let reads = readsTables
        if reads.count == 1 && reads.first == tableName { return reference }
        return reads.subtracting([tableName]).sorted().reduce(reference) { $0 + SQLFragment.reading($1) }
    }

    /// The conditions every read of the table carries (under `name`, a join's or subquery's
    /// alias): its live rows unless `includingDeleted`, and, when a tenant's runner runs the
    /// statement, that tenant's rows. The one place reads, joins, relation filters, eager loads,
    /// aggregates, updates and deletes get them from.
    static func rowFilters(as name: String, includingDeleted: Bool = false) -> [Predicate] {
        var filters: [Predicate] = []
        if !includingDeleted, let live = liveRows(as: name) { filters.append(live) }
        if let tenant = tenantColumn { filters.append(tenant.condition(of: name)) }
        return filters
    }

    /// `"deleted_at" IS NULL` for a soft-deleting table under `name` (its own, or a join's
    /// alias): a column part, so a join or subquery that qualifies columns qualifies it too.
    static func liveRows(as name: String) -> Predicate? {
        softDeleteColumn.map { Predicate(SQLFragment.column($0, of: name) + SQLFragment(" IS NULL")) }
    }
}

/// One column's value in a write: a parameter, the column's DEFAULT, or an SQL expression.
public struct ColumnValue: Sendable {
    public enum Value: Sendable {
        case binding(PostgresBinding)
        case `default`
        /// `EXCLUDED."column"` in an upsert's update.
        case excluded
        case fragment(SQLFragment)
        /// Computed by the server, from the column's current value or from nothing
        /// (`"attempts" + $1`, `now()`); the statement supplies the column reference.
        case computed(PatchExpression)
    }

    public var column: String
    public var value: Value

    public init(_ column: String, _ value: Value) {
        self.column = column
        self.value = value
    }
}

extension ColumnValue {
    /// The fields a patch sets, in declared order: generated `Patch.columnValues()` passes one
    /// `columnValue(_:)` per field, nil for an unchanged one.
    public static func changed(_ fields: ColumnValue?...) -> [ColumnValue] {
        fields.compactMap { $0 }
    }
}

/// The generated `Insert` of a table.
public protocol TuskInsert: Sendable {
    associatedtype Table: TuskTable
    /// Every insertable column in declared order; `.default` where the database fills it.
    func columnValues() throws -> [ColumnValue]
    /// Throws a ``ValidationError`` listing every failing field.
    func validate() throws
}

/// The generated `Patch` of a table: every field `.unchanged` unless set.
public protocol TuskPatch: Sendable {
    associatedtype Table: TuskTable
    /// A patch that changes nothing.
    init()
    /// The columns the patch sets, in declared order.
    func columnValues() throws -> [ColumnValue]
    /// Throws a ``ValidationError`` listing every failing field that is set.
    func validate() throws
}

/// One field of a `Patch`: left alone, or set. Literals set (`patch.name = "Ann"`), and `nil`
/// sets NULL on a nullable column; use `.set(value)` for other values.
public enum Patchable<Value: Sendable>: Sendable {
    case unchanged
    case set(Value)
    /// In `onConflict(...).doUpdate`: the value the insert proposed (`EXCLUDED."column"`).
    case excluded
    /// An SQL expression over the row (`now()`, `"attempts" + 1`), as trusted text.
    case expression(SQLFragment)
    /// A typed expression the server computes: `patch.attempts += 1`, `patch.seenAt = .now`
    /// (see PatchExpression.swift).
    case computed(PatchExpression)

    /// The value a set field holds.
    public var value: Value? {
        if case .set(let value) = self { return value }
        return nil
    }

    public var isUnchanged: Bool {
        if case .unchanged = self { return true }
        return false
    }

    /// The write form; `encode` turns a set value into a parameter.
    public func columnValue(_ column: String, encode: (Value) throws -> PostgresBinding) rethrows -> ColumnValue? {
        switch self {
        case .unchanged: return nil
        case .set(let value): return ColumnValue(column, .binding(try encode(value)))
        case .excluded: return ColumnValue(column, .excluded)
        case .expression(let fragment): return ColumnValue(column, .fragment(fragment))
        case .computed(let expression): return ColumnValue(column, .computed(expression))
        }
    }
}

// What generated `Patch.columnValues()` calls, one per field: no closure per field to infer
// (with one, the function was the generated code's slowest to type-check).
extension Patchable where Value: PostgresEncodable {
    /// The field as the column's new value, or nil when it is unchanged.
    public func columnValue(_ column: String) -> ColumnValue? {
        columnValue(column, encode: { PostgresBinding($0) })
    }
}

extension Patchable where Value: Encodable {
    /// A `swift_type:` field as the column's new JSON value, or nil when it is unchanged.
    public func jsonColumnValue(_ column: String) throws -> ColumnValue? {
        try columnValue(column, encode: { try jsonBinding($0) })
    }
}

// Literals set a field, for optional (nullable) columns too: `patch.nickname = "annie"`.
// Optional cannot conform to the literal protocols, so the literal forms go through these.

/// Values a string literal can set in a patch.
public protocol PatchStringLiteral { init(patchLiteral: String) }
/// Values an integer literal can set in a patch.
public protocol PatchIntegerLiteral { init(patchLiteral: Int) }
/// Values a floating-point literal can set in a patch.
public protocol PatchFloatLiteral { init(patchLiteral: Double) }
/// Values a boolean literal can set in a patch.
public protocol PatchBooleanLiteral { init(patchLiteral: Bool) }

extension String: PatchStringLiteral { public init(patchLiteral: String) { self = patchLiteral } }
extension PostgresJSON: PatchStringLiteral { public init(patchLiteral: String) { self.init(text: patchLiteral) } }
extension Int16: PatchIntegerLiteral { public init(patchLiteral: Int) { self.init(patchLiteral) } }
extension Int32: PatchIntegerLiteral { public init(patchLiteral: Int) { self.init(patchLiteral) } }
extension Int64: PatchIntegerLiteral { public init(patchLiteral: Int) { self.init(patchLiteral) } }
extension Int: PatchIntegerLiteral { public init(patchLiteral: Int) { self = patchLiteral } }
extension Float: PatchIntegerLiteral, PatchFloatLiteral {
    public init(patchLiteral: Int) { self.init(patchLiteral) }
    public init(patchLiteral: Double) { self.init(patchLiteral) }
}
extension Double: PatchIntegerLiteral, PatchFloatLiteral {
    public init(patchLiteral: Int) { self.init(patchLiteral) }
    public init(patchLiteral: Double) { self = patchLiteral }
}
extension Decimal: PatchIntegerLiteral, PatchFloatLiteral {
    public init(patchLiteral: Int) { self.init(patchLiteral) }
    /// Through the literal's shortest text, so `0.1` is exactly 0.1.
    public init(patchLiteral: Double) { self = Decimal(string: "\(patchLiteral)") ?? Decimal(patchLiteral) }
}
extension Bool: PatchBooleanLiteral { public init(patchLiteral: Bool) { self = patchLiteral } }

extension Optional: PatchStringLiteral where Wrapped: PatchStringLiteral {
    public init(patchLiteral: String) { self = Wrapped(patchLiteral: patchLiteral) }
}
extension Optional: PatchIntegerLiteral where Wrapped: PatchIntegerLiteral {
    public init(patchLiteral: Int) { self = Wrapped(patchLiteral: patchLiteral) }
}
extension Optional: PatchFloatLiteral where Wrapped: PatchFloatLiteral {
    public init(patchLiteral: Double) { self = Wrapped(patchLiteral: patchLiteral) }
}
extension Optional: PatchBooleanLiteral where Wrapped: PatchBooleanLiteral {
    public init(patchLiteral: Bool) { self = Wrapped(patchLiteral: patchLiteral) }
}

extension Patchable: ExpressibleByUnicodeScalarLiteral where Value: PatchStringLiteral {
    public init(unicodeScalarLiteral value: String) { self = .set(Value(patchLiteral: value)) }
}
extension Patchable: ExpressibleByExtendedGraphemeClusterLiteral where Value: PatchStringLiteral {
    public init(extendedGraphemeClusterLiteral value: String) { self = .set(Value(patchLiteral: value)) }
}
extension Patchable: ExpressibleByStringLiteral where Value: PatchStringLiteral {
    public init(stringLiteral value: String) { self = .set(Value(patchLiteral: value)) }
}
extension Patchable: ExpressibleByIntegerLiteral where Value: PatchIntegerLiteral {
    public init(integerLiteral value: Int) { self = .set(Value(patchLiteral: value)) }
}
extension Patchable: ExpressibleByFloatLiteral where Value: PatchFloatLiteral {
    public init(floatLiteral value: Double) { self = .set(Value(patchLiteral: value)) }
}
extension Patchable: ExpressibleByBooleanLiteral where Value: PatchBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .set(Value(patchLiteral: value)) }
}
extension Patchable: ExpressibleByNilLiteral where Value: ExpressibleByNilLiteral {
    /// `nil` sets NULL (it does not mean "unchanged").
    public init(nilLiteral: ()) { self = .set(Value(nilLiteral: ())) }
}
