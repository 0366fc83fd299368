import Foundation

/// One key of a mapping after merge keys are applied.
struct Entry {
    var key: String
    var keyMark: YAMLMark
    var value: YAMLNode
    /// Where the `<<` that brought the entry in stands, if it was merged.
    var mergedAt: YAMLMark?
}

/// Reading helpers shared by the schema readers: node kinds, known keys, scalars.
/// Each reports its problem to the sink and returns nil, so reading goes on and every
/// problem of the file is found in one run.
struct NodeReader {
    let sink: DiagnosticSink

    /// A mapping of options with a fixed set of keys (`{ type: text, nullable: true }`).
    /// Unknown keys get a did-you-mean; a key written twice is an error; a key written here
    /// overrides one brought in by `<<` (YAML merge semantics), and the first merge wins.
    func options(_ node: YAMLNode, allowed: [String], what: String) -> [String: Entry]? {
        guard let pairs = mapping(node, what: what) else { return nil }
        var result: [String: Entry] = [:]
        for pair in pairs where pair.mergedAt == nil {
            let key = pair.keyText
            guard allowed.contains(key) else {
                sink.error(pair.key.mark, "unknown key '\(key)' in \(what)\(didYouMean(key, allowed)) (allowed: \(allowed.joined(separator: ", ")))")
                continue
            }
            if let first = result[key] {
                sink.error(pair.key.mark, "duplicate key '\(key)' in \(what) (first written at line \(first.keyMark.line), column \(first.keyMark.column))")
                continue
            }
            result[key] = Entry(key: key, keyMark: pair.key.mark, value: pair.value, mergedAt: nil)
        }
        for pair in pairs where pair.mergedAt != nil {
            let key = pair.keyText
            guard result[key] == nil else { continue }
            guard allowed.contains(key) else {
                sink.error(pair.key.mark, "unknown key '\(key)' in \(what) (merged with '<<' at line \(pair.mergedAt!.line))\(didYouMean(key, allowed))")
                continue
            }
            result[key] = Entry(key: key, keyMark: pair.key.mark, value: pair.value, mergedAt: pair.mergedAt)
        }
        return result
    }

    /// A mapping from names to definitions (tables, columns, enums), in written order.
    /// A name given twice is an error, also when one of them came in through a merge key.
    /// With `qualified`, a key may name its PostgreSQL schema (`billing.invoices`): it is
    /// checked (``qualifiedName(_:at:kind:)``) and the entry's key is the model's spelling, so
    /// `public.users` and `users` are the same name.
    func named(_ node: YAMLNode, what: String, kind: String, qualified: Bool = false) -> [Entry]? {
        guard let pairs = mapping(node, what: what) else { return nil }
        var result: [Entry] = []
        var seen: [String: Entry] = [:]
        for pair in pairs {
            var entry = Entry(key: pair.keyText, keyMark: pair.key.mark, value: pair.value, mergedAt: pair.mergedAt)
            if qualified {
                guard let name = qualifiedName(entry.key, at: entry.keyMark, kind: kind) else { continue }
                entry.key = name
            }
            if let first = seen[entry.key] {
                let (earlier, later) = (first.mergedAt ?? first.keyMark) <= (entry.mergedAt ?? entry.keyMark) ? (first, entry) : (entry, first)
                let at = later.mergedAt ?? later.keyMark
                let source = earlier.mergedAt.map { "brought in by the merge key '<<' at line \($0.line)" } ?? "defined at line \(earlier.keyMark.line)"
                let via = later.mergedAt != nil ? " (through the merge key '<<')" : ""
                let schema = qualified && !QualifiedName(entry.key).isInDefaultSchema ? " (schema '\(QualifiedName.schema(of: entry.key))')" : ""
                sink.error(at, "duplicate \(kind) '\(entry.key)'\(schema) in \(what)\(via); it is already \(source)")
                continue
            }
            guard qualified || identifier(entry.key, at: entry.keyMark, kind: kind) else { continue }
            seen[entry.key] = entry
            result.append(entry)
        }
        return result
    }

    func mapping(_ node: YAMLNode, what: String) -> [YAMLPair]? {
        if let pairs = node.pairs { return pairs }
        sink.error(node.mark, "\(what) must be a mapping, found \(node.kindDescription)")
        return nil
    }

    func list(_ node: YAMLNode, what: String) -> [YAMLNode]? {
        if let items = node.items { return items }
        sink.error(node.mark, "\(what) must be a list, found \(node.kindDescription)")
        return nil
    }

    /// A non-empty text scalar.
    func text(_ node: YAMLNode, what: String) -> String? {
        guard let scalar = node.scalar, !scalar.isNull else {
            sink.error(node.mark, "\(what) must be text, found \(node.kindDescription)")
            return nil
        }
        return scalar.text
    }

