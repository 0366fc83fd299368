/// Schema lint codes, reported by `tusk validate` (never by the build plugin). Stable: never
/// renumber. A table opts out with `lint: { ignore: [TL003] }`, the whole schema with the same
/// key at the top level.
public enum LintCode: String, Hashable, Sendable, CaseIterable, Comparable {
    case integerKey = "TL001"
    case timestampWithoutTimeZone = "TL002"
    case varcharLength = "TL003"
    case foreignKeyWithoutIndex = "TL004"

    public static func < (a: LintCode, b: LintCode) -> Bool { a.rawValue < b.rawValue }

    /// A short kebab-case name.
    public var name: String {
        switch self {
        case .integerKey: "integer-key"
        case .timestampWithoutTimeZone: "timestamp-without-time-zone"
        case .varcharLength: "varchar-length"
        case .foreignKeyWithoutIndex: "foreign-key-without-index"
        }
    }
}
