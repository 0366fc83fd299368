/// The payload of the `embed_document` job kind that schema.yaml declares: which document to embed.
public struct EmbedDocument: Codable, Hashable, Sendable {
    public var documentID: Int64

    public init(documentID: Int64) { self.documentID = documentID }
}
