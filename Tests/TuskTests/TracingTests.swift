import InMemoryTracing
import Testing
import Tracing
import Tusk
import TuskMigrator
import TuskTesting

/// Spans on a real server, into an in-memory tracer passed through the configuration (the
/// process-wide `InstrumentationSystem` stays untouched: suites run in parallel).
@Suite struct TracingTests {
    /// A value bound as a parameter: it must appear in no span.
    static let secret = "hunter2-parameter-value"

    @Test func statementIsAClientChildSpanWithTheDatabaseAttributes() async throws {
        let tracer = InMemoryTracer()
        try await withDatabase(.standard, Settings(tracer: tracer)) { db, testDatabase in
            try await db.execute("CREATE TABLE users (id int8 PRIMARY KEY, name text)")
            tracer.clearFinishedSpans()
            let parent = tracer.startSpan("handler", context: .topLevel, ofKind: .server)
            try await ServiceContext.withValue(parent.context) {
                _ = try await db.query("SELECT id, name FROM users WHERE name = \(Self.secret)")
            }
            parent.end()

            try Self.checkStatementSpan(tracer.finishedSpans, database: testDatabase.name)
        }
    }

    /// The statement span under the "handler" span, checked (a synchronous function of its own:
    /// Swift 6.3.1's region checker crashes on this code inside the async test closure).
    static func checkStatementSpan(_ finished: [FinishedInMemorySpan], database: String) throws {
        let handler = try #require(finished.first { $0.operationName == "handler" })
        let statements = finished.filter { $0.spanID != handler.spanID }
        #expect(statements.count == 1, "\(finished.map(\.operationName))")
        let span = try #require(statements.first)
        #expect(span.operationName == "SELECT users")
        #expect(span.kind == .client)
        #expect(span.parentSpanID == handler.spanID)
        #expect(span.traceID == handler.traceID)
        let attributes = span.attributes
        #expect(attributes["db.system.name"]?.toSpanAttribute() == "postgresql")
        #expect(attributes["db.namespace"]?.toSpanAttribute() == .string(database))
        #expect(attributes["db.operation.name"]?.toSpanAttribute() == "SELECT")
        #expect(attributes["db.collection.name"]?.toSpanAttribute() == "users")
        #expect(attributes["db.query.summary"]?.toSpanAttribute() == "SELECT users")
        #expect(attributes["db.query.text"]?.toSpanAttribute() == "SELECT id, name FROM users WHERE name = $1")
        #expect(attributes["server.address"] != nil)
        #expect(attributes["server.port"] != nil)
        #expect(span.errors.isEmpty)
        // No parameter value anywhere in what the tracer recorded.
        var everything = ""
        attributes.forEach { key, value in everything += "\(key)=\(value)\n" }
        #expect(!everything.contains(Self.secret))
        #expect(!"\(span.events)".contains(Self.secret))
    }

    @Test func failingStatementRecordsSQLStateAndErrorKind() async throws {
        let tracer = InMemoryTracer()
        try await withDatabase(.standard, Settings(tracer: tracer)) { db, _ in
            try await db.execute("CREATE TABLE users (id int8 PRIMARY KEY)")
            try await db.run("INSERT INTO users VALUES (\(Int64(1)))")
            tracer.clearFinishedSpans()
            let error = await postgresError { try await db.run("INSERT INTO users VALUES (\(Int64(1)))") }
            #expect(error?.kind == .uniqueViolation)

            let span = try #require(tracer.finishedSpans.last)
            #expect(span.operationName == "INSERT users")
            #expect(span.attributes["db.response.status_code"]?.toSpanAttribute() == "23505")
            #expect(span.attributes["error.type"]?.toSpanAttribute() == "23505")
            #expect(span.status?.code == .error)
            #expect(span.errors.count == 1)
            #expect(span.errors.first?.error as? PostgresError == error)
        }
    }

    @Test func transactionIsASpanOverItsStatements() async throws {
        let tracer = InMemoryTracer()
        try await withDatabase(.standard, Settings(tracer: tracer)) { db, _ in
            try await db.execute("CREATE TABLE notes (id int8 PRIMARY KEY)")
            tracer.clearFinishedSpans()
            try await db.transaction { tx in
                try await tx.run("INSERT INTO notes VALUES (\(Int64(1)))")
                _ = try await tx.query("SELECT id FROM notes", as: Int64.self)
            }
            let spans = tracer.finishedSpans
            let transaction = try #require(spans.first { $0.operationName == "TRANSACTION" })
            #expect(transaction.kind == .client)
            #expect(transaction.attributes["db.operation.name"]?.toSpanAttribute() == "TRANSACTION")
            let children = spans.filter { $0.parentSpanID == transaction.spanID }.map(\.operationName)
            #expect(children == ["BEGIN", "INSERT notes", "SELECT notes", "COMMIT"])
        }
    }

