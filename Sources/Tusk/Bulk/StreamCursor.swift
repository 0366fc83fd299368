import CLibPQ

/// The server-side cursor a ``QueryStream`` reads a plain read through: `DECLARE ... NO SCROLL
/// CURSOR`, then `FETCH FORWARD n` with binary results, one PGresult per chunk of rows (its rows
/// are views into it), so a row costs no thread hop and no PGresult of its own. The next FETCH
/// is sent as soon as a chunk arrives, so the server produces it while the caller reads this one.
///
/// A cursor lives in a transaction: outside one, the stream opens its own (`BEGIN`) and ends it
/// (`COMMIT` when every row was read, `ROLLBACK` when stopped early or failed, as an
/// interrupted single statement would); inside the caller's, it only `CLOSE`s the cursor.
struct StreamCursor {
    let name: String
    /// The stream began the transaction the cursor lives in, and ends it.
    let ownsTransaction: Bool
    /// Rows asked for by the FETCH in flight (nil: none is).
    var pending: Int?
    var chunking: StreamChunking

    func declaration(of statement: String) -> String { "DECLARE \(name) NO SCROLL CURSOR FOR \(statement)" }
    func fetch(_ rows: Int) -> String { "FETCH FORWARD \(rows) FROM \(name)" }

    /// Whether `sql` can be a cursor's query: a read (SELECT, VALUES, TABLE, or WITH without a
    /// data-modifying part) with no `INTO`. Anything else streams in single-row mode.
    static func canRead(_ sql: SQL) -> Bool {
        var first: String?
        var fits = true
        PostgresLexer.forEachWord(in: sql.text) { word in
            if first == nil {
                first = word
                fits = ["SELECT", "VALUES", "TABLE", "WITH"].contains(word)
            } else if word == "INTO" || TableSet.writingWords.contains(word) {
                fits = false
            }
            return fits
        }
        return fits && first != nil
    }
}

/// How many rows each FETCH asks for: at most the stream's `chunkSize`, fewer when rows are
/// wide, so a chunk stays near ``byteBudget`` (measured on the chunk before).
struct StreamChunking {
    let maxRows: Int
    /// About the memory one chunk may take; two are alive at once (the one being read, the next
    /// one arriving).
    static let byteBudget = 4 << 20
    /// The first FETCH, before any row's size is known.
    static let firstRows = 1024

    var first: Int { min(maxRows, Self.firstRows) }

    func next(after result: QueryResult) -> Int {
        guard result.count > 0 else { return maxRows }
        let bytesPerRow = max(1, Int(PQresultMemorySize(result.handle)) / result.count)
        return max(1, min(maxRows, Self.byteBudget / bytesPerRow))
    }
}

extension LibPQSession {
    /// Declares the cursor (in a transaction of its own when none is open) and sends the first
    /// FETCH. On failure the cursor and its transaction are gone again.
    func openCursor(_ sql: SQL, _ parameters: EncodedParameters, maxRows: Int) throws {
        cursorsOpened += 1
        var cursor = StreamCursor(
            name: "tusk_stream_\(cursorsOpened)", ownsTransaction: transactionStatus == PQTRANS_IDLE,
            chunking: StreamChunking(maxRows: maxRows))
        self.cursor = cursor
        if cursor.ownsTransaction { try command("BEGIN") }
        let declaration = cursor.declaration(of: sql.text)
        do {
            try sendUnnamed(declaration, parameters)
            _ = try collect(sql.text)
        } catch var error as PostgresError {
            // The server counts positions in the DECLARE; the caller wrote only the query.
            let offset = declaration.count - sql.text.count
            if let position = error.position, position > offset { error.position = position - offset }
            throw error
        }
        cursor.pending = cursor.chunking.first
        self.cursor = cursor
        try sendUnnamed(cursor.fetch(cursor.chunking.first), EncodedParameters())
    }

    /// The chunk the FETCH in flight returns; sends the next one, or ends the cursor (and its
    /// transaction) after the last.
    func fetchChunk(_ statement: String) throws -> (rows: [QueryResult], done: Bool) {
        guard var cursor, let asked = cursor.pending else { return ([], true) }
        cursor.pending = nil  // collect reads the FETCH to its end, even when it fails
        self.cursor = cursor
        let result = try collect(statement)
        if result.count < asked {
            try closeCursor(cursor, completed: true)
            return ([result], true)
        }
        let next = cursor.chunking.next(after: result)
        cursor.pending = next
        self.cursor = cursor
        try sendUnnamed(cursor.fetch(next), EncodedParameters())
        return ([result], false)
    }

    /// Ends the cursor after its last chunk (`completed`), an error or an early stop: waits out
    /// a FETCH in flight (cancelled first when the transaction is the stream's own: it is rolled
    /// back anyway), then COMMIT/ROLLBACK our transaction, or CLOSE in the caller's.
    func closeCursor(_ cursor: StreamCursor, completed: Bool) throws {
        if cursor.pending != nil {
            if cursor.ownsTransaction { sendCancelRequest() }
            while let result = try nextResult(nil) { PQclear(result) }
            self.cursor?.pending = nil
        }
        if let ending = Self.ending(cursor, completed: completed, status: transactionStatus) { try command(ending) }
        self.cursor = nil
    }

    /// The statement that ends `cursor`, if any is left to run.
    private static func ending(_ cursor: StreamCursor, completed: Bool, status: PGTransactionStatusType) -> String? {
        switch (cursor.ownsTransaction, status) {
        case (_, PQTRANS_IDLE), (_, PQTRANS_UNKNOWN): return nil
        case (true, _): return completed ? "COMMIT" : "ROLLBACK"
        case (false, PQTRANS_INERROR): return nil  // the caller's transaction failed: it rolls back anyway
        case (false, _): return "CLOSE \(cursor.name)"
        }
    }

    /// Runs a parameterless statement inside the operation already entered.
    private func command(_ text: String) throws {
        try sendUnnamed(text, EncodedParameters())
        _ = try collect(text)
    }
}
