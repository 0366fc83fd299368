/// A relation between two generated tables, from a foreign key (or two, through a join table).
/// The generator writes one small struct per relation, nested in the table's `Relations`
/// (`User.Relations.Documents`), so every relation has a type of its own: `including(\.documents)`
/// and `user.documents` are checked by the compiler.
public protocol Relation: Sendable {
    associatedtype Source: TuskReadable
    associatedtype Target: TuskReadable
    /// The value that matches a source row with its target rows (the key column's type).
    associatedtype Key: Hashable & PostgresEncodable & PostgresDecodable

    /// The relation's name in Swift (`documents`), for messages.
    static var name: String { get }
    /// How the rows are linked in the database.
    static var link: RelationLink { get }
    /// The source row's key (`sourceColumn`), nil when NULL.
    static func sourceKey(of row: Source.Row) -> Key?
    /// The target row's key (`targetColumn`), nil when NULL.
    static func targetKey(of row: Target.Row) -> Key?

    init()
}

/// Loaded as an array: the target's foreign key references the source, or a join table links them.
public protocol ToManyRelation: Relation {}
/// Loaded as an optional row: a nullable foreign key, a one-to-one inverse (a unique foreign key
/// on the target), or a target whose rows may be soft-deleted.
public protocol ToOneRelation: Relation {}
/// Loaded as a row: a NOT NULL foreign key to a table without `soft_delete`.
public protocol RequiredToOneRelation: Relation {}

/// How a relation's rows are linked.
public enum RelationLink: Sendable, Hashable {
    /// The target's `targetColumn` references the source's `sourceColumn` (`users` → `documents`).
    case foreignKeyOnTarget(sourceColumn: String, targetColumn: String)
    /// The source's `sourceColumn` references the target's `targetColumn` (`documents` → `users`).
    case foreignKeyOnSource(sourceColumn: String, targetColumn: String)
    /// A join table: `table.sourceJoinColumn` references the source's `sourceColumn` and
    /// `table.targetJoinColumn` references the target's `targetColumn`.
    case through(table: String, sourceJoinColumn: String, targetJoinColumn: String, sourceColumn: String, targetColumn: String)

    /// The source's column that holds the key.
    public var sourceColumn: String {
        switch self {
        case .foreignKeyOnTarget(let column, _), .foreignKeyOnSource(let column, _), .through(_, _, _, let column, _): column
        }
    }

    /// The target's column that holds the key.
    public var targetColumn: String {
        switch self {
        case .foreignKeyOnTarget(_, let column), .foreignKeyOnSource(_, let column), .through(_, _, _, _, let column): column
        }
    }
}

/// The `Relations` of a table without foreign keys.
public struct NoRelations: Sendable {
    public init() {}
}

extension TuskReadable where Relations == NoRelations {
    public static var relations: NoRelations { NoRelations() }
}
