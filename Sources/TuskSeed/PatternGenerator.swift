import Foundation

/// Strings that match a `validate: { pattern: }` regular expression, generated from the
/// pattern itself: literals, `.`, classes (`[a-z0-9_]`, `[^ ]`, `\d`, `\w`, `\s`), groups,
/// alternation and quantifiers (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`). Lookaround,
/// backreferences and Unicode properties cannot be generated from: ``init(_:)`` says which
/// construct, and the seed reports it before writing anything.
struct PatternGenerator {
    indirect enum Node {
        case literal(Character)
        /// One character from the ranges (or, negated, a printable ASCII character outside them).
        case set([ClosedRange<Character>], negated: Bool)
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?)
    }

    struct Unsupported: Error, CustomStringConvertible {
        var construct: String
        var description: String { "the seeder cannot generate strings for \(construct)" }
    }

    let pattern: String
    private let root: Node

    init(_ pattern: String) throws {
        self.pattern = pattern
        var parser = Parser(chars: Array(pattern))
        root = try parser.alternation()
        if parser.index < parser.chars.count { throw Unsupported(construct: "an unbalanced ')'") }
    }

    /// A string the pattern matches, with unbounded quantifiers repeating up to `stretch` extra times.
    func generate(_ random: inout SeedRandom, stretch: Int) -> String {
        var out = ""
        emit(root, into: &out, &random, stretch: stretch)
        return out
    }

    private func emit(_ node: Node, into out: inout String, _ random: inout SeedRandom, stretch: Int) {
        switch node {
        case .literal(let c): out.append(c)
        case .set(let ranges, let negated):
            out.append(Self.pick(ranges, negated: negated, &random))
        case .sequence(let nodes): for n in nodes { emit(n, into: &out, &random, stretch: stretch) }
        case .alternation(let options): emit(random.pick(options), into: &out, &random, stretch: stretch)
        case .repetition(let inner, let lo, let hi):
            let count = random.int(lo...(hi ?? (lo + stretch)))
            for _ in 0..<count { emit(inner, into: &out, &random, stretch: stretch) }
        }
    }

    static let printable: [Character] = (0x21...0x7E).map { Character(Unicode.Scalar(UInt8($0))) }

    private static func pick(_ ranges: [ClosedRange<Character>], negated: Bool, _ random: inout SeedRandom) -> Character {
        if negated {
            let allowed = printable.filter { c in !ranges.contains { $0.contains(c) } }
            return allowed.isEmpty ? " " : random.pick(allowed)
        }
        let range = random.pick(ranges)
        guard let lo = range.lowerBound.unicodeScalars.first?.value, let hi = range.upperBound.unicodeScalars.first?.value else {
            return range.lowerBound
        }
        var value = UInt32(random.int(Int64(lo)...Int64(hi)))
        while Unicode.Scalar(value) == nil { value -= 1 }  // skips the surrogate gap
        return Character(Unicode.Scalar(value)!)
    }

    static let digits: [ClosedRange<Character>] = ["0"..."9"]
    static let word: [ClosedRange<Character>] = ["a"..."z", "A"..."Z", "0"..."9", "_"..."_"]
    static let space: [ClosedRange<Character>] = [" "..." "]

    private struct Parser {
        let chars: [Character]
        var index = 0

        mutating func alternation() throws -> Node {
            var options = [try sequence()]
            while index < chars.count, chars[index] == "|" {
                index += 1
                options.append(try sequence())
            }
            return options.count == 1 ? options[0] : .alternation(options)
        }

        mutating func sequence() throws -> Node {
            var items: [Node] = []
            while index < chars.count, chars[index] != "|", chars[index] != ")" {
                var atom: Node
                let c = chars[index]
                switch c {
                case "^", "$":
                    index += 1
                    continue  // the validator matches the whole value anyway
                case "(":
                    index += 1
                    if index < chars.count, chars[index] == "?" {
                        let next = index + 1 < chars.count ? chars[index + 1] : " "
                        if next == ":" {
                            index += 2
                        } else if next == "<", index + 2 < chars.count, chars[index + 2] != "=", chars[index + 2] != "!" {
                            while index < chars.count, chars[index] != ">" { index += 1 }
                            index += 1  // a named group
                        } else {
                            throw Unsupported(construct: "lookaround or inline options '(?\(next)'")
                        }
                    }
                    atom = try alternation()
                    guard index < chars.count, chars[index] == ")" else { throw Unsupported(construct: "an unclosed '('") }
                    index += 1
                case "[":
                    atom = try characterClass()
                case ".":
                    index += 1
                    atom = .set(["a"..."z", "0"..."9"], negated: false)
                case "\\":
                    atom = try escape(inClass: false)
                default:
                    index += 1
                    atom = .literal(c)
                }
                atom = try quantified(atom)
                items.append(atom)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func quantified(_ atom: Node) throws -> Node {
            guard index < chars.count else { return atom }
            var result: Node
            switch chars[index] {
            case "*": index += 1; result = .repetition(atom, min: 0, max: nil)
            case "+": index += 1; result = .repetition(atom, min: 1, max: nil)
            case "?": index += 1; result = .repetition(atom, min: 0, max: 1)
            case "{":
                guard let close = chars[index...].firstIndex(of: "}") else { return atom }
                let body = String(chars[(index + 1)..<close])
                let parts = body.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let lo = Int(parts[0]), parts.count <= 2 else { return atom }  // a literal '{'
                let hi: Int? = parts.count == 1 ? lo : (parts[1].isEmpty ? nil : Int(parts[1]))
                index = close + 1
                result = .repetition(atom, min: lo, max: hi)
            default: return atom
            }
            if index < chars.count, chars[index] == "?" || chars[index] == "+" { index += 1 }  // lazy / possessive
            return result
        }

        mutating func characterClass() throws -> Node {
            index += 1
            var negated = false
            if index < chars.count, chars[index] == "^" { negated = true; index += 1 }
            var ranges: [ClosedRange<Character>] = []
            var first = true
            while index < chars.count, chars[index] != "]" || first {
                first = false
                var lo: Character
                if chars[index] == "\\" {
                    switch try escape(inClass: true) {
                    case .set(let inner, let innerNegated):
                        if innerNegated { throw Unsupported(construct: "a negated escape (\\D, \\W, \\S) inside [...]") }
                        ranges += inner
                        continue
                    case .literal(let c): lo = c
                    default: throw Unsupported(construct: "an anchor escape inside [...]")
                    }
                } else if chars[index] == "[" && index + 1 < chars.count && chars[index + 1] == ":" {
                    throw Unsupported(construct: "a POSIX class [:name:]")
                } else {
                    lo = chars[index]
                    index += 1
                }
                if index + 1 < chars.count, chars[index] == "-", chars[index + 1] != "]" {
                    index += 1
                    var hi = chars[index]
                    if hi == "\\" {
                        guard case .literal(let c) = try escape(inClass: true) else { throw Unsupported(construct: "a class escape as a range end") }
                        hi = c
                    } else {
                        index += 1
                    }
                    guard lo <= hi else { throw Unsupported(construct: "the reversed range \(lo)-\(hi)") }
                    ranges.append(lo...hi)
                } else {
                    ranges.append(lo...lo)
                }
            }
            guard index < chars.count else { throw Unsupported(construct: "an unclosed '['") }
            index += 1
            return .set(ranges, negated: negated)
        }

        /// `\d`, `\w`, `\s` (and negations), `\t`, `\n`, or an escaped literal character.
        mutating func escape(inClass: Bool) throws -> Node {
            index += 1
            guard index < chars.count else { throw Unsupported(construct: "a trailing backslash") }
            let c = chars[index]
            index += 1
            switch c {
            case "d": return .set(PatternGenerator.digits, negated: false)
            case "w": return .set(PatternGenerator.word, negated: false)
            case "s": return .set(PatternGenerator.space, negated: false)
            case "D": return .set(PatternGenerator.digits, negated: true)
            case "W": return .set(PatternGenerator.word, negated: true)
            case "S": return .set(PatternGenerator.space, negated: true)
            case "t": return .literal("\t")
            case "n": return .literal("\n")
            case "A", "z", "Z", "b", "B":
                if c == "b" || c == "B" { throw Unsupported(construct: "the word boundary \\\(c)") }
                return .sequence([])
            case "p", "P", "k", "u", "x", "c", "Q", "E", "G":
                throw Unsupported(construct: "the escape \\\(c)")
            default:
                if c.isNumber { throw Unsupported(construct: "the backreference \\\(c)") }
                return .literal(c)
            }
        }
    }
}
