/// Renders the declaration model as Swift source with one fixed layout: four-space indents,
/// a blank line around every member that takes more than one line (documentation counts, so
/// one-line cases, properties and aliases stay together), everything on one line when it fits in 120
/// columns and wrapped one parameter, argument or element per line when it does not, and a
/// single trailing newline.
public enum SwiftRenderer {
    static let indentUnit = "    "
    static let maxLineWidth = 120

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

    /// Whether a line fits the width. UTF-8 bytes, not characters: counting characters walks
    /// every grapheme and the renderer asks this for every line it considers.
    static func fits(_ text: String, depth: Int) -> Bool {
        text.utf8.count + depth * indentUnit.utf8.count <= maxLineWidth
    }

    // MARK: Declarations

    static func render(_ declaration: SwiftDeclaration, depth: Int, into out: inout Output) {
        switch declaration {
        case .type(let type): render(type, depth: depth, into: &out)
        case .property(let property): render(property, depth: depth, into: &out)
        case .enumCase(let enumCase):
            docs(enumCase.docs, depth: depth, into: &out)
            let associated = enumCase.associatedValue.map { "(" + $0 + ")" } ?? ""
            let raw = enumCase.rawValue.map { " = " + stringLiteral($0) } ?? ""
            out.line(depth, "case " + enumCase.name + associated + raw)
        case .initializer(let initializer): render(initializer, depth: depth, into: &out)
        case .function(let function): render(function, depth: depth, into: &out)
        case .typeAlias(let alias):
            out.line(depth, alias.access.prefix + "typealias " + alias.name + " = " + alias.type)
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
        var previousLines = 0
        for member in type.members {
            var rendered = Output()
            render(member, depth: depth + 1, into: &rendered)
            let lines = rendered.lineCount
            if previousLines > 0 && (previousLines > 1 || lines > 1) { out.blank() }
            out.append(rendered)
            previousLines = lines
        }
        out.line(depth, "}")
    }

    static func render(_ property: SwiftProperty, depth: Int, into out: inout Output) {
        docs(property.docs, depth: depth, into: &out)
        let head = property.access.prefix + (property.isStatic ? "static " : "")
            + (property.kind == .constant ? "let " : "var ") + property.name + ": " + property.type
        if property.kind == .computed {
            let getter = property.getter.isEmpty ? property.initialValue.map { [SwiftStatement.expression($0)] } ?? [] : property.getter
            block(head: head, body: getter, depth: depth, into: &out)
        } else if let value = property.initialValue {
            expression(value, prefix: head + " = ", suffix: "", depth: depth, into: &out)
        } else {
            out.line(depth, head)
        }
    }

    static func render(_ initializer: SwiftInitializer, depth: Int, into out: inout Output) {
        docs(initializer.docs, depth: depth, into: &out)
        let name = initializer.access.prefix + "init" + (initializer.isFailable ? "?" : "")
        signature(name: name, parameters: initializer.parameters, effects: initializer.isThrowing ? " throws" : "",
                  body: initializer.body, depth: depth, into: &out)
    }

    static func render(_ function: SwiftFunction, depth: Int, into out: inout Output) {
        docs(function.docs, depth: depth, into: &out)
        let name = function.access.prefix + (function.isStatic ? "static " : "") + "func " + function.name
        var effects = (function.isAsync ? " async" : "") + (function.isThrowing ? " throws" : "")
        if let result = function.result { effects += " -> " + result }
        signature(name: name, parameters: function.parameters, effects: effects, body: function.body, depth: depth, into: &out)
    }

    /// `name(parameters) effects { body }`: the parameters one per line when the first line
    /// would pass the width; an empty body as `{}`.
    static func signature(
        name: String, parameters: [SwiftParameter], effects: String, body: [SwiftStatement], depth: Int, into out: inout Output
    ) {
        let list = parameters.map { parameter in
            parameter.name + (parameter.internalName.map { " " + $0 } ?? "") + ": " + parameter.type
                + (parameter.defaultValue.map { " = " + inline($0) } ?? "")
        }
        let head = name + "(" + list.joined(separator: ", ") + ")" + effects
        if fits(head + " {", depth: depth) || list.isEmpty {
            block(head: head, body: body, depth: depth, into: &out)
            return
        }
        out.line(depth, name + "(")
        for (index, parameter) in list.enumerated() {
            out.line(depth + 1, parameter + (index == list.count - 1 ? "" : ","))
        }
        blockBody(opening: ")" + effects, body: body, depth: depth, into: &out)
    }

    /// `head { statement }` on one line when the body is one short statement; otherwise the
    /// statements on lines of their own.
    static func block(head: String, body: [SwiftStatement], depth: Int, into out: inout Output) {
        if body.isEmpty {
            out.line(depth, head + " {}")
        } else if body.count == 1, let single = inline(body[0], within: room(depth: depth, around: head + " { ", " }")) {
            out.line(depth, head + " { " + single + " }")
        } else {
            blockBody(opening: head, body: body, depth: depth, into: &out)
        }
    }

    static func blockBody(opening: String, body: [SwiftStatement], depth: Int, into out: inout Output) {
        guard !body.isEmpty else {
            out.line(depth, opening + " {}")
            return
        }
        out.line(depth, opening + " {")
        for statement in body { render(statement, depth: depth + 1, into: &out) }
        out.line(depth, "}")
    }

    static func docs(_ lines: [String], depth: Int, into out: inout Output) {
        for text in lines {
            // Most doc lines are one line: split only those that are not.
            guard containsNewline(text) else {
                out.line(depth, text.isEmpty ? "///" : "/// " + text)
                continue
            }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                out.line(depth, line.isEmpty ? "///" : "/// " + line)
            }
        }
    }

