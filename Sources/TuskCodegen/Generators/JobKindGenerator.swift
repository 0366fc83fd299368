import TuskSchema

/// One `Tusk.JobKind` type per `job_kinds:` entry: its name, queue, priority, attempts and
/// backoff as declared, and its payload type, so `db.enqueue(EmbedDocumentJob.self, payload)`
/// and a worker's `register(EmbedDocumentJob.self) { payload, job in ... }` are typed.
enum JobKindGenerator {
    static func declarations(for schema: Schema, access: SwiftAccess) -> [SwiftDeclaration] {
        let a = access == .public ? "public " : ""
        return schema.jobKinds.map { kind in
            .type(SwiftTypeDeclaration(
                docs: ["Job kind `\(kind.name)` (schema.yaml `job_kinds:`): queue `\(kind.queue)`, up to \(kind.maxAttempts) attempts."],
                access: access, kind: .enum, name: kind.swiftName, conformances: ["Tusk.JobKind"],
                members: [.code([
                    "\(a)typealias Payload = \(kind.payloadType)",
                    "\(a)static let name: Swift.String = \(SwiftRenderer.stringLiteral(kind.name))",
                    "\(a)static let queue: Swift.String = \(SwiftRenderer.stringLiteral(kind.queue))",
                    "\(a)static let priority: Swift.Int = \(kind.priority)",
                    "\(a)static let maxAttempts: Swift.Int = \(kind.maxAttempts)",
                    "\(a)static let backoff = Tusk.JobBackoff(base: .milliseconds(\(Int((kind.backoffBaseSeconds * 1000).rounded()))), max: .milliseconds(\(Int((kind.backoffMaxSeconds * 1000).rounded()))))",
                ])]))
        }
    }
}
