/// A kind of background job, declared under `job_kinds:` (see docs/schema-reference.md). Its
/// jobs are rows of the `tusk_jobs` table, which the loader adds to the schema when any kind is
/// declared. Swift-only like relations: left out of the snapshot.
public struct JobKindDeclaration: Hashable, Sendable {
    public var name: String
    /// The generated type (`embed_document` -> `EmbedDocumentJob`, or `swift_name:`).
    public var swiftName: String
    /// The Codable Swift type of the payload.
    public var payloadType: String
    public var queue: String
    public var priority: Int
    public var maxAttempts: Int
    /// Seconds before the second attempt, doubled per failure, capped at `backoffMaxSeconds`.
    public var backoffBaseSeconds: Double
    public var backoffMaxSeconds: Double

    public init(
        name: String, swiftName: String, payloadType: String, queue: String = "default", priority: Int = 0,
        maxAttempts: Int = 5, backoffBaseSeconds: Double = 1, backoffMaxSeconds: Double = 300
    ) {
        self.name = name
        self.swiftName = swiftName
        self.payloadType = payloadType
        self.queue = queue
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.backoffBaseSeconds = backoffBaseSeconds
        self.backoffMaxSeconds = backoffMaxSeconds
    }
}
