/// `Generated/tusk.sum`: one line per migration file, `<file> <hash>`, where each hash chains
/// the previous line's hash with the file's own SHA-256. Editing a file, deleting one, or two
/// branches each adding one (a merge race) all show up, as a mismatch or a git conflict.
public struct TuskSum: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var file: String
        public var hash: String
    }
    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    /// The sum of files given in order as (name, contents).
    public init(files: [(name: String, contents: String)]) {
        var entries: [Entry] = []
        for file in files { entries.append(Entry(file: file.name, hash: Self.chain(entries.last?.hash ?? "", file.contents))) }
        self.entries = entries
    }

    static func chain(_ previous: String, _ contents: String) -> String { SHA256.hex(previous + SHA256.hex(contents)) }

    public init(text: String) throws(MigrationFileError) {
        entries = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[1].count == 64 else { throw .malformedSum(line: number + 1, text: String(line)) }
            entries.append(Entry(file: String(parts[0]), hash: String(parts[1])))
        }
    }

    public var text: String { entries.map { "\($0.file) \($0.hash)\n" }.joined() }

    /// Every way the files on disk disagree with the sum, as readable lines (empty when they agree).
    public func problems(files: [(name: String, contents: String)]) -> [String] {
        var problems: [String] = []
        let actual = TuskSum(files: files)
        let listed = Set(entries.map(\.file)), present = Set(files.map(\.name))
        for entry in entries where !present.contains(entry.file) {
            problems.append("\(entry.file) is listed in tusk.sum but missing from the migrations directory")
        }
        for file in files where !listed.contains(file.name) {
            problems.append("\(file.name) is not in tusk.sum (written by hand, or merged from another branch: regenerate it on top of the latest migration)")
        }
        if problems.isEmpty {
            for (expected, found) in zip(entries, actual.entries) where expected != found {
                problems.append(expected.file == found.file
                    ? "\(found.file) does not match tusk.sum (edited after it was generated, or an earlier file was)"
                    : "tusk.sum lists \(expected.file) where \(found.file) comes in version order")
                break
            }
        }
        return problems
    }
}

public enum MigrationFileError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformedSum(line: Int, text: String)
    case badName(String)
    case destructive([String])
    case unreadable(path: String, reason: String)
    case snapshot(path: String, reason: String)

    public var description: String {
        switch self {
        case .malformedSum(let line, let text): "tusk.sum:\(line): expected '<file> <sha256>', found '\(text)'"
        case .badName(let name): "migration name '\(name)' must be lower-case letters, digits and underscores, e.g. add_tags"
        case .destructive(let lines):
            "the migration has destructive steps; re-run with --allow-destructive if this is intended:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .snapshot(let path, let reason): "cannot read the snapshot \(path): \(reason)"
        }
    }
}
