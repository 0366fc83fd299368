import CLibPQ
import Tracing

/// Where a connection's spans say they went (`db.namespace`, `server.address`, `server.port`):
/// the database and host libpq really connected to, read once when the connection opens.
struct SpanTarget: Sendable {
    var namespace: String?
    var address: String?
    var port: Int?

    init(_ connection: OpaquePointer?) {
        namespace = PQdb(connection).map { String(cString: $0) }
        address = PQhost(connection).map { String(cString: $0) }
        port = PQport(connection).flatMap { Int(String(cString: $0)) }
    }
}

/// What one span describes: a statement, a pipelined batch, a COPY, a transaction, a migration.
/// Attributes follow the OpenTelemetry database semantic conventions; `query` is the
/// parameterized text with inline literals replaced by `?` (never a value).
package struct DatabaseSpan: Sendable {
    package var name: String
    package var operation: String?
    package var collection: String?
    package var summary: String?
    package var query: String?
    /// Attributes beyond the conventions' (`db.operation.batch.size`, `tusk.migration.id`).
    package var extra: [(String, SpanAttribute)] = []

    /// A statement's span, described from its text.
    package static func statement(_ text: String) -> DatabaseSpan {
        let summary = QuerySummary(text)
        return DatabaseSpan(
            name: summary.text ?? "postgresql", operation: summary.operation, collection: summary.collection,
            summary: summary.text, query: PostgresLexer.withLiteralsReplaced(text))
    }

    /// A pipelined batch's span: `BATCH INSERT users` when every statement has that operation
    /// and collection, `BATCH` otherwise; the texts joined with `;`, and the batch size.
    package static func batch(_ texts: [String]) -> DatabaseSpan {
        let summaries = Set(texts.map { QuerySummary($0) })
        let only = summaries.count == 1 ? summaries.first : nil
        let operation = only?.operation.map { "BATCH " + $0 } ?? "BATCH"
        let summary = QuerySummary(operation: operation, collection: only?.collection).text ?? operation
        var span = DatabaseSpan(
            name: summary, operation: operation, collection: only?.collection, summary: summary,
            query: texts.map { PostgresLexer.withLiteralsReplaced($0) }.joined(separator: "; "))
        span.extra = [("db.operation.batch.size", .int64(Int64(texts.count)))]
        return span
    }

    /// A span over work that is not one statement (`TRANSACTION`, `MIGRATE 0001_init`).
    package static func operation(_ operation: String, target: String? = nil) -> DatabaseSpan {
        let name = target.map { operation + " " + $0 } ?? operation
        return DatabaseSpan(name: name, operation: operation, collection: nil, summary: name, query: nil)
    }
}

extension Connection {
    /// The tracer spans go to: ``PostgresConfiguration/tracer``, else the process's
    /// (`InstrumentationSystem.tracer`), resolved once when a connection opens, as the metrics
    /// factory is; nil when that is the no-op tracer, so an untraced statement pays one load and
    /// one branch, and builds no span and no attribute.
    static func tracer(for configuration: PostgresConfiguration) -> (any Tracer)? {
        let tracer = configuration.tracer ?? InstrumentationSystem.tracer
        return tracer is NoOpTracer ? nil : tracer
    }

    /// Runs `body` inside a client span (a child of `ServiceContext.current`) described by
    /// `describe`, which is only called when a tracer is active. Statements run by `body` become
    /// the span's children. An error is recorded on the span with its SQLSTATE
    /// (`db.response.status_code`) and `error.type` (the SQLSTATE, else the error's kind, as
    /// in the metrics), and rethrown.
    package func withSpan<T>(_ describe: () -> DatabaseSpan, _ body: () async throws -> T) async throws -> T {
        guard let tracer else { return try await body() }
        return try await traced(tracer, describe(), body)
    }

    private func traced<Tracer: Tracing.Tracer, T>(
        _ tracer: Tracer, _ description: DatabaseSpan, _ body: () async throws -> T
    ) async throws -> T {
        let target = spanTarget
        return try await tracer.withSpan(description.name, context: .current ?? .topLevel, ofKind: .client) { span in
            span.updateAttributes { attributes in
                attributes["db.system.name"] = "postgresql"
                if let namespace = target.namespace { attributes["db.namespace"] = namespace }
                if let address = target.address { attributes["server.address"] = address }
                if let port = target.port { attributes["server.port"] = port }
                if let operation = description.operation { attributes["db.operation.name"] = operation }
                if let collection = description.collection { attributes["db.collection.name"] = collection }
                if let summary = description.summary { attributes["db.query.summary"] = summary }
                if let query = description.query { attributes["db.query.text"] = query }
                for (key, value) in description.extra { attributes[key] = value }
            }
            do {
                return try await body()
            } catch {
                span.updateAttributes { attributes in
                    if let state = (error as? PostgresError)?.sqlState { attributes["db.response.status_code"] = state }
                    // As the metrics do (OpenTelemetry: the database's error code when there is one).
                    attributes["error.type"] = OperationMetrics.errorType(error)
                }
                throw error  // withSpan records it and sets the error status
            }
        }
    }
}
