import Foundation

/// The result of reading a type written in the schema.
public struct ParsedSQLType: Hashable, Sendable {
    public var type: SQLType
    /// `serial`, `bigserial`, `smallserial`: the column becomes an identity column.
    public var impliesIdentity: Bool
}

public enum SQLTypeParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not a known type; `suggestion` is the closest known spelling, if any is close.
    case unknownType(String, suggestion: String?)
    /// A parameter that is out of range or malformed, with what would be right.
    case badParameter(type: String, message: String)
    /// Arrays of arrays are not supported.
    case nestedArray(String)

    public var description: String {
        switch self {
        case .unknownType(let t, let s):
            "unknown type '\(t)'" + (s.map { "; did you mean '\($0)'?" } ?? "")
        case .badParameter(let t, let m): "bad type '\(t)': \(m)"
        case .nestedArray(let t): "bad type '\(t)': only one-dimensional arrays are supported"
        }
    }
}

extension SQLType {
    /// Spellings accepted without parameters, with their canonical type.
    static let simpleTypes: [String: (SQLType, Bool)] = [
        "smallint": (.smallint, false), "int2": (.smallint, false),
        "integer": (.integer, false), "int": (.integer, false), "int4": (.integer, false),
        "bigint": (.bigint, false), "int8": (.bigint, false),
        "real": (.real, false), "float4": (.real, false),
        "double precision": (.doublePrecision, false), "float8": (.doublePrecision, false), "double": (.doublePrecision, false),
        "float": (.doublePrecision, false),
        "boolean": (.boolean, false), "bool": (.boolean, false),
        "text": (.text, false),
        "uuid": (.uuid, false), "date": (.date, false),
        "time": (.time, false), "time without time zone": (.time, false),
        "timestamp": (.timestamp, false), "timestamp without time zone": (.timestamp, false),
        "timestamptz": (.timestamptz, false), "timestamp with time zone": (.timestamptz, false),
        "interval": (.interval, false), "bytea": (.bytea, false),
        "json": (.json, false), "jsonb": (.jsonb, false), "inet": (.inet, false), "tsvector": (.tsvector, false),
        "numeric": (.numeric(precision: nil, scale: nil), false), "decimal": (.numeric(precision: nil, scale: nil), false),
        "dec": (.numeric(precision: nil, scale: nil), false),
        "varchar": (.varchar(length: nil), false), "character varying": (.varchar(length: nil), false),
        "char": (.char(length: 1), false), "character": (.char(length: 1), false),
        "serial": (.integer, true), "serial4": (.integer, true),
        "bigserial": (.bigint, true), "serial8": (.bigint, true),
        "smallserial": (.smallint, true), "serial2": (.smallint, true),
    ]

    /// Every spelling the parser knows, for did-you-mean suggestions.
    public static var knownSpellings: [String] {
        (Array(simpleTypes.keys) + ["numeric(p,s)", "varchar(n)", "char(n)", "vector(n)", "float(p)"]).sorted()
    }

