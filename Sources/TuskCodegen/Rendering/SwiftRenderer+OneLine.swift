// One-line rendering within a width. The layout asks of every expression whether it fits on its
// line before opening it up, and then asks again of each part, one level deeper. Building the
// whole one-line text of a long expression only to find it too long was the renderer's largest
// cost (each nested level rebuilt the texts of all below it): here the text is written into one
// string and given up as soon as it passes the room left on the line.

extension SwiftRenderer {
    /// The room a line at `depth` has for text between `prefix` and `suffix`, in UTF-8 bytes
    /// (as ``fits(_:depth:)`` counts).
    static func room(depth: Int, around prefix: String, _ suffix: String = "") -> Int {
        maxLineWidth - depth * indentUnit.utf8.count - prefix.utf8.count - suffix.utf8.count
    }

    /// An expression on one line, or nil when it cannot be written on one (a switch inside a
    /// closure, a multi-line string).
    static func inlineIfPossible(_ value: SwiftExpression) -> String? {
        inline(value, within: .max)
    }

    /// An expression on one line of at most `limit` UTF-8 bytes, or nil.
    static func inline(_ value: SwiftExpression, within limit: Int) -> String? {
        var line = OneLine(room: limit)
        return line.append(value) ? line.text : nil
    }

    /// A statement on one line of at most `limit` UTF-8 bytes, or nil.
    static func inline(_ statement: SwiftStatement, within limit: Int) -> String? {
        if let (head, value) = prefix(of: statement) {
            return inline(value, within: limit - head.utf8.count).map { head + $0 }
        }
        guard let text = inline(statement), text.utf8.count <= limit else { return nil }
        return text
    }

    /// Call arguments on one line (`label: value, value`), or nil.
    static func arguments(_ arguments: [SwiftArgument]) -> String? {
        var line = OneLine(room: .max)
        return line.append(arguments) ? line.text : nil
    }

    static func containsNewline(_ text: String) -> Bool {
        anyByte(of: text, where: { $0 == UInt8(ascii: "\n") })
    }
}

/// The one-line text of an expression, written piece by piece while it stays within its room.
struct OneLine {
    private(set) var text = ""
    private var room: Int

    init(room: Int) { self.room = room }

    /// Appends `piece`; false once the text is past its room.
    private mutating func put(_ piece: String) -> Bool {
        room -= piece.utf8.count
        guard room >= 0 else { return false }
        text += piece
        return true
    }

    /// Appends `value` on one line; false when it cannot be on one or does not fit.
    mutating func append(_ value: SwiftExpression) -> Bool {
        switch value {
        case .raw(let raw):
            return put(raw)
        case .string(let string):
            return put(SwiftRenderer.stringLiteral(string))
        case .multilineString(let string):
            // Too long either way (its one-line literal is longer still): no need to scan it.
            guard string.utf8.count + 2 <= room else { return false }
            if SwiftRenderer.containsNewline(string) && SwiftRenderer.multilineLiteralCanHold(string) { return false }
            return put(SwiftRenderer.stringLiteral(string))
        case .call(let function, let arguments):
            return put(function) && put("(") && append(arguments) && put(")")
        case .method(let base, let name, let arguments):
            return append(base) && put(".") && put(name) && put("(") && append(arguments) && put(")")
        case .trailingClosure(let base, let closure):
            guard append(base), put(" "), let body = SwiftRenderer.inline(closure) else { return false }
            return put(body)
        case .closure(let closure):
            guard let body = SwiftRenderer.inline(closure) else { return false }
            return put(body)
        case .array(let elements):
            guard put("[") else { return false }
            var index = 0  // index loops: `enumerated()` costs several times as much in a debug build
            while index < elements.count {
                guard index == 0 || put(", "), append(elements[index]) else { return false }
                index += 1
            }
            return put("]")
        case .effect(let keyword, let inner):
            return put(keyword) && put(" ") && append(inner)
        case .binary(let left, let op, let right):
            return append(left) && put(" ") && put(op) && put(" ") && append(right)
        }
    }

    /// Appends `label: value, value`; false when one cannot be on one line or they do not fit.
    mutating func append(_ arguments: [SwiftArgument]) -> Bool {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard index == 0 || put(", ") else { return false }
            guard argument.label.isEmpty || put(argument.label + ": "), append(argument.value) else { return false }
            index += 1
        }
        return true
    }
}
