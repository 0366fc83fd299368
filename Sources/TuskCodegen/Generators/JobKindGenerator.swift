import TuskSchema

/// One `Tusk.JobKind` type per `job_kinds:` entry: its name, queue, priority, attempts and
/// backoff as declared, and its payload type, so `db.enqueue(EmbedDocumentJob.self, payload)`
/// and a worker's `register(EmbedDocumentJob.self) { payload, job in ... }` are typed.
enum JobKindGenerator {
    static func declarations(for schema: Schema, access: SwiftAccess) -> [SwiftDeclaration] {
        func constant(_ name: String, _ type: String, _ value: SwiftExpression) -> SwiftDeclaration {
            .property(SwiftProperty(access: access, isStatic: true, kind: .constant, name: name, type: type, initialValue: value))
        }
        func milliseconds(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }
        return schema.jobKinds.map { kind in
            .type(SwiftTypeDeclaration(
                docs: ["Job kind `\(kind.name)` (schema.yaml `job_kinds:`): queue `\(kind.queue)`, up to \(kind.maxAttempts) attempts."],
                access: access, kind: .enum, name: kind.swiftName, conformances: ["Tusk.JobKind"],
                members: [
                    .typeAlias(SwiftTypeAlias(access: access, name: "Payload", type: kind.payloadType)),
                    constant("name", "Swift.String", .string(kind.name)),
                    constant("queue", "Swift.String", .string(kind.queue)),
                    constant("priority", "Swift.Int", .raw("\(kind.priority)")),
                    constant("maxAttempts", "Swift.Int", .raw("\(kind.maxAttempts)")),
                    constant("backoff", "Tusk.JobBackoff", .call("Tusk.JobBackoff", [
                        SwiftArgument("base", .raw(".milliseconds(\(milliseconds(kind.backoffBaseSeconds)))")),
                        SwiftArgument("max", .raw(".milliseconds(\(milliseconds(kind.backoffMaxSeconds)))")),
                    ])),
                ]))
        }
    }
}
