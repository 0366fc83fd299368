import CLibPQ
import Foundation

/// One libpq connection in non-blocking mode, driven synchronously on its ``WorkerThread`` (or,
/// for a statement answered inline, on the task's thread that claimed the idle worker).
///
/// Everything here blocks only that thread: it waits on the connection's socket with `poll`, so
/// a server that sends nothing (pg_sleep, locks) costs a sleeping thread, not a cooperative one.
final class LibPQSession {
    private(set) var connection: OpaquePointer?
    let configuration: PostgresConfiguration
    private var statements: PreparedStatementCache
    private var typeOIDs: [String: UInt32] = [:]
    /// Server-side statements to deallocate once the session is idle (out of any transaction
    /// block and pipeline), before the next statement.
    private var pendingDeallocations: [String] = []
    let cancel: CancelHandle
    /// Routes notices to the logger and keeps the server's reason for ending the session.
    private let notices: NoticeReceiver
    /// What the session is doing (see ``SessionState``); changed only through `enter`/`leave`
    /// and `markBroken`.
    var state: SessionState = .idle
    /// The cursor of the open row stream, when it reads through one (StreamCursor.swift).
    var cursor: StreamCursor?
    /// Cursors declared so far: each stream's cursor gets a name of its own.
    var cursorsOpened = 0
    /// Set when the socket failed or the server ended the session: the pool discards it.
    var isBroken: Bool { state == .broken }
    /// The connection's thread: every use is confined to it (checked in debug builds).
    private let owner = pthread_self()

    private init(connection: OpaquePointer, configuration: PostgresConfiguration, notices: NoticeReceiver) {
        self.connection = connection
        self.configuration = configuration
        self.notices = notices
        self.statements = PreparedStatementCache(capacity: configuration.preparedStatementCacheSize)
        self.cancel = CancelHandle(connection: connection)
    }

    deinit { close() }

    func close() {
        if let connection { PQfinish(connection) }
        connection = nil
        state = .broken
    }

    /// Debug builds check that the session is used on its connection's thread only.
    func assertConfined() {
        assert(
            pthread_equal(owner, pthread_self()) != 0 || lentTo.map { pthread_equal($0, pthread_self()) != 0 } == true,
            "a LibPQSession was used off its connection's thread")
    }

    /// The thread the session is lent to while it runs a statement inline (`startInline`).
    var lentTo: pthread_t?

    // MARK: Connecting

