// Column = column across tables (join conditions), also when one side is nullable:
// `Document.join(User.self, on: { $0.userId == $1.id })` compares a `UUID?` with a `UUID`.
// On the concrete Column type only, like the other operator sugar, to keep closures fast to check.

extension Column {
    public static func == <Other>(lhs: Column, rhs: Column<Other, Value>) -> Predicate { lhs.compare("=", rhs) }

    public static func == <Other, Wrapped>(lhs: Column, rhs: Column<Other, Wrapped>) -> Predicate where Value == Wrapped? {
        lhs.compare("=", rhs)
    }

    public static func == <Other>(lhs: Column, rhs: Column<Other, Value?>) -> Predicate {
        lhs.compare("=", rhs)
    }

    /// `=` with a column whose value is the non-optional form of this one's.
    public func eq<Other, Wrapped>(_ other: Column<Other, Wrapped>) -> Predicate where Value == Wrapped? { compare("=", other) }

    /// `=` with a column whose value is the optional form of this one's.
    public func eq<Other>(_ other: Column<Other, Value?>) -> Predicate { compare("=", other) }
}
