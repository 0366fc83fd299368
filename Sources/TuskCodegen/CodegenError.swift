/// A schema that is valid for the database but cannot become Swift as written; each message
/// names the table or enum and says what to change in `schema.yaml`.
public struct CodegenError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) { self.problems = problems }

    public var description: String { problems.map { "error: " + $0 }.joined(separator: "\n") }
}
