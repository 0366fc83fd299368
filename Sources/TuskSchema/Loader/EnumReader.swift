/// Reads `enums:`: the list form `name: [A, B]` and the extended form
/// `name: { values: [...], swift_name, comment, renamed_from }`, where a value may be
/// `{ name, swift_name, renamed_from }`.
struct EnumReader {
    static let keys = ["values", "swift_name", "comment", "renamed_from"]
    static let valueKeys = ["name", "swift_name", "renamed_from"]

    let read: NodeReader
    var sink: DiagnosticSink { read.sink }

    /// The enum and the mark of its `renamed_from` value, if any.
    func enumType(_ entry: Entry) -> (EnumType, YAMLMark?)? {
        let what = "enum '\(entry.key)'"
        var type = EnumType(name: entry.key, swiftName: SwiftNames.typeName(forEnum: QualifiedName.local(entry.key)), values: [])
        var renamedMark: YAMLMark?
        var chosenName = false
        let valuesNode: YAMLNode
        if entry.value.items != nil {
            valuesNode = entry.value
        } else if entry.value.pairs != nil {
            guard let o = read.options(entry.value, allowed: Self.keys, what: what) else { return nil }
            if let e = o["swift_name"], let name = read.swiftName(e.value, what: what) {
                type.swiftName = name
                chosenName = true
            }
            if let e = o["comment"] { type.comment = read.text(e.value, what: "'comment' of \(what)") }
            if let e = o["renamed_from"], let old = read.text(e.value, what: "'renamed_from' of \(what)"),
               let old = read.qualifiedName(old, at: e.value.mark, kind: "renamed_from enum") {
                type.renamedFrom = old
                renamedMark = e.value.mark
            }
            guard let v = o["values"] else {
                sink.error(entry.keyMark, "\(what) needs 'values' (e.g. values: [draft, published])")
                return nil
            }
            valuesNode = v.value
        } else {
            sink.error(entry.value.mark, "\(what) must be a list of values (e.g. [draft, published]) or a mapping with 'values', found \(entry.value.kindDescription)")
            return nil
        }
        if let warning = ShadowedSwiftNames.warning(for: type.swiftName, of: what, chosen: chosenName) {
            sink.warning(entry.keyMark, warning)
        }
        guard let items = read.list(valuesNode, what: "'values' of \(what)") else { return nil }
        if items.isEmpty { sink.error(valuesNode.mark, "\(what) has no values; list at least one") }
        var renames: [(String, YAMLMark)] = []
        for item in items {
            var value: EnumValue
            if item.pairs != nil {
                guard let o = read.options(item, allowed: Self.valueKeys, what: "a value of \(what)") else { continue }
                guard let n = o["name"], let name = read.text(n.value, what: "'name' of a value of \(what)") else {
                    if o["name"] == nil { sink.error(item.mark, "a value of \(what) needs 'name'") }
                    continue
                }
                value = EnumValue(name: name, swiftName: SwiftNames.propertyName(name))
                if let e = o["swift_name"], let s = read.swiftName(e.value, what: "value '\(name)' of \(what)") { value.swiftName = s }
                if let e = o["renamed_from"], let old = read.text(e.value, what: "'renamed_from' of value '\(name)'"),
                   read.identifier(old, at: e.value.mark, kind: "renamed_from value") {
                    value.renamedFrom = old
                    renames.append((old, e.value.mark))
                }
            } else if let name = read.text(item, what: "a value of \(what)") {
                value = EnumValue(name: name, swiftName: SwiftNames.propertyName(name))
            } else {
                continue
            }
            guard read.identifier(value.name, at: item.mark, kind: "enum value") else { continue }
            if type.values.contains(where: { $0.name == value.name }) {
                sink.error(item.mark, "duplicate value '\(value.name)' in \(what)")
                continue
            }
            if let clash = type.values.first(where: { $0.swiftName == value.swiftName }) {
                sink.error(item.mark, "values '\(clash.name)' and '\(value.name)' of \(what) both become the Swift case '\(value.swiftName)'; give one a 'swift_name'")
                continue
            }
            type.values.append(value)
        }
        for (old, mark) in renames where type.values.contains(where: { $0.name == old }) {
            sink.error(mark, "'renamed_from: \(old)' in \(what) names a value that still exists; a renamed value's old name must be gone")
        }
        return (type, renamedMark)
    }
}
