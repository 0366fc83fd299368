/// The payload of the `embed_document` job kind (schema.yaml): which document to embed.
struct EmbedDocument: Codable, Hashable, Sendable {
    var documentID: Int64
}
