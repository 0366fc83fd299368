/// Renders the declaration model as Swift source with one fixed layout: four-space indents,
/// a blank line between declarations (but not between enum cases or between undocumented
/// properties), parameter lists wrapped one per line once a signature passes 100 columns,
/// and a single trailing newline.
public enum SwiftRenderer {
    static let indentUnit = "    "
    static let maxLineWidth = 100

    public static func render(_ file: SwiftFile) -> String {
        var out = Output()
        for line in file.header { out.line(0, line.isEmpty ? "//" : "// " + line) }
        if !file.imports.isEmpty {
            out.blank()
            for module in file.imports { out.line(0, "import " + module) }
        }
        for declaration in file.declarations {
            out.blank()
            render(declaration, depth: 0, into: &out)
        }
        return out.text
    }

    static func render(_ declaration: SwiftDeclaration, depth: Int, into out: inout Output) {
        switch declaration {
        case .type(let type): render(type, depth: depth, into: &out)
        case .property(let property): render(property, depth: depth, into: &out)
        case .enumCase(let enumCase):
            let raw = enumCase.rawValue.map { " = " + stringLiteral($0) } ?? ""
            out.line(depth, "case " + enumCase.name + raw)
        case .initializer(let initializer): render(initializer, depth: depth, into: &out)
        case .code(let lines):
            for line in lines { line.isEmpty ? out.blank() : out.line(depth, line) }
        }
    }

    static func render(_ type: SwiftTypeDeclaration, depth: Int, into out: inout Output) {
        docs(type.docs, depth: depth, into: &out)
        var head = type.access.prefix + type.kind.rawValue + " " + type.name
        if !type.conformances.isEmpty { head += ": " + type.conformances.joined(separator: ", ") }
        if !type.requirements.isEmpty { head += " where " + type.requirements.joined(separator: ", ") }
        guard !type.members.isEmpty else {
            out.line(depth, head + " {}")
            return
        }
        out.line(depth, head + " {")
        var previous: SwiftDeclaration?
        for member in type.members {
            if let previous, needsBlankLine(between: previous, and: member) { out.blank() }
            render(member, depth: depth + 1, into: &out)
            previous = member
        }
        out.line(depth, "}")
    }

    static func needsBlankLine(between previous: SwiftDeclaration, and next: SwiftDeclaration) -> Bool {
        switch (previous, next) {
        case (.enumCase, .enumCase): false
        case (.property, .property(let property)): !property.docs.isEmpty
        default: true
        }
    }

    static func render(_ property: SwiftProperty, depth: Int, into out: inout Output) {
        docs(property.docs, depth: depth, into: &out)
        let head = property.access.prefix + (property.isStatic ? "static " : "")
            + (property.kind == .constant ? "let " : "var ") + property.name + ": " + property.type
        if property.kind == .computed, let value = property.initialValue {
            out.line(depth, head + " { " + inline(value) + " }")
        } else if let value = property.initialValue {
            expression(value, prefix: head + " = ", suffix: "", depth: depth, into: &out)
        } else {
            out.line(depth, head)
        }
    }

    static func render(_ initializer: SwiftInitializer, depth: Int, into out: inout Output) {
        docs(initializer.docs, depth: depth, into: &out)
        let parameters = initializer.parameters.map { parameter in
            parameter.name + (parameter.internalName.map { " " + $0 } ?? "") + ": " + parameter.type + (parameter.defaultValue.map { " = " + inline($0) } ?? "")
        }
        let oneLine = initializer.access.prefix + "init(" + parameters.joined(separator: ", ") + ") {"
        if initializer.body.isEmpty && parameters.isEmpty {
            out.line(depth, oneLine + "}")
            return
        }
        if oneLine.count + depth * indentUnit.count <= maxLineWidth {
            out.line(depth, oneLine)
        } else {
            out.line(depth, initializer.access.prefix + "init(")
            for (index, parameter) in parameters.enumerated() {
                out.line(depth + 1, parameter + (index == parameters.count - 1 ? "" : ","))
            }
            out.line(depth, ") {")
        }
        for statement in initializer.body { out.line(depth + 1, statement) }
        out.line(depth, "}")
    }

    static func docs(_ lines: [String], depth: Int, into out: inout Output) {
        for line in lines.flatMap({ $0.split(separator: "\n", omittingEmptySubsequences: false) }) {
            out.line(depth, line.isEmpty ? "///" : "/// " + line)
        }
    }

    /// An expression that may span lines (array literals); `prefix` and `suffix` go on its first
    /// and last line.
    static func expression(_ value: SwiftExpression, prefix: String, suffix: String, depth: Int, into out: inout Output) {
        guard case .array(let elements) = value, !elements.isEmpty else {
            out.line(depth, prefix + inline(value) + suffix)
            return
        }
        out.line(depth, prefix + "[")
        for element in elements {
            expression(element, prefix: "", suffix: ",", depth: depth + 1, into: &out)
        }
        out.line(depth, "]" + suffix)
    }

    /// An expression on one line.
    static func inline(_ value: SwiftExpression) -> String {
        switch value {
        case .raw(let text): text
        case .string(let text): stringLiteral(text)
        case .call(let function, let arguments):
            function + "(" + arguments.map { ($0.label.isEmpty ? "" : $0.label + ": ") + inline($0.value) }.joined(separator: ", ") + ")"
        case .array(let elements): "[" + elements.map(inline).joined(separator: ", ") + "]"
        }
    }

    /// A Swift string literal for any text: quotes, backslashes and control characters escaped.
    public static func stringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    struct Output {
        var text = ""
        /// Indents by depth, made once (a 200-table schema renders ~50,000 lines).
        static let indents = (0..<16).map { String(repeating: SwiftRenderer.indentUnit, count: $0) }

        mutating func line(_ depth: Int, _ content: String) {
            text += depth < Self.indents.count ? Self.indents[depth] : String(repeating: SwiftRenderer.indentUnit, count: depth)
            text += content
            text += "\n"
        }

        mutating func blank() { text += "\n" }
    }
}
