// Operator sugar, defined on the concrete `Column` and `Expression` types only (never on a
// protocol), so the type checker has few candidates: a 20-condition closure stays fast.

extension Column where Value: PostgresEncodable {
    public static func == (lhs: Column, rhs: Value) -> Predicate { lhs.eq(rhs) }
    public static func != (lhs: Column, rhs: Value) -> Predicate { lhs.ne(rhs) }
    public static func < (lhs: Column, rhs: Value) -> Predicate { lhs.lt(rhs) }
    public static func <= (lhs: Column, rhs: Value) -> Predicate { lhs.le(rhs) }
    public static func > (lhs: Column, rhs: Value) -> Predicate { lhs.gt(rhs) }
    public static func >= (lhs: Column, rhs: Value) -> Predicate { lhs.ge(rhs) }
}

extension Expression where Value: PostgresEncodable {
    public static func == (lhs: Expression, rhs: Value) -> Predicate { lhs.eq(rhs) }
    public static func != (lhs: Expression, rhs: Value) -> Predicate { lhs.ne(rhs) }
    public static func < (lhs: Expression, rhs: Value) -> Predicate { lhs.lt(rhs) }
    public static func <= (lhs: Expression, rhs: Value) -> Predicate { lhs.le(rhs) }
    public static func > (lhs: Expression, rhs: Value) -> Predicate { lhs.gt(rhs) }
    public static func >= (lhs: Expression, rhs: Value) -> Predicate { lhs.ge(rhs) }
}
