import TuskSchema

/// What changing a column's type costs: nothing but a catalog update, a table rewrite, or a
/// narrowing that can fail or lose data.
enum TypeChange: Equatable {
    case metadataOnly
    case rewrite
    case narrowing

    static func classify(from old: SQLType, to new: SQLType) -> TypeChange {
        if old == new { return .metadataOnly }
        switch (old, new) {
        case (.array(let a), .array(let b)): return classify(from: a, to: b)
        case (.varchar(let a), .varchar(let b)):
            guard let a else { return b == nil ? .metadataOnly : .narrowing }
            return (b ?? .max) >= a ? .metadataOnly : .narrowing
        case (.varchar, .text), (.text, .varchar(nil)): return .metadataOnly
        case (.numeric(let p1, let s1), .numeric(let p2, let s2)):
            if p2 == nil && s2 == nil { return .metadataOnly }
            guard let p1, let p2 else { return .narrowing }
            if (s1 ?? 0) == (s2 ?? 0) && p2 >= p1 { return .metadataOnly }
            return p2 - (s2 ?? 0) >= p1 - (s1 ?? 0) && (s2 ?? 0) >= (s1 ?? 0) ? .rewrite : .narrowing
        case (.char, .text), (.char, .varchar(nil)): return .rewrite
        case (.char(let a), .char(let b)), (.char(let a), .varchar(let b?)): return b >= a ? .rewrite : .narrowing
        case (.smallint, .integer), (.smallint, .bigint), (.integer, .bigint), (.real, .doublePrecision): return .rewrite
        case (.smallint, .numeric(nil, nil)), (.integer, .numeric(nil, nil)), (.bigint, .numeric(nil, nil)): return .rewrite
        case (.timestamp, .timestamptz), (.timestamptz, .timestamp), (.json, .jsonb), (.jsonb, .json): return .rewrite
        case (.enumType, .text), (.enumType, .varchar(nil)): return .rewrite
        case (_, .text) where old != .bytea: return .rewrite
        default: return .narrowing
        }
    }
}
