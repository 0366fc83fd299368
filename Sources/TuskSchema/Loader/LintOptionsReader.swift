/// Reads `lint: { ignore: [TL001, TL003] }` (on a table, or at the top level for every table).
struct LintOptionsReader {
    let read: NodeReader

    func ignored(_ node: YAMLNode, what: String) -> Set<LintCode> {
        guard let options = read.options(node, allowed: ["ignore"], what: what),
              let e = options["ignore"], let items = read.list(e.value, what: "'ignore' of \(what)") else { return [] }
        let known = LintCode.allCases.map(\.rawValue)
        var codes: Set<LintCode> = []
        for item in items {
            guard let word = read.text(item, what: "an item of 'ignore' of \(what)") else { continue }
            if let code = LintCode(rawValue: word) {
                codes.insert(code)
            } else {
                read.sink.error(item.mark, "unknown lint code '\(word)' in 'ignore' of \(what)\(didYouMean(word, known)) (known: \(known.joined(separator: ", ")))")
            }
        }
        return codes
    }
}
