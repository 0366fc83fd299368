/// A row with one included relation: what `including` returns. Reads like the row itself
/// (`user.email`), plus the relation by its name (`user.documents`), typed by the relation's
/// kind: `[Element]` for to-many, `Element?` for optional to-one, `Element` for required to-one.
/// Several `including` calls nest (`Loaded<Loaded<User.Row, Documents, ...>, Conversations, ...>`);
/// every level's relation and the row's columns stay reachable as members.
@dynamicMemberLookup
public struct Loaded<Base: Sendable, R: Relation, Element: Sendable>: Sendable {
    /// The row of the source table.
    public let row: R.Source.Row
    /// The row with the relations included before this one.
    let base: Base
    /// The related values, in the included query's order.
    let related: [Element]

    init(base: Base, row: R.Source.Row, related: [Element]) {
        self.base = base
        self.row = row
        self.related = related
    }

    /// The row's columns and the relations included before this one.
    public subscript<Value>(dynamicMember member: KeyPath<Base, Value>) -> Value { base[keyPath: member] }
}

extension Loaded where R: ToManyRelation {
    /// The related rows (empty when there are none).
    public subscript(dynamicMember relation: KeyPath<R.Source.Relations, R>) -> [Element] { related }
}

extension Loaded where R: ToOneRelation {
    /// The related row, nil when there is none.
    public subscript(dynamicMember relation: KeyPath<R.Source.Relations, R>) -> Element? { related.first }
}

extension Loaded where R: RequiredToOneRelation {
    /// The related row (loading throws when it is missing, so it is always here).
    public subscript(dynamicMember relation: KeyPath<R.Source.Relations, R>) -> Element { related[0] }
}

extension Loaded: Equatable where Base: Equatable, Element: Equatable, R.Source.Row: Equatable {}
extension Loaded: Hashable where Base: Hashable, Element: Hashable, R.Source.Row: Hashable {}