    /// Reads a type as written in the schema (`varchar(255)`, `int8`, `text[]`, `memory_tier`).
    /// `enumNames` is the set of declared enums; `nil` accepts any identifier as an enum name
    /// (used when decoding snapshots, which hold canonical spellings only).
    public static func parse(_ written: String, enumNames: Set<String>?) -> Result<ParsedSQLType, SQLTypeParseError> {
        var text = written.trimmingCharacters(in: .whitespaces).lowercased()
        // Collapse inner runs of spaces: "double  precision".
        text = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        if text.hasSuffix("[]") {
            let inner = String(text.dropLast(2)).trimmingCharacters(in: .whitespaces)
            if inner.hasSuffix("[]") { return .failure(.nestedArray(written)) }
            return parse(inner, enumNames: enumNames).flatMap { parsed in
                if parsed.impliesIdentity {
                    return .failure(.badParameter(type: written, message: "serial types cannot be array elements; use integer[] or bigint[]"))
                }
                if parsed.type == .tsvector {
                    return .failure(.badParameter(type: written, message: "tsvector arrays have no Swift mapping; write type: { sql: tsvector[] } to keep one out of the generated Swift"))
                }
                return .success(ParsedSQLType(type: .array(parsed.type), impliesIdentity: false))
            }
        }
        if let (type, identity) = simpleTypes[text] {
            return .success(ParsedSQLType(type: type, impliesIdentity: identity))
        }
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            let base = text[..<open].trimmingCharacters(in: .whitespaces)
            let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
            let parts = inside.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = parts.map { Int($0) }
            guard !parts.isEmpty, numbers.allSatisfy({ $0 != nil }) else {
                return .failure(.badParameter(type: written, message: "type parameters must be whole numbers, e.g. varchar(255) or numeric(10,2)"))
            }
            let n = numbers.map { $0! }
            func one(_ name: String, max: Int, make: (Int) -> SQLType) -> Result<ParsedSQLType, SQLTypeParseError> {
                guard n.count == 1 else { return .failure(.badParameter(type: written, message: "\(name) takes one parameter, e.g. \(name)(\(min(255, max)))")) }
                guard n[0] >= 1 && n[0] <= max else { return .failure(.badParameter(type: written, message: "\(name) length must be between 1 and \(max)")) }
                return .success(ParsedSQLType(type: make(n[0]), impliesIdentity: false))
            }
            switch base {
            case "varchar", "character varying": return one("varchar", max: 10_485_760) { .varchar(length: $0) }
            case "char", "character": return one("char", max: 10_485_760) { .char(length: $0) }
            case "vector": return one("vector", max: 16_000) { .vector(dimensions: $0) }
            case "float":
                // PostgreSQL's rule: float(1) to float(24) is real, float(25) to float(53) double precision.
                guard n.count == 1, (1...53).contains(n[0]) else {
                    return .failure(.badParameter(type: written, message: "float takes one precision in bits between 1 and 53, e.g. float(53) (double precision) or float(24) (real)"))
                }
                return .success(ParsedSQLType(type: n[0] <= 24 ? .real : .doublePrecision, impliesIdentity: false))
            case "numeric", "decimal", "dec":
                guard n.count <= 2 else { return .failure(.badParameter(type: written, message: "numeric takes (precision) or (precision,scale), e.g. numeric(10,2)")) }
                let p = n[0]
                guard p >= 1 && p <= 1000 else { return .failure(.badParameter(type: written, message: "numeric precision must be between 1 and 1000")) }
                if n.count == 2 {
                    let s = n[1]
                    guard s >= 0 && s <= p else { return .failure(.badParameter(type: written, message: "numeric scale must be between 0 and the precision \(p), e.g. numeric(\(p),\(min(2, p)))")) }
                    return .success(ParsedSQLType(type: .numeric(precision: p, scale: s), impliesIdentity: false))
                }
                return .success(ParsedSQLType(type: .numeric(precision: p, scale: nil), impliesIdentity: false))
            default:
                break
            }
        }
        if text == "vector" {
            return .failure(.badParameter(type: written, message: "vector needs its dimension, e.g. vector(1536)"))
        }
        // An enum may be qualified by its schema (`billing.status`; `public.mood` is `mood`).
        let original = QualifiedName.canonical(written.trimmingCharacters(in: .whitespaces))
        if let enums = enumNames {
            if enums.contains(original) { return .success(ParsedSQLType(type: .enumType(original), impliesIdentity: false)) }
        } else if original.first.map({ $0.isLetter || $0 == "_" }) == true, original.filter({ $0 == "." }).count <= 1,
                  original.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) {
            return .success(ParsedSQLType(type: .enumType(original), impliesIdentity: false))
        }
        let candidates = knownSpellings + (enumNames.map { Array($0) } ?? [])
        return .failure(.unknownType(written, suggestion: closestMatch(to: text, in: candidates)))
    }
}

/// The candidate nearest to `word` by edit distance, when it is close enough to be a likely typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let limit = max(2, word.count / 3)
    var best: (String, Int)?
    for candidate in candidates.sorted() {
        let d = editDistance(word.lowercased(), candidate.lowercased())
        if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
    }
    return best?.0
}

/// Levenshtein distance.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