    /// Whether any UTF-8 byte of `text` satisfies `test`, read from the string's own buffer: the
    /// generator scans every literal it writes, and in a debug build (which the plugin and the
    /// tests run) iterating a `String.UTF8View` costs several times a buffer's loop.
    static func anyByte(of text: String, where test: (UInt8) -> Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if test(bytes[index]) { return true }
                index += 1
            }
            return false
        }
    }

    // MARK: Statements

    /// What a statement that is one expression writes before it (`let x: T = `, `return `,
    /// `target = `), the same whether it fits on a line or is wrapped; nil for other statements.
    static func prefix(of statement: SwiftStatement) -> (head: String, value: SwiftExpression)? {
        switch statement {
        case .expression(let value): ("", value)
        case .assign(let target, let value): (target + " = ", value)
        case .declare(let name, let type, let mutable, let value): ((mutable ? "var " : "let ") + name + (type.map { ": " + $0 } ?? "") + " = ", value)
        case .return(let value?): ("return ", value)
        case .return(nil), .ifLet, .switch: nil
        }
    }

    static func render(_ statement: SwiftStatement, depth: Int, into out: inout Output) {
        if let (head, value) = prefix(of: statement) {
            expression(value, prefix: head, suffix: "", depth: depth, into: &out)
            return
        }
        switch statement {
        case .expression, .assign, .declare, .return(_?):
            break  // written above
        case .return(nil):
            out.line(depth, "return")
        case .ifLet(let name, let value, let body):
            if let single = inline(statement, within: room(depth: depth, around: "")) {
                out.line(depth, single)
            } else {
                expression(value, prefix: "if let " + name + " = ", suffix: " {", depth: depth, into: &out)
                for inner in body { render(inner, depth: depth + 1, into: &out) }
                out.line(depth, "}")
            }
        case .switch(let subject, let cases):
            out.line(depth, "switch " + inline(subject) + " {")
            for switchCase in cases {
                let label = switchCase.pattern + ":"
                if switchCase.body.count == 1, let single = inline(switchCase.body[0], within: room(depth: depth, around: label + " ")) {
                    out.line(depth, label + " " + single)
                } else {
                    out.line(depth, label)
                    for inner in switchCase.body { render(inner, depth: depth + 1, into: &out) }
                }
            }
            out.line(depth, "}")
        }
    }

    /// A statement on one line, or nil for one that always takes several (a switch).
    static func inline(_ statement: SwiftStatement) -> String? {
        if let (head, value) = prefix(of: statement) { return inlineIfPossible(value).map { head + $0 } }
        switch statement {
        case .expression, .assign, .declare, .return(_?): return nil  // written above
        case .return(nil): return "return"
        case .ifLet(let name, let value, let body):
            guard body.count == 1, let inner = inline(body[0]), let value = inlineIfPossible(value) else { return nil }
            return "if let " + name + " = " + value + " { " + inner + " }"
        case .switch: return nil
        }
    }

    // MARK: Expressions

    /// An expression that may span lines; `prefix` and `suffix` go on its first and last line.
    /// On one line when it fits; otherwise the outermost call, array or closure opens up and
    /// its parts are laid out the same way, one level deeper.
    static func expression(_ value: SwiftExpression, prefix: String, suffix: String, depth: Int, into out: inout Output) {
        if let text = inline(value, within: room(depth: depth, around: prefix, suffix)) {
            out.line(depth, prefix + text + suffix)
            return
        }
        switch value {
        case .raw, .string:
            out.line(depth, prefix + inline(value) + suffix)
        case .multilineString(let text):
            guard multilineLiteralCanHold(text) else {
                out.line(depth, prefix + stringLiteral(text) + suffix)
                return
            }
            out.line(depth, prefix + "\"\"\"")
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                line.isEmpty ? out.blank() : out.line(depth + 1, String(line))
            }
            out.line(depth + 1, "\"\"\"" + suffix)
        case .call(let name, let arguments):
            argumentList(arguments, opening: prefix + name + "(", suffix: suffix, depth: depth, into: &out)
        case .method(let base, let name, let arguments):
            let call = "." + name + "("
            if let baseText = inline(base, within: room(depth: depth, around: prefix, call)) {
                argumentList(arguments, opening: prefix + baseText + call, suffix: suffix, depth: depth, into: &out)
            } else {
                let list = arguments.map { ($0.label.isEmpty ? "" : $0.label + ": ") + inline($0.value) }
                expression(base, prefix: prefix, suffix: call + list.joined(separator: ", ") + ")" + suffix, depth: depth, into: &out)
            }
        case .trailingClosure(let base, let closure):
            closureBody(closure, opening: prefix + inline(base) + " {", suffix: suffix, depth: depth, into: &out)
        case .closure(let closure):
            closureBody(closure, opening: prefix + "{", suffix: suffix, depth: depth, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                out.line(depth, prefix + "[]" + suffix)
                return
            }
            out.line(depth, prefix + "[")
            for element in elements {
                expression(element, prefix: "", suffix: ",", depth: depth + 1, into: &out)
            }
            out.line(depth, "]" + suffix)
        case .effect(let keyword, let inner):
            expression(inner, prefix: prefix + keyword + " ", suffix: suffix, depth: depth, into: &out)
        case .binary(let left, let op, let right):
            expression(right, prefix: prefix + inline(left) + " " + op + " ", suffix: suffix, depth: depth, into: &out)
        }
    }

    static func argumentList(_ arguments: [SwiftArgument], opening: String, suffix: String, depth: Int, into out: inout Output) {
        guard !arguments.isEmpty else {
            out.line(depth, opening + ")" + suffix)
            return
        }
        out.line(depth, opening)
        for (index, argument) in arguments.enumerated() {
            let label = argument.label.isEmpty ? "" : argument.label + ": "
            expression(argument.value, prefix: label, suffix: index == arguments.count - 1 ? "" : ",", depth: depth + 1, into: &out)
        }
        out.line(depth, ")" + suffix)
    }

    static func closureBody(_ closure: SwiftClosure, opening: String, suffix: String, depth: Int, into out: inout Output) {
        let parameters = closure.parameters.isEmpty ? "" : " " + closure.parameters.joined(separator: ", ") + " in"
        out.line(depth, opening + parameters)
        for statement in closure.body { render(statement, depth: depth + 1, into: &out) }
        out.line(depth, "}" + suffix)
    }

    static func inline(_ closure: SwiftClosure) -> String? {
        guard closure.body.count == 1, let body = inline(closure.body[0]) else { return nil }
        let parameters = closure.parameters.isEmpty ? "" : closure.parameters.joined(separator: ", ") + " in "
        return "{ " + parameters + body + " }"
    }

    /// An expression on one line however long (default values, switch subjects); one that
    /// cannot be (a closure of several statements) keeps its line breaks, so the code stays valid.
    static func inline(_ value: SwiftExpression) -> String {
        if let text = inlineIfPossible(value) { return text }
        var out = Output()
        expression(value, prefix: "", suffix: "", depth: 0, into: &out)
        return String(out.text.dropLast())
    }

    /// No backslash, carriage return or `"""` in `text`: one pass over its bytes (Foundation's
    /// substring search, three times over a long list of table names, was 9% of generating).
    static func multilineLiteralCanHold(_ text: String) -> Bool {
        // A loop of its own rather than `anyByte`'s closure per byte: the texts this sees are the
        // long ones (lists of table names), and in a debug build the call per byte was most of it.
        var text = text
        return text.withUTF8 { bytes in
            var quotesInARow = 0
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"), UInt8(ascii: "\r"): return false
                case UInt8(ascii: "\""):
                    quotesInARow += 1
                    if quotesInARow == 3 { return false }
                default:
                    quotesInARow = 0
                }
                index += 1
            }
            return true
        }
    }

    /// A Swift string literal for any text: quotes, backslashes and control characters escaped.
    public static func stringLiteral(_ text: String) -> String {
        // Most literals (names, SQL) need no escape: copied whole.
        let needsEscape = anyByte(of: text) { byte in
            byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"")
        }
        if !needsEscape { return "\"" + text + "\"" }
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
        /// Lines written so far (kept as they are written: counting newlines afterwards walked
        /// the whole text of every member again).
        var lineCount = 0
        /// Indents by depth, made once (a 200-table schema renders ~50,000 lines).
        static let indents = (0..<16).map { String(repeating: SwiftRenderer.indentUnit, count: $0) }

        mutating func line(_ depth: Int, _ content: String) {
            text += depth < Self.indents.count ? Self.indents[depth] : String(repeating: SwiftRenderer.indentUnit, count: depth)
            text += content
            text += "\n"
            lineCount += 1
        }

        mutating func blank() {
            text += "\n"
            lineCount += 1
        }

        mutating func append(_ other: Output) {
            text += other.text
            lineCount += other.lineCount
        }
    }
}
