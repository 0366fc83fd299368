import Foundation
import Hummingbird
import Tusk

/// The JSON endpoints. Every write goes through the generated API; creating a document enqueues
/// its embedding job in the same transaction.
enum Routes {
    struct NewDocument: Decodable { var title: String; var body: String }
    struct DocumentView: ResponseEncodable { var id: Int64; var title: String; var embedded: Bool }
    struct NearestQuery: Decodable { var embedding: [Float]; var limit: Int? }
    struct NearestView: ResponseEncodable { var id: Int64; var title: String }
    struct NewConversation: Decodable { var title: String? }
    struct NewMessage: Decodable { var role: String; var content: String }
    struct IDView: ResponseEncodable { var id: Int64 }
    struct MessageView: ResponseEncodable { var id: Int64; var role: String; var content: String }
    struct HealthView: ResponseEncodable {
        var status: String
        var database: String
        var pool: PoolView
        var queue: [String: Int64]
    }
    struct PoolView: Codable { var total: Int; var idle: Int; var inUse: Int; var waiting: Int }

    static func view(_ row: Document.Row) -> DocumentView {
        DocumentView(id: row.id, title: row.title, embedded: row.embedding != nil)
    }

    static func router(db: Database) -> Router<BasicRequestContext> {
        let router = Router()

        router.get("health") { _, _ -> HealthView in
            let report = try await db.healthCheck()
            let stats = await db.stats
            let queue = Dictionary(uniqueKeysWithValues: try await db.query(
                "SELECT state, count(*) FROM tusk_jobs GROUP BY state", as: String.self, Int64.self).map { ($0.0, $0.1) })
            return HealthView(
                status: "ok", database: report.database,
                pool: PoolView(total: stats.total, idle: stats.idle, inUse: stats.inUse, waiting: stats.waiting), queue: queue)
        }

        router.post("documents") { request, context -> EditedResponse<DocumentView> in
            let input = try await request.decode(as: NewDocument.self, context: context)
            let row = try await db.transaction { tx in
                let row = try await tx.insert(Document.Insert(title: input.title, body: input.body))
                // The job exists only if the document does.
                try await tx.enqueue(EmbedDocumentJob.self, EmbedDocument(documentID: row.id), uniqueKey: "embed-\(row.id)")
                return row
            }
            return EditedResponse(status: .created, response: view(row))
        }

        router.get("documents") { _, _ -> [DocumentView] in
            try await Document.order { $0.id }.limit(100).all(on: db).map(view)
        }

        router.get("documents/:id") { _, context -> DocumentView in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let row = try await Document.find(id, on: db) else { throw HTTPError(.notFound) }
            return view(row)
        }

        router.post("documents/nearest") { request, context -> [NearestView] in
            let query = try await request.decode(as: NearestQuery.self, context: context)
            guard query.embedding.count == 3 else { throw HTTPError(.badRequest, message: "embedding needs 3 numbers") }
            let vector = PostgresVector(query.embedding)
            return try await Document.where { $0.embedding.isNotNull }
                .order { $0.embedding.cosineDistance(to: vector) }
                .limit(min(max(query.limit ?? 5, 1), 50))
                .all(on: db)
                .map { NearestView(id: $0.id, title: $0.title) }
        }

        router.post("conversations") { request, context -> EditedResponse<IDView> in
            let input = try await request.decode(as: NewConversation.self, context: context)
            let row = try await db.insert(Conversation.Insert(title: input.title))
            return EditedResponse(status: .created, response: IDView(id: row.id))
        }

        router.post("conversations/:id/messages") { request, context -> EditedResponse<IDView> in
            let conversation = try context.parameters.require("id", as: Int64.self)
            let input = try await request.decode(as: NewMessage.self, context: context)
            guard let role = MessageRole(rawValue: input.role) else {
                throw HTTPError(.badRequest, message: "role must be user, assistant or system")
            }
            let row = try await db.insert(Message.Insert(conversationId: conversation, role: role, content: input.content))
            return EditedResponse(status: .created, response: IDView(id: row.id))
        }

        router.get("conversations/:id/messages") { _, context -> [MessageView] in
            let conversation = try context.parameters.require("id", as: Int64.self)
            return try await Message.where { $0.conversationId == conversation }.order { $0.createdAt }.all(on: db)
                .map { MessageView(id: $0.id, role: $0.role.rawValue, content: $0.content) }
        }
        return router
    }
}
