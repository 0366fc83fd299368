import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Tusk
import TuskDev

// AgentService: documents (embedded in the background), nearest-document search, conversations
// and messages, over HTTP on 127.0.0.1:$PORT (default 8080). One ServiceGroup runs the HTTP
// server, the Database and a QueueWorker; SIGTERM drains all three and exits 0.

let logger = Logger(label: "AgentService")
let port = Int(ProcessInfo.processInfo.environment["PORT"] ?? "") ?? 8080

// The database: DATABASE_URL (or PG* variables); with none in a debug build, the persistent
// local PostgreSQL under .tusk/dev (DevDatabase: started on demand, reused across runs).
let db = try await DevDatabase.connect()
let applied = try await db.migrate()
logger.info("migrations applied: \(applied.ran.isEmpty ? "none (up to date)" : applied.ran.joined(separator: ", "))")

var worker = QueueWorker(db: db, queue: EmbedDocumentJob.queue, concurrency: 2, pollInterval: .milliseconds(500))
worker.register(EmbedDocumentJob.self) { payload, job in
    guard let document = try await Document.find(payload.documentID, on: job.db) else { return }
    let embedding = Embedding.of(document.title + " " + document.body)
    try await Document.update { $0.embedding = .set(embedding) }.where { $0.id == document.id }.execute(on: job.db)
}

let app = Application(
    router: Routes.router(db: db),
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "AgentService"),
    // Shut down in reverse order: the HTTP server, then the worker, then the pool.
    services: [db, worker],
    onServerRunning: { _ in logger.info("listening on http://127.0.0.1:\(port)") },
    logger: logger)
try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
logger.info("stopped cleanly")
