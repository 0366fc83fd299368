/// Type families the loader's rules talk about.
extension SQLType {
    var isInteger: Bool { [.smallint, .integer, .bigint].contains(self) }

    var isNumber: Bool {
        if case .numeric = self { return true }
        return isInteger || self == .real || self == .doublePrecision
    }

    var isTextual: Bool {
        switch self {
        case .text, .varchar, .char: true
        default: false
        }
    }

    var isTimestamp: Bool { self == .timestamp || self == .timestamptz }

    /// A point in time a row's age or an interval partition can be counted by.
    var isDateOrTimestamp: Bool { isTimestamp || self == .date }

    /// Types a foreign key may pair: PostgreSQL needs an equality operator between the two
    /// column types, and Tusk additionally wants the generated Swift types to agree.
    func canReference(_ target: SQLType) -> Bool {
        if isInteger && target.isInteger { return true }
        if isTextual && target.isTextual { return true }
        if case .numeric = self, case .numeric = target { return true }
        return self == target
    }
}
