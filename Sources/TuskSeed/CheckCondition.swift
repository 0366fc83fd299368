import Foundation

/// A CHECK constraint the seeder understands: parsed once, then evaluated against each generated
/// row (a row that fails is generated again), and mined for hints that make valid values likely
/// from the start (`plan IN ('free', 'team')`, `ordinal >= 0`, `length(title) > 0`).
///
/// The subset: column names, numbers, strings, TRUE/FALSE/NULL, `AND OR NOT`, comparisons,
/// `IS [NOT] NULL`, `[NOT] IN (...)`, `[NOT] BETWEEN`, `+ - * / ||`, casts (ignored), and the
/// functions `length`, `char_length`, `octet_length`, `lower`, `upper`, `btrim`, `trim`,
/// `abs`, `coalesce`. Anything else makes ``init(_:columns:)`` return nil: the check is then left
/// to the database, and the seed report names it.
struct CheckCondition {
    indirect enum Expression {
        case column(String)
        case value(Value)
        case call(String, [Expression])
        case not(Expression)
        case binary(String, Expression, Expression)
        case isNull(Expression, negated: Bool)
        case inList(Expression, [Expression], negated: Bool)
        case between(Expression, Expression, Expression, negated: Bool)
    }

    enum Value: Equatable {
        case null, number(Double), text(String), bool(Bool)
    }

    let expression: Expression

    init?(_ sql: String, columns: Set<String>) {
        guard let tokens = Self.tokenize(sql) else { return nil }
        var parser = Parser(tokens: tokens, columns: columns)
        guard let parsed = parser.or(), parser.index == tokens.count else { return nil }
        expression = parsed
    }

    /// SQL's rule for CHECK: the row passes unless the condition is false (NULL passes).
    func passes(_ lookup: (String) -> Value) -> Bool {
        if case .bool(false) = Self.evaluate(expression, lookup) { return false }
        return true
    }

    // MARK: Hints

    /// Facts about single columns that every row must meet: the conjuncts at the top level.
    struct Hints {
        var choices: [String: [String]] = [:]
        var minimum: [String: Double] = [:]
        var maximum: [String: Double] = [:]
        var minLength: [String: Int] = [:]
        var maxLength: [String: Int] = [:]
    }

    func collectHints(into hints: inout Hints) {
        var conjuncts: [Expression] = []
        func flatten(_ e: Expression) {
            if case .binary("and", let l, let r) = e { flatten(l); flatten(r) } else { conjuncts.append(e) }
        }
        flatten(expression)
        for term in conjuncts {
            switch term {
            case .inList(.column(let c), let items, negated: false):
                let literals = items.compactMap { item -> String? in
                    if case .value(let v) = item { return v.text } else { return nil }
                }
                if literals.count == items.count { hints.choices[c] = literals }
            case .between(.column(let c), .value(.number(let lo)), .value(.number(let hi)), negated: false):
                hints.minimum[c] = max(hints.minimum[c] ?? lo, lo)
                hints.maximum[c] = min(hints.maximum[c] ?? hi, hi)
            case .binary(let op, let left, let right):
                Self.comparisonHint(op, left, right, into: &hints)
                if let flipped = Self.flipped(op) { Self.comparisonHint(flipped, right, left, into: &hints) }
            default: break
            }
        }
    }

    private static func flipped(_ op: String) -> String? {
        ["<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="][op]
    }

    private static func comparisonHint(_ op: String, _ left: Expression, _ right: Expression, into hints: inout Hints) {
        switch (left, right) {
        case (.column(let c), .value(.number(let n))):
            switch op {
            case ">", ">=": hints.minimum[c] = max(hints.minimum[c] ?? n, n)
            case "<", "<=": hints.maximum[c] = min(hints.maximum[c] ?? n, n)
            case "=": hints.minimum[c] = n; hints.maximum[c] = n
            default: break
            }
        case (.column(let c), .value(.text(let s))) where op == "=":
            hints.choices[c] = [s]
        case (.call(let f, let args), .value(.number(let n))) where ["length", "char_length", "character_length"].contains(f):
            guard args.count == 1, case .column(let c) = args[0] else { return }
            let n = Int(n)
            switch op {
            case ">": hints.minLength[c] = max(hints.minLength[c] ?? 0, n + 1)
            case ">=": hints.minLength[c] = max(hints.minLength[c] ?? 0, n)
            case "<": hints.maxLength[c] = min(hints.maxLength[c] ?? Int.max, n - 1)
            case "<=": hints.maxLength[c] = min(hints.maxLength[c] ?? Int.max, n)
            case "=": hints.minLength[c] = n; hints.maxLength[c] = n
            default: break
            }
        default: break
        }
    }

    // MARK: Evaluation