    @Test func batchAndCopyAreSpans() async throws {
        let tracer = InMemoryTracer()
        try await withDatabase(.standard, Settings(tracer: tracer)) { db, _ in
            try await db.execute("CREATE TABLE notes (id int8 PRIMARY KEY)")
            tracer.clearFinishedSpans()
            _ = try await db.batch([1, 2].map { "INSERT INTO notes VALUES (\(Int64($0)))" })
            try await db.copyIn(table: "notes", columns: ["id"]) { writer in try await writer.append(Int64(3)) }

            let batch = try #require(tracer.finishedSpans.first { $0.operationName == "BATCH INSERT notes" })
            #expect(batch.attributes["db.operation.batch.size"]?.toSpanAttribute() == 2)
            #expect(batch.attributes["db.query.text"]?.toSpanAttribute()
                == "INSERT INTO notes VALUES ($1); INSERT INTO notes VALUES ($1)")
            // The span names the table as the statement does: Tusk writes every table with its
            // schema, so the collection says which table it was (OpenTelemetry: as in the text).
            let copy = try #require(tracer.finishedSpans.first { $0.operationName == "COPY public.notes" })
            #expect(copy.attributes["db.collection.name"]?.toSpanAttribute() == "public.notes")
            try await db.execute("CREATE SCHEMA billing")
            try await db.execute("CREATE TABLE billing.notes (id int8 PRIMARY KEY)")
            try await db.copyIn(table: "billing.notes", columns: ["id"]) { writer in try await writer.append(Int64(4)) }
            let named = try #require(tracer.finishedSpans.first { $0.operationName == "COPY billing.notes" })
            #expect(named.attributes["db.collection.name"]?.toSpanAttribute() == "billing.notes")
        }
    }

    @Test func migrationIsASpanOverItsStatements() async throws {
        let tracer = InMemoryTracer()
        try await withDatabase(.standard, Settings(tracer: tracer)) { db, _ in
            let migration = try MigrationSource(
                fileName: "20261206000000_create_notes.sql",
                contents: "-- migrate:up\nCREATE TABLE notes (id int8 PRIMARY KEY);\n-- migrate:down\nDROP TABLE notes;\n")
            try await db.withConnection { connection in
                _ = try await Migrator(connection: connection, migrations: [migration]).up()
            }
            let spans = tracer.finishedSpans
            let span = try #require(spans.first { $0.operationName == "MIGRATE 20261206000000_create_notes" })
            #expect(span.kind == .client)
            #expect(span.attributes["tusk.migration.id"]?.toSpanAttribute() == "20261206000000_create_notes")
            let children = spans.filter { $0.parentSpanID == span.spanID }.map(\.operationName)
            #expect(children.contains("CREATE"))
            #expect(children.contains("INSERT tusk_migrations"))
        }
    }

    @Test func noTracerBuildsNoSpan() async throws {
        // The process's tracer is the no-op one here: statements run as before.
        try await withDatabase { db, _ in
            let values = try await db.query("SELECT 1", as: Int32.self)
            #expect(values == [1])
        }
    }

    @Test func inlineLiteralsNeverReachASpan() async throws {
        let tracer = InMemoryTracer()
        try await withDatabase(.standard, Settings(tracer: tracer)) { db, _ in
            tracer.clearFinishedSpans()
            try await db.execute("SELECT 'hunter2-literal' AS a, E'hunter2\\'x' AS b, $$hunter2$$ AS c, 4242 AS d")
            let span = try #require(tracer.finishedSpans.last)
            let text = span.attributes["db.query.text"]?.toSpanAttribute()
            #expect(text == "SELECT ? AS a, ? AS b, ? AS c, ? AS d")
        }
    }

    @Test(arguments: [
        ("SELECT * FROM t1 WHERE a = 'x''y' AND b = 10.5", "SELECT * FROM t1 WHERE a = ? AND b = ?"),
        ("SELECT $tag$a 'b'$tag$, \"col1\" FROM x WHERE id = $2", "SELECT ?, \"col1\" FROM x WHERE id = $2"),
        ("INSERT INTO t VALUES ($1, $2)", "INSERT INTO t VALUES ($1, $2)"),
        // An apostrophe in a comment does not open a string (it used to let 'secret' through).
        ("/* it's */ SELECT 'secret' /* a /* nested */ one */", "/* it's */ SELECT ? /* a /* nested */ one */"),
        ("-- don't\nSELECT e'se\\'cret', U&'x'", "-- don't\nSELECT ?, U&?"),
    ])
    func sanitizedText(text: String, expected: String) {
        #expect(DatabaseSpan.statement(text).query == expected)
    }

    @Test(arguments: [
        ("SELECT \"users\".\"id\" FROM \"users\" WHERE \"users\".\"id\" = $1", "SELECT", "users"),
        ("select count(*) from public.orders", "SELECT", "public.orders"),
        // As the query builders write a table of public and one of a named schema.
        ("INSERT INTO \"public\".\"users\" (\"name\") VALUES ($1) RETURNING \"id\"", "INSERT", "public.users"),
        ("SELECT \"id\" FROM \"billing\".\"invoices\" AS \"billing.invoices\" WHERE \"id\" = $1", "SELECT", "billing.invoices"),
        ("SELECT extract(year FROM d) FROM events", "SELECT", "events"),
        ("SELECT * FROM (SELECT 1) AS x", "SELECT", nil),
        ("-- note\nINSERT INTO \"order\" (id) VALUES ($1)", "INSERT", "order"),
        ("UPDATE accounts SET n = $1", "UPDATE", "accounts"),
        ("DELETE FROM sessions WHERE id = $1", "DELETE", "sessions"),
        ("WITH x AS (SELECT 1) SELECT * FROM x", "WITH", nil),
        ("", nil, nil),
        ("tusk_unknown_word x", nil, nil),
    ] as [(String, String?, String?)])
    func querySummary(text: String, operation: String?, collection: String?) {
        let span = DatabaseSpan.statement(text)
        #expect(span.operation == operation)
        #expect(span.collection == collection)
    }
}
