/// A query that Tusk refuses to send, with what to do instead.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// An UPDATE or DELETE without `where`, and without the explicit `.all()`.
        case missingWhere
        /// An UPDATE whose patch sets nothing.
        case emptyPatch
        /// An insert of no rows.
        case emptyInsert
        /// Keyset pagination over columns whose values cannot be read from the row.
        case keysetNotPossible
        /// A value that could not be turned into a parameter (e.g. JSON encoding failed).
        case invalidValue
        /// An `including` whose related query cannot be loaded in one batch (a limit or offset).
        case invalidInclude
        /// A required to-one row that is not there (deleted between the statements of an eager load).
        case relatedRowMissing
        /// A join Tusk cannot write: the same table on both sides, or a left query with
        /// `after(row)` or `groupBy`.
        case invalidJoin
        /// A write through a tenant's runner (`db.tenant(id)`) that would store another tenant's
        /// id in a `tenant:` column, or an expression it cannot check.
        case otherTenant
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