    /// An SQL expression: text that is not blank.
    func sql(_ node: YAMLNode, what: String) -> String? {
        guard let text = text(node, what: what) else { return nil }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            sink.error(node.mark, "\(what) is empty; write an SQL expression")
            return nil
        }
        return text
    }

    func bool(_ node: YAMLNode, what: String) -> Bool? {
        if let value = node.scalar?.bool { return value }
        sink.error(node.mark, "\(what) must be true or false, found \(node.kindDescription)")
        return nil
    }

    /// A whole number (`min_length: 8`).
    func int(_ node: YAMLNode, what: String) -> Int? {
        if let scalar = node.scalar, scalar.isPlain, let value = Int(scalar.text) { return value }
        sink.error(node.mark, "\(what) must be a whole number, found \(node.kindDescription)")
        return nil
    }

    func number(_ node: YAMLNode, what: String) -> Double? {
        if let scalar = node.scalar, scalar.isNumber, let value = Double(scalar.text) { return value }
        sink.error(node.mark, "\(what) must be a number, found \(node.kindDescription)")
        return nil
    }

    /// A list of names (`[user_id, title]`); a single name is accepted as a one-item list.
    func names(_ node: YAMLNode, what: String) -> [(String, YAMLMark)]? {
        if let scalar = node.scalar, !scalar.isNull { return [(scalar.text, node.mark)] }
        guard let items = list(node, what: what) else { return nil }
        if items.isEmpty {
            sink.error(node.mark, "\(what) must name at least one column")
            return nil
        }
        var result: [(String, YAMLMark)] = []
        for item in items {
            guard let name = text(item, what: "an item of \(what)") else { return nil }
            result.append((name, item.mark))
        }
        return result
    }

    /// One of a fixed set of words (`on_delete: cascade`).
    func choice<T>(_ node: YAMLNode, what: String, _ options: [(String, T)]) -> T? {
        let words = options.map(\.0)
        guard let word = text(node, what: what) else { return nil }
        if let match = options.first(where: { $0.0 == word }) { return match.1 }
        sink.error(node.mark, "\(what) must be \(quotedList(words)), found '\(word)'\(didYouMean(word, words))")
        return nil
    }

    /// A `swift_name:` override: a Swift identifier (keywords are fine, codegen escapes them).
    func swiftName(_ node: YAMLNode, what: String) -> String? {
        guard let name = text(node, what: "'swift_name' of \(what)") else { return nil }
        guard SwiftNames.isValidIdentifier(name) else {
            sink.error(node.mark, "'swift_name' of \(what) must be a Swift identifier (letters, digits and '_', not starting with a digit), found '\(name)'")
            return nil
        }
        return name
    }

    /// A table, view, enum or sequence name that may name its schema (`billing.invoices`),
    /// in the model's spelling (`public.users` -> `users`); nil after reporting a problem.
    /// A schema name is a plain lower-case identifier (so it reads the same quoted or not) and
    /// not one of PostgreSQL's own (`pg_*`, `information_schema`).
    func qualifiedName(_ written: String, at mark: YAMLMark, kind: String) -> String? {
        let parts = written.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts.contains(where: \.isEmpty) else {
            sink.error(mark, "\(kind) name '\(written)' must be 'name' or 'schema.name' (one '.', between the schema and the name)")
            return nil
        }
        let name = QualifiedName(written)
        guard identifier(name.name, at: mark, kind: kind) else { return nil }
        if parts.count == 2 {
            guard schemaName(name.schema, at: mark, of: "\(kind) '\(written)'") else { return nil }
        }
        return name.description
    }

    /// A PostgreSQL schema name Tusk may create objects in.
    func schemaName(_ schema: String, at mark: YAMLMark, of what: String) -> Bool {
        guard identifier(schema, at: mark, kind: "schema") else { return false }
        if QualifiedName.isSystemSchema(schema) {
            sink.error(mark, "schema '\(schema)' of \(what) is reserved for PostgreSQL's own objects (pg_*, information_schema); choose another schema name")
            return false
        }
        if !PostgresNames.isPlainIdentifier(schema) {
            sink.error(mark, "schema name '\(schema)' of \(what) must be a plain identifier: lower-case letters, digits and '_', not starting with a digit, and not a reserved word")
            return false
        }
        return true
    }

    /// A name PostgreSQL keeps as written: not empty, at most 63 bytes.
    @discardableResult
    func identifier(_ name: String, at mark: YAMLMark, kind: String) -> Bool {
        if name.isEmpty {
            sink.error(mark, "\(kind) name must not be empty")
            return false
        }
        let bytes = name.utf8.count
        if bytes > PostgresNames.maxIdentifierBytes {
            sink.error(mark, "\(kind) name '\(name)' is \(bytes) bytes long; PostgreSQL truncates names to \(PostgresNames.maxIdentifierBytes) bytes, so it would become '\(PostgresNames.clip(name, toBytes: PostgresNames.maxIdentifierBytes))'; use a shorter name")
            return false
        }
        return true
    }
}