    /// Opens a connection (libpq's asynchronous connect, polled with a deadline).
    static func connect(_ configuration: PostgresConfiguration) throws -> LibPQSession {
        let parameters = configuration.libpqParameters()
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let raw = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordPointers in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valuePointers in
                PQconnectStartParams(keywordPointers.baseAddress, valuePointers.baseAddress, 0)
            }
        }
        guard let connection = raw else {
            throw PostgresError(kind: .connectionFailed, message: "out of memory starting a connection")
        }
        // Installed before the first byte is read, so even start-up notices reach the logger.
        let notices = NoticeReceiver(logger: configuration.logger)
        notices.install(on: connection)
        let deadline = ContinuousClock.now + configuration.connectTimeout
        func fail(_ message: String) -> PostgresError {
            withExtendedLifetime(notices) { PQfinish(connection) }
            return configuration.connectionFailure(message)
        }
        if PQstatus(connection) == CONNECTION_BAD { throw fail(String(cString: PQerrorMessage(connection))) }
        var state = PGRES_POLLING_WRITING
        while true {
            switch state {
            case PGRES_POLLING_OK:
                guard PQsetnonblocking(connection, 1) == 0 else { throw fail("cannot enter non-blocking mode") }
                return LibPQSession(connection: connection, configuration: configuration, notices: notices)
            case PGRES_POLLING_FAILED:
                throw fail(String(cString: PQerrorMessage(connection)))
            default:
                let reading = state == PGRES_POLLING_READING
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { throw fail("timed out after \(configuration.connectTimeout)") }
                let ready = Self.poll(
                    socket: PQsocket(connection), read: reading, write: !reading,
                    timeoutMilliseconds: Int32(clamping: max(1, remaining.milliseconds)))
                if ready < 0 { throw fail("poll failed: \(String(cString: strerror(errno)))") }
                if ready == 0 { continue }
                state = PQconnectPoll(connection)
            }
        }
    }

    // MARK: Socket waiting

    /// poll(2) on one socket; returns >0 when ready, 0 on timeout, <0 on error (EINTR retried).
    static func poll(socket: Int32, read: Bool, write: Bool, timeoutMilliseconds: Int32) -> Int32 {
        pollSocket(socket, read: read, write: write, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// The error for a failed socket operation: the server's own reason when it sent one before
    /// closing (a FATAL such as 57P01, possibly still unread in libpq's buffer), else `.connectionLost`.
    private func connectionError(_ statement: String? = nil) -> PostgresError {
        let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "connection closed"
        if connection == nil || PQstatus(connection) == CONNECTION_BAD {
            state = .broken
            readFarewell()
        }
        if var farewell = notices.farewell {
            farewell.statement = statement
            return farewell
        }
        return PostgresError(
            kind: .connectionLost, message: message.trimmingCharacters(in: .whitespacesAndNewlines),
            statement: statement)
    }

    private func live(_ statement: String? = nil) throws -> OpaquePointer {
        guard let connection, !isBroken, PQstatus(connection) == CONNECTION_OK else {
            state = .broken
            throw closedError(statement)
        }
        return connection
    }

    /// The error for using a session that is already broken or closed.
    func closedError(_ statement: String?) -> PostgresError {
        PostgresError(kind: .connectionLost, message: "the connection is closed", statement: statement)
    }

    /// After the socket closed: lets libpq parse what it had already received (bounded), so a
    /// FATAL the server sent before closing becomes the farewell.
    private func readFarewell() {
        guard let connection else { return }
        for _ in 0..<4 {
            guard let result = PQgetResult(connection) else { return }
            if PQresultStatus(result) == PGRES_FATAL_ERROR { _ = serverError(from: result, statement: nil) }
            PQclear(result)
        }
    }

    /// The error a failed PGresult describes, noting a FATAL as the server's reason for ending
    /// the session.
    func serverError(from result: OpaquePointer, statement: String?) -> PostgresError {
        let error = Self.error(from: result, statement: statement)
        notices.noteFarewell(error)
        return error
    }

    /// Sends everything libpq has buffered, reading input meanwhile so the server never stalls.
    func flush(_ statement: String?) throws {
        let connection = try live(statement)
        while true {
            let result = PQflush(connection)
            if result == 0 { return }
            if result < 0 { throw connectionError(statement) }
            let ready = Self.poll(socket: PQsocket(connection), read: true, write: true, timeoutMilliseconds: -1)
            if ready < 0 { throw connectionError(statement) }
            if PQconsumeInput(connection) == 0 { throw connectionError(statement) }
        }
    }

    /// The next result of the current command (nil when the command is complete), waiting on
    /// the socket while libpq is busy.
    func nextResult(_ statement: String?) throws -> OpaquePointer? {
        let connection = try live(statement)
        while PQisBusy(connection) == 1 {
            let ready = Self.poll(socket: PQsocket(connection), read: true, write: false, timeoutMilliseconds: -1)
            if ready < 0 || PQconsumeInput(connection) == 0 { throw connectionError(statement) }
        }
        return PQgetResult(connection)
    }

    /// Collects the results of one command: returns the last data-bearing one, throws the first
    /// error (after draining, so the connection is ready for the next command).
    func collect(_ statement: String, allowCopy: Bool = false) throws -> QueryResult {
        var collector = ResultCollector(statement: statement, allowCopy: allowCopy)
        return try finishCollecting(&collector)
    }

    /// Reads the rest of a command's results into `collector` (waiting on the socket) and returns
    /// what it collected.
    func finishCollecting(_ collector: inout ResultCollector) throws -> QueryResult {
        while let result = try nextResult(collector.statement) {
            if let copy = try collector.take(result, from: self) { return copy }
        }
        return try collector.finish(self)
    }

    /// The error a failed PGresult describes.
    static func error(from result: OpaquePointer, statement: String?) -> PostgresError {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        let state = field("C")
        var message = field("M") ?? String(cString: PQresultErrorMessage(result))
        message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if message.isEmpty { message = "unknown error" }
        return PostgresError(
            kind: state.map(PostgresError.kind(forSQLState:)) ?? .connectionLost,
            message: message, sqlState: state, severity: field("V") ?? field("S"), detail: field("D"),
            hint: field("H"), constraint: field("n"), schema: field("s"), table: field("t"), column: field("c"),
            dataType: field("d"), position: field("P").flatMap { Int($0) }, statement: statement)
    }

    // MARK: Statements

    var transactionStatus: PGTransactionStatusType {
        connection.map { PQtransactionStatus($0) } ?? PQTRANS_UNKNOWN
    }

    /// Runs a statement with binary parameters and results, prepared (cached) or unnamed.
    func execute(_ sql: SQL, mode: StatementMode) throws -> QueryResult {
        try operation(.busy, sql.text) { try executeStatement(sql, mode: mode) }
    }

    private func executeStatement(_ sql: SQL, mode: StatementMode) throws -> QueryResult {
        deallocatePending()
        let parameters = try encode(sql)
        switch mode {
        case .unnamed:
            try sendUnnamed(sql.text, parameters)
            return try collect(sql.text)
        case .prepared:
            let key = PreparedStatementCache.Key(text: sql.text, parameterTypes: parameters.types)
            do {
                return try executePrepared(key, parameters)
            } catch let error as PostgresError where Self.needsReprepare(error) {
                return try executeWithNewPlan(key, parameters, after: error)
            }
        }
    }

    /// The cached plan is stale (schema change) or gone (DISCARD ALL, pooler): prepares again
    /// and retries once, unless a transaction block is now aborted. A stale statement still
    /// exists on the server: deallocated, or each schema change would leak one.
    func executeWithNewPlan(
        _ key: PreparedStatementCache.Key, _ parameters: EncodedParameters, after error: PostgresError
    ) throws -> QueryResult {
        let stale = statements.remove(key)
        if let stale, error.sqlState != "26000" { deallocate(stale) }
        guard transactionStatus == PQTRANS_IDLE else { throw error }
        return try executePrepared(key, parameters)
    }

    static func needsReprepare(_ error: PostgresError) -> Bool {
        error.sqlState == "26000"
            || (error.sqlState == "0A000" && error.message.contains("cached plan must not change result type"))
    }

    private func executePrepared(_ key: PreparedStatementCache.Key, _ parameters: EncodedParameters) throws -> QueryResult {
        let connection = try live(key.text)
        let name: String
        if let cached = statements.lookup(key) {
            name = cached
        } else {
            name = insertPrepared(key)
            let sent = parameters.types.withUnsafeBufferPointer {
                PQsendPrepare(connection, name, key.text, Int32($0.count), $0.baseAddress)
            }
            do {
                guard sent == 1 else { throw connectionError(key.text) }
                try flush(key.text)
                _ = try collect(key.text)
            } catch {
                statements.remove(key)
                throw error
            }
        }
        guard parameters.sendPrepared(name, on: connection) else { throw connectionError(key.text) }
        try flush(key.text)
        return try collect(key.text)
    }

    func sendUnnamed(_ text: String, _ parameters: EncodedParameters) throws {
        let connection = try live(text)
        guard parameters.sendUnnamed(text, on: connection) else { throw connectionError(text) }
        try flush(text)
    }

    /// Runs a script over the simple query protocol (several statements allowed, text results).
    @discardableResult
    func simple(_ script: String) throws -> QueryResult {
        try operation(.busy, script) { try simpleCommand(script) }
    }

    /// `simple` inside an operation already entered (deallocations, COPY's start).
    @discardableResult
    private func simpleCommand(_ script: String, allowCopy: Bool = false) throws -> QueryResult {
        let connection = try live(script)
        guard PQsendQuery(connection, script) == 1 else { throw connectionError(script) }
        try flush(script)
        return try collect(script, allowCopy: allowCopy)
    }

    // MARK: Parameters

    func encode(_ sql: SQL) throws -> EncodedParameters {
        var parameters = EncodedParameters()
        if sql.bindings.isEmpty { return parameters }
        parameters.reserveCapacity(sql.bindings.count)
        var encoder = PostgresEncoder(resolve: typeResolver)
        for binding in sql.bindings {
            let value = binding.value
            let type = Swift.type(of: value).postgresType
            parameters.types.append(type.needsResolution ? try resolve(type) : type.oid)
            if value.isPostgresNull {
                parameters.offsets.append(-1)
                parameters.lengths.append(0)
                continue
            }
            let start = encoder.bytes.count
            do {
                try value.encode(into: &encoder)
            } catch let error as PostgresError {
                throw error
            } catch {
                throw PostgresError(
                    kind: .encodingFailed,
                    message: "cannot encode parameter $\(parameters.types.count) (\(Swift.type(of: value))): \(error)",
                    statement: sql.text)
            }
            parameters.offsets.append(start)
            parameters.lengths.append(Int32(encoder.bytes.count - start))
        }
        parameters.bytes = encoder.bytes
        return parameters
    }

    /// The OID of a type known by name on this connection (`to_regtype`, cached).
    /// ``resolve(_:)`` as the encoder's closure, made once rather than per statement.
    private lazy var typeResolver: (PostgresType) throws -> UInt32 = { [unowned self] type in try self.resolve(type) }

    /// True when encoding `sql` needs no round trip (every named type's OID known).
    func knowsTypes(of sql: SQL) -> Bool {
        for binding in sql.bindings {
            let type = Swift.type(of: binding.value).postgresType
            if type.needsResolution && typeOIDs[type.name] == nil { return false }
        }
        return true
    }

    func resolve(_ type: PostgresType) throws -> UInt32 {
        if let oid = typeOIDs[type.name] { return oid }
        let result = try executeUnnamedText(
            "SELECT coalesce(to_regtype($1)::oid, 0)::int8", parameter: type.name)
        let oid = UInt32(try result[0].decode(Int64.self, at: 0))
        guard oid != 0 else {
            throw PostgresError(
                kind: .encodingFailed,
                message: "type \(type.name) does not exist in this database (missing CREATE TYPE or CREATE EXTENSION?)")
        }
        typeOIDs[type.name] = oid
        return oid
    }

    private func executeUnnamedText(_ text: String, parameter: String) throws -> QueryResult {
        var parameters = EncodedParameters()
        parameters.types = [PostgresType.text.oid]
        parameters.bytes = Array(parameter.utf8)
        parameters.offsets = [0]
        parameters.lengths = [Int32(parameters.bytes.count)]
        try sendUnnamed(text, parameters)
        return try collect(text)
    }

    // Small accessors for the pipeline, stream and COPY extensions.
    func markBroken() { state = .broken }
    var knownTypeOIDs: [String: UInt32] { typeOIDs }

    /// Sends a COPY ... FROM STDIN statement and waits until the server is ready for data; the
    /// session is then `.copying` until `endCopy`.
    func startCopy(_ statement: String) throws -> QueryResult {
        try enter(.copying, statement)
        do {
            return try simpleCommand(statement, allowCopy: true)
        } catch {
            leave()
            throw error
        }
    }

    func liveConnection(_ statement: String? = nil) throws -> OpaquePointer { try live(statement) }
    /// The error for a socket that failed during `statement` (the server's reason when it sent one).
    func failure(connectionLostIn statement: String) -> PostgresError { connectionError(statement) }
    var isConnectionOK: Bool { connection.map { PQstatus($0) == CONNECTION_OK } ?? false }
    func failure(_ what: String) -> PostgresError {
        let error = connectionError(nil)
        return PostgresError(kind: error.kind, message: "\(what): \(error.message)")
    }
    func lookupPrepared(_ key: PreparedStatementCache.Key) -> String? { statements.lookup(key) }
    func forgetPrepared(_ key: PreparedStatementCache.Key) { statements.remove(key) }
    /// Inserts `key` (deallocating an evicted statement) and returns its new name.
    func insertPrepared(_ key: PreparedStatementCache.Key) -> String {
        let inserted = statements.insert(key)
        if let evicted = inserted.evicted { deallocate(evicted) }
        return inserted.name
    }

    /// Removes a server-side prepared statement: now when the session is idle, else (inside a
    /// transaction block, where a failing DEALLOCATE would abort it, or in a pipeline) before the
    /// first statement that runs once it is idle again.
    private func deallocate(_ name: String) {
        pendingDeallocations.append(name)
        deallocatePending()
    }

    var hasPendingDeallocations: Bool { !pendingDeallocations.isEmpty }

    private func deallocatePending() {
        guard !pendingDeallocations.isEmpty, transactionStatus == PQTRANS_IDLE, state != .pipelining else { return }
        let names = pendingDeallocations
        pendingDeallocations.removeAll()
        for name in names { _ = try? simpleCommand("DEALLOCATE \(name)") }
    }

    /// Forgets prepared statements and type OIDs (after `DISCARD ALL` or a reset).
    func forgetServerState() {
        statements.removeAll()
        typeOIDs.removeAll()
    }
}

/// A statement's parameters, binary-encoded into one buffer.
struct EncodedParameters {
    var types: [UInt32] = []
    var bytes: [UInt8] = []
    var offsets: [Int] = []  // -1 for NULL
    var lengths: [Int32] = []

    mutating func reserveCapacity(_ count: Int) {
        types.reserveCapacity(count)
        offsets.reserveCapacity(count)
        lengths.reserveCapacity(count)
    }

    /// Queues `text` with these parameters as an unnamed statement (binary results); true when
    /// libpq took it. Sends nothing by itself on a non-blocking connection: flush after.
    func sendUnnamed(_ text: String, on connection: OpaquePointer) -> Bool {
        types.withUnsafeBufferPointer { types in
            withPointers { values, lengths, formats in
                PQsendQueryParams(connection, text, Int32(types.count), types.baseAddress, values, lengths, formats, 1) == 1
            }
        }
    }

    /// Queues the prepared statement `name` with these parameters (binary results), likewise.
    func sendPrepared(_ name: String, on connection: OpaquePointer) -> Bool {
        withPointers { values, lengths, formats in
            PQsendQueryPrepared(connection, name, Int32(types.count), values, lengths, formats, 1) == 1
        }
    }

    /// Calls `body` with libpq's parameter arrays (values, lengths, formats: all binary). The
    /// value pointers and formats live on the stack for the call (no allocation per statement).
    func withPointers<R>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        if types.isEmpty { return body(nil, nil, nil) }
        return bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            // A NULL parameter has a null pointer; an empty value needs a non-null one.
            var empty: CChar = 0
            return withUnsafePointer(to: &empty) { emptyPointer in
                withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: offsets.count) { values in
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: types.count) { formats in
                        for (index, offset) in offsets.enumerated() {
                            values.initializeElement(at: index, to: offset < 0 ? nil : (base.map { $0 + offset } ?? emptyPointer))
                        }
                        formats.initialize(repeating: 1)
                        return lengths.withUnsafeBufferPointer { lengthPointers in
                            body(UnsafePointer(values.baseAddress), lengthPointers.baseAddress, UnsafePointer(formats.baseAddress))
                        }
                    }
                }
            }
        }
    }
}
