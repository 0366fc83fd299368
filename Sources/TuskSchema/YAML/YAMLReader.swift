import CYAML

/// Reads YAML text with libyaml's event parser into a `YAMLNode` tree.
///
/// Resolves anchors and aliases, expands merge keys (`<<: *base`, `<<: [*a, *b]`) and reports
/// what libyaml or the tree rules reject as diagnostics at `file:line:column`.
public enum YAMLReader {
    public struct Output: Sendable {
        /// The document's root node; nil for an empty document or malformed YAML.
        public var root: YAMLNode?
        public var diagnostics: [SchemaDiagnostic]
    }

    public static func read(_ text: String, fileName: String) -> Output {
        var builder = TreeBuilder(fileName: fileName)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return Output(root: nil, diagnostics: [SchemaDiagnostic(file: fileName, line: 1, column: 1, message: "cannot start the YAML parser (out of memory)")])
        }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Output in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return Output(root: nil, diagnostics: [malformed(parser, fileName: fileName)])
                }
                let done = event.type == YAML_STREAM_END_EVENT
                builder.handle(event)
                yaml_event_delete(&event)
                if done { break }
            }
            return Output(root: builder.root, diagnostics: builder.diagnostics)
        }
    }

    private static func malformed(_ parser: yaml_parser_t, fileName: String) -> SchemaDiagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable input"
        var message = "malformed YAML: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context) started at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        return SchemaDiagnostic(file: fileName, line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1, message: message)
    }
}

/// Builds the tree from libyaml events, one open collection per stack frame.
private struct TreeBuilder {
    private enum Frame {
        case sequence(start: YAMLMark, anchor: String?, tag: String?, items: [YAMLNode])
        case mapping(start: YAMLMark, anchor: String?, tag: String?, items: [YAMLNode])
    }

    let fileName: String
    var root: YAMLNode?
    var diagnostics: [SchemaDiagnostic] = []
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var documents = 0

    init(fileName: String) { self.fileName = fileName }

    mutating func handle(_ event: yaml_event_t) {
        let mark = YAMLMark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents == 2 {
                error(mark, "a schema file holds one YAML document; remove the second '---' document")
            }
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            if let node = anchors[name] {
                complete(node, anchor: nil)
            } else {
                error(mark, "unknown alias '*\(name)'; define the anchor '&\(name)' before using it")
                complete(YAMLNode(content: .scalar(YAMLScalar(text: "", isPlain: true)), mark: mark), anchor: nil)
            }
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            let tag = string(s.tag)
            let plain = s.style == YAML_PLAIN_SCALAR_STYLE && (tag == nil || tag == "?")
            complete(YAMLNode(content: .scalar(YAMLScalar(text: text, isPlain: plain)), mark: mark, tag: tag), anchor: string(s.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            stack.append(.sequence(start: mark, anchor: string(s.anchor), tag: string(s.tag), items: []))
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            stack.append(.mapping(start: mark, anchor: string(m.anchor), tag: string(m.tag), items: []))
        case YAML_SEQUENCE_END_EVENT:
            guard case .sequence(let start, let anchor, let tag, let items) = stack.popLast() else { return }
            complete(YAMLNode(content: .sequence(items), mark: start, tag: tag), anchor: anchor)
        case YAML_MAPPING_END_EVENT:
            guard case .mapping(let start, let anchor, let tag, let items) = stack.popLast() else { return }
            complete(YAMLNode(content: .mapping(pairs(items)), mark: start, tag: tag), anchor: anchor)
        default:
            break
        }
    }

    private mutating func complete(_ node: YAMLNode, anchor: String?) {
        if let anchor { anchors[anchor] = node }
        switch stack.popLast() {
        case .sequence(let start, let a, let t, var items)?:
            items.append(node)
            stack.append(.sequence(start: start, anchor: a, tag: t, items: items))
        case .mapping(let start, let a, let t, var items)?:
            items.append(node)
            stack.append(.mapping(start: start, anchor: a, tag: t, items: items))
        case nil:
            if documents <= 1 { root = node }
        }
    }

    /// Pairs up keys and values and expands merge keys in place.
    private mutating func pairs(_ items: [YAMLNode]) -> [YAMLPair] {
        var result: [YAMLPair] = []
        var index = 0
        while index + 1 < items.count {
            let key = items[index], value = items[index + 1]
            index += 2
            guard let scalar = key.scalar else {
                error(key.mark, "a mapping key must be a plain name, found \(key.kindDescription)")
                continue
            }
            if scalar.isPlain && scalar.text == "<<" {
                result += merged(value, at: key.mark)
            } else {
                result.append(YAMLPair(key: key, value: value, mergedAt: nil))
            }
        }
        return result
    }

    private mutating func merged(_ value: YAMLNode, at mark: YAMLMark) -> [YAMLPair] {
        switch value.content {
        case .mapping(let pairs):
            return pairs.map { YAMLPair(key: $0.key, value: $0.value, mergedAt: mark) }
        case .sequence(let items) where items.allSatisfy({ $0.pairs != nil }):
            return items.flatMap { ($0.pairs ?? []).map { YAMLPair(key: $0.key, value: $0.value, mergedAt: mark) } }
        default:
            error(value.mark, "the merge key '<<' takes a mapping or a list of mappings (e.g. '<<: *base'), found \(value.kindDescription)")
            return []
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private mutating func error(_ mark: YAMLMark, _ message: String) {
        diagnostics.append(SchemaDiagnostic(file: fileName, line: mark.line, column: mark.column, message: message))
    }
}