    static func evaluate(_ e: Expression, _ lookup: (String) -> Value) -> Value {
        switch e {
        case .column(let name): return lookup(name)
        case .value(let v): return v
        case .not(let inner):
            if case .bool(let b) = evaluate(inner, lookup) { return .bool(!b) }
            return .null
        case .isNull(let inner, let negated):
            return .bool((evaluate(inner, lookup) == .null) != negated)
        case .inList(let inner, let items, let negated):
            let value = evaluate(inner, lookup)
            if value == .null { return .null }
            let found = items.contains { compare(value, evaluate($0, lookup)) == 0 }
            return .bool(found != negated)
        case .between(let inner, let lo, let hi, let negated):
            let value = evaluate(inner, lookup)
            guard let a = compare(value, evaluate(lo, lookup)), let b = compare(value, evaluate(hi, lookup)) else { return .null }
            return .bool((a >= 0 && b <= 0) != negated)
        case .binary(let op, let l, let r):
            return binary(op, evaluate(l, lookup), evaluate(r, lookup))
        case .call(let name, let args):
            let values = args.map { evaluate($0, lookup) }
            return call(name, values)
        }
    }

    private static func binary(_ op: String, _ a: Value, _ b: Value) -> Value {
        switch op {
        case "and":
            if a == .bool(false) || b == .bool(false) { return .bool(false) }
            if a == .null || b == .null { return .null }
            return .bool(true)
        case "or":
            if a == .bool(true) || b == .bool(true) { return .bool(true) }
            if a == .null || b == .null { return .null }
            return .bool(false)
        case "=", "<>", "!=", "<", "<=", ">", ">=":
            guard let order = compare(a, b) else { return .null }
            switch op {
            case "=": return .bool(order == 0)
            case "<>", "!=": return .bool(order != 0)
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "||":
            guard let x = a.text, let y = b.text else { return .null }
            return .text(x + y)
        default:
            guard let x = a.number, let y = b.number else { return .null }
            switch op {
            case "+": return .number(x + y)
            case "-": return .number(x - y)
            case "*": return .number(x * y)
            default: return y == 0 ? .null : .number(x / y)
            }
        }
    }

    private static func call(_ name: String, _ values: [Value]) -> Value {
        if name == "coalesce" { return values.first { $0 != .null } ?? .null }
        guard values.count == 1, let text = values[0].text else { return .null }
        switch name {
        case "length", "char_length", "character_length": return .number(Double(text.unicodeScalars.count))
        case "octet_length": return .number(Double(text.utf8.count))
        case "lower": return .text(text.lowercased())
        case "upper": return .text(text.uppercased())
        case "btrim", "trim": return .text(text.trimmingCharacters(in: .whitespaces))
        case "abs": return values[0].number.map { .number(abs($0)) } ?? .null
        default: return .null
        }
    }

    /// -1, 0, 1, or nil when either side is NULL.
    private static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        default:
            if let x = a.number, let y = b.number { return x == y ? 0 : (x < y ? -1 : 1) }
            guard let x = a.text, let y = b.text else { return nil }
            let xs = Array(x.unicodeScalars.map(\.value)), ys = Array(y.unicodeScalars.map(\.value))
            return xs == ys ? 0 : (xs.lexicographicallyPrecedes(ys) ? -1 : 1)
        }
    }

    // MARK: Parsing

    enum Token: Equatable {
        case word(String)  // unquoted: lower-cased
        case quoted(String)  // "identifier"
        case number(Double)
        case string(String)
        case symbol(String)
    }

    static func tokenize(_ sql: String) -> [Token]? {
        let chars = Array(sql)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "'" || c == "\"" {
                // A string or a quoted identifier: the delimiter doubled stands for itself.
                var text = ""
                i += 1
                while true {
                    guard i < chars.count else { return nil }
                    if chars[i] == c {
                        if i + 1 < chars.count, chars[i + 1] == c { text.append(c); i += 2; continue }
                        i += 1
                        break
                    }
                    text.append(chars[i]); i += 1
                }
                tokens.append(c == "'" ? .string(text) : .quoted(text))
            } else if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                guard let n = Double(String(chars[i..<j])) else { return nil }
                tokens.append(.number(n))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append(.word(String(chars[i..<j]).lowercased()))
                i = j
            } else {
                let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
                if ["<>", "!=", "<=", ">=", "||", "::"].contains(two) {
                    tokens.append(.symbol(two)); i += 2
                } else if "=<>+-*/(),[]".contains(c) {
                    tokens.append(.symbol(String(c))); i += 1
                } else {
                    return nil  // `~`, `@>`, `$1`...: not in the subset
                }
            }
        }
        return tokens
    }

    private struct Parser {
        let tokens: [Token]
        let columns: Set<String>
        var index = 0

        var peek: Token? { index < tokens.count ? tokens[index] : nil }
        mutating func take(_ token: Token) -> Bool {
            if peek == token { index += 1; return true }
            return false
        }
        mutating func keyword(_ word: String) -> Bool { take(.word(word)) }

        mutating func or() -> Expression? {
            guard var left = and() else { return nil }
            while keyword("or") { guard let right = and() else { return nil }; left = .binary("or", left, right) }
            return left
        }

        mutating func and() -> Expression? {
            guard var left = not() else { return nil }
            while keyword("and") { guard let right = not() else { return nil }; left = .binary("and", left, right) }
            return left
        }

        mutating func not() -> Expression? {
            if keyword("not") { return not().map { .not($0) } }
            return predicate()
        }

        mutating func predicate() -> Expression? {
            guard let left = additive() else { return nil }
            if keyword("is") {
                let negated = keyword("not")
                if keyword("null") { return .isNull(left, negated: negated) }
                if keyword("true") { return negated ? .not(.binary("=", left, .value(.bool(true)))) : .binary("=", left, .value(.bool(true))) }
                if keyword("false") { return negated ? .not(.binary("=", left, .value(.bool(false)))) : .binary("=", left, .value(.bool(false))) }
                return nil
            }
            let negated = keyword("not")
            if keyword("in") {
                guard take(.symbol("(")) else { return nil }
                var items: [Expression] = []
                repeat {
                    guard let item = additive() else { return nil }
                    items.append(item)
                } while take(.symbol(","))
                guard take(.symbol(")")) else { return nil }
                return .inList(left, items, negated: negated)
            }
            if keyword("between") {
                guard let lo = additive(), keyword("and"), let hi = additive() else { return nil }
                return .between(left, lo, hi, negated: negated)
            }
            if negated { return nil }
            for op in ["=", "<>", "!=", "<=", ">=", "<", ">"] where take(.symbol(op)) {
                guard let right = additive() else { return nil }
                return .binary(op, left, right)
            }
            return left
        }

        mutating func additive() -> Expression? {
            guard var left = multiplicative() else { return nil }
            while let op = ["+", "-", "||"].first(where: { peek == .symbol($0) }) {
                index += 1
                guard let right = multiplicative() else { return nil }
                left = .binary(op, left, right)
            }
            return left
        }

        mutating func multiplicative() -> Expression? {
            guard var left = unary() else { return nil }
            while let op = ["*", "/"].first(where: { peek == .symbol($0) }) {
                index += 1
                guard let right = unary() else { return nil }
                left = .binary(op, left, right)
            }
            return left
        }

        mutating func unary() -> Expression? {
            if take(.symbol("-")) {
                guard let inner = unary() else { return nil }
                if case .value(.number(let n)) = inner { return .value(.number(-n)) }
                return .binary("-", .value(.number(0)), inner)
            }
            guard let atom = primary() else { return nil }
            return skipCasts() ? atom : nil
        }

        /// `::type`, `::numeric(3,2)`, `::text[]`: the seeder compares values as they are.
        mutating func skipCasts() -> Bool {
            while take(.symbol("::")) {
                guard case .word = peek else { return false }
                index += 1
                // `double precision`, `character varying`, `timestamp with time zone`
                while case .word(let w) = peek, ["precision", "varying", "with", "without", "time", "zone"].contains(w) { index += 1 }
                if take(.symbol("(")) {
                    while let t = peek, t != .symbol(")") { index += 1 }
                    guard take(.symbol(")")) else { return false }
                }
                while take(.symbol("[")) { guard take(.symbol("]")) else { return false } }
            }
            return true
        }

        mutating func primary() -> Expression? {
            guard let token = peek else { return nil }
            index += 1
            switch token {
            case .number(let n): return .value(.number(n))
            case .string(let s): return .value(.text(s))
            case .quoted(let name): return columns.contains(name) ? .column(name) : nil
            case .symbol("("):
                guard let inner = or(), take(.symbol(")")) else { return nil }
                return inner
            case .word(let word):
                switch word {
                case "true": return .value(.bool(true))
                case "false": return .value(.bool(false))
                case "null": return .value(.null)
                default: break
                }
                if take(.symbol("(")) {
                    guard ["length", "char_length", "character_length", "octet_length", "lower", "upper", "btrim", "trim", "abs", "coalesce"].contains(word) else { return nil }
                    var args: [Expression] = []
                    if !take(.symbol(")")) {
                        repeat {
                            guard let arg = or() else { return nil }
                            args.append(arg)
                        } while take(.symbol(","))
                        guard take(.symbol(")")) else { return nil }
                    }
                    return .call(word, args)
                }
                return columns.contains(word) ? .column(word) : nil
            default: return nil
            }
        }
    }
}

extension CheckCondition.Value {
    var number: Double? {
        switch self {
        case .number(let n): n
        case .text(let s): Double(s)
        default: nil
        }
    }

    var text: String? {
        switch self {
        case .text(let s): s
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): b ? "true" : "false"
        case .null: nil
        }
    }
}
