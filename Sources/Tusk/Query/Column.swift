/// A typed column of a generated table: `User.columns.email` is a `Column<User, String>`.
/// Nullable columns have optional values (`Column<User, String?>`).
public struct Column<Table: TuskReadable, Value>: Sendable {
    /// The column's name in the database (from the schema).
    public let name: String
    /// The SQL type as the schema spells it.
    public let sqlType: String
    public let isNullable: Bool
    /// The name the table goes by in the statement when it is not its own (the second side of
    /// a self-join); nil otherwise.
    public let alias: String?
    /// Reads the column's value from a row, as a parameter (keyset pagination); nil when the
    /// value has no parameter form.
    let binding: @Sendable (Table.Row) -> PostgresBinding?

    public init(
        name: String, sqlType: String, isNullable: Bool, alias: String? = nil,
        binding: @escaping @Sendable (Table.Row) -> PostgresBinding?
    ) {
        self.name = name
        self.sqlType = sqlType
        self.isNullable = isNullable
        self.alias = alias
        self.binding = binding
    }
}

extension Column where Value: PostgresEncodable {
    /// A column whose row value is at `value` (what generated `Columns` write: a key path
    /// type-checks in a fraction of the time of a closure per column).
    public init(name: String, sqlType: String, isNullable: Bool, alias: String? = nil, value: KeyPath<Table.Row, Value> & Sendable) {
        self.init(name: name, sqlType: sqlType, isNullable: isNullable, alias: alias, binding: { PostgresBinding($0[keyPath: value]) })
    }
}

extension Column {
    /// A column whose values have no parameter form (`swift_type:` JSON): no keyset pagination over it.
    public init(name: String, sqlType: String, isNullable: Bool, alias: String? = nil) {
        self.init(name: name, sqlType: sqlType, isNullable: isNullable, alias: alias, binding: { _ in nil })
    }
}

/// Generated `Columns` can be made for an aliased table (the second side of a self-join:
/// `Comment.join(Comment.self, on: { $0.parentId == $1.id })`).
public protocol AliasableColumns: Sendable {
    /// The columns, qualified by `alias` instead of the table's name when one is given.
    init(alias: String?)
}

/// Anything that renders as an SQL value expression of type `Value`: columns, distances, ...
public protocol SQLExpression<Value>: Sendable {
    associatedtype Value
    var sqlFragment: SQLFragment { get }
    /// For keyset pagination: reads this expression's value from a row (columns only).
    var keysetBinding: (@Sendable (Any) -> PostgresBinding?)? { get }
}

extension SQLExpression {
    public var keysetBinding: (@Sendable (Any) -> PostgresBinding?)? { nil }
}

extension Column: SQLExpression {
    public var sqlFragment: SQLFragment { .column(name, of: alias ?? Table.tableName) }

    public var keysetBinding: (@Sendable (Any) -> PostgresBinding?)? {
        let binding = self.binding
        return { row in (row as? Table.Row).flatMap(binding) }
    }
}

/// A computed expression (`"embedding" <=> $1`), comparable, orderable and selectable.
public struct Expression<Value>: SQLExpression {
    public let sqlFragment: SQLFragment

    public init(_ fragment: SQLFragment) { self.sqlFragment = fragment }
}

/// A column named in a conflict target or similar list, whatever its value type.
public protocol ColumnReference: Sendable {
    var name: String { get }
}

extension Column: ColumnReference {}
