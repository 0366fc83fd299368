/// A position in the YAML text, 1-based line and column (columns count characters).
public struct YAMLMark: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static func < (a: YAMLMark, b: YAMLMark) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// A node of the YAML document, as libyaml read it, with the marks the diagnostics need.
/// Anchors and aliases are resolved (an alias is a copy of its anchored node, marks included);
/// merge keys (`<<`) are expanded into their mapping with `mergedAt` set on the merged pairs.
public struct YAMLNode: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var content: Content
    public var mark: YAMLMark
    /// An explicit tag (`!!str`), if any.
    public var tag: String?

    public var scalar: YAMLScalar? { if case .scalar(let s) = content { s } else { nil } }
    public var pairs: [YAMLPair]? { if case .mapping(let p) = content { p } else { nil } }
    public var items: [YAMLNode]? { if case .sequence(let i) = content { i } else { nil } }

    /// "a mapping", "a list", "the text 'abc'": for "expected X, found Y" messages.
    public var kindDescription: String {
        switch content {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let s): s.isNull ? "null" : "'\(s.text)'"
        }
    }
}

public struct YAMLScalar: Hashable, Sendable {
    public var text: String
    /// Plain (unquoted) scalars are typed by their text (`true`, `12`, `null`); quoted ones are strings.
    public var isPlain: Bool

    /// YAML 1.2 core schema null: empty, `~`, `null`.
    public var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(text) }

    /// YAML 1.2 core schema boolean.
    public var bool: Bool? {
        guard isPlain else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A plain scalar that YAML reads as a number (integer or float), in its written form.
    public var isNumber: Bool { isPlain && YAMLScalar.isNumberText(text) }

    static func isNumberText(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        guard let first = s.first, first.isASCII, first.isNumber || first == "." else { return false }
        var sawDigit = false, sawDot = false, sawExp = false
        var previous: Character = " "
        for c in s {
            if c.isASCII && c.isNumber { sawDigit = true }
            else if c == "." && !sawDot && !sawExp { sawDot = true }
            else if (c == "e" || c == "E") && sawDigit && !sawExp { sawExp = true; sawDigit = false }
            else if (c == "-" || c == "+") && (previous == "e" || previous == "E") {}
            else { return false }
            previous = c
        }
        return sawDigit
    }
}

/// A key/value pair of a mapping.
public struct YAMLPair: Hashable, Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
    /// Where the `<<` merge key that brought this pair in stands; nil for pairs written here.
    public var mergedAt: YAMLMark?

    /// The key's text (keys are scalars; other keys are reported by the reader).
    public var keyText: String { key.scalar?.text ?? "" }
}
