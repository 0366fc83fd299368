import Foundation
import Metrics

/// `db.client.operation.duration` for one connection: one Timer per (operation, error type),
/// made once and reused, so recording a statement does not go through the factory each time.
///
/// Recording runs after every statement, so it must cost little next to one (BENCHMARKS.md,
/// issue 13): the operation is found by scanning the text's first bytes (no `String` built),
/// a success finds its timer by index, and nothing is done when the factory is swift-metrics'
/// no-op one (no backend bootstrapped), whose timers would discard every value anyway.
final class OperationMetrics: @unchecked Sendable {
    private let factory: any MetricsFactory
    private let enabled: Bool
    private let lock = NSLock()
    /// Timers of statements that succeeded, by index in ``operationList`` (the last: no operation).
    private var successTimers: [Metrics.Timer?]
    private var failureTimers: [String: Metrics.Timer] = [:]

    init(factory: any MetricsFactory) {
        self.factory = factory
        enabled = !(factory is NOOPMetricsHandler)
        successTimers = Array(repeating: nil, count: Self.operationList.count + 1)
    }

    func record(_ statement: String, _ duration: Duration, error: Error?) {
        guard enabled else { return }
        let index = Self.operationIndex(of: statement)
        let timer: Metrics.Timer
        if let error {
            let errorType = Self.errorType(error)
            let key = "\(index.map { Self.operationList[$0] } ?? "")|\(errorType)"
            timer = lock.withLock {
                if let timer = failureTimers[key] { return timer }
                let timer = makeTimer(operation: index, errorType: errorType)
                failureTimers[key] = timer
                return timer
            }
        } else {
            let slot = index ?? Self.operationList.count
            timer = lock.withLock {
                if let timer = successTimers[slot] { return timer }
                let timer = makeTimer(operation: index, errorType: nil)
                successTimers[slot] = timer
                return timer
            }
        }
        timer.record(duration: duration)
    }

    private func makeTimer(operation: Int?, errorType: String?) -> Metrics.Timer {
        var dimensions = [("db.system.name", "postgresql")]
        if let operation { dimensions.append(("db.operation.name", Self.operationList[operation])) }
        if let errorType { dimensions.append(("error.type", errorType)) }
        return Metrics.Timer(
            label: ClientMetricNames.operationDuration, dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
    }

    /// Statement kinds reported as `db.operation.name`: the first keyword of the text when it is
    /// one of these (a bounded set, so the dimension cannot explode), else none.
    static let operationList: [String] = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "VALUES", "COPY", "CALL", "BEGIN", "START",
        "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PREPARE", "EXECUTE", "DEALLOCATE", "CREATE", "ALTER",
        "DROP", "TRUNCATE", "GRANT", "REVOKE", "LOCK", "SET", "RESET", "SHOW", "LISTEN", "UNLISTEN", "NOTIFY",
        "EXPLAIN", "ANALYZE", "VACUUM", "DO", "DISCARD",
    ]
    static let operations = Set(operationList)

    /// Each keyword of ``operationList`` as ``letterCode(_:)`` packs it, in the same order.
    private static let operationCodes: [UInt64] = operationList.map { letterCode($0.utf8)! }

    /// The first keyword of `statement` (after whitespace and opening parentheses), as an index
    /// in ``operationList``; nil when it is none of them.
    static func operationIndex(of statement: String) -> Int? {
        var utf8 = statement.utf8[...]
        while let byte = utf8.first, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "(") || (9...13).contains(byte) {
            utf8 = utf8.dropFirst()
        }
        let word = utf8.prefix { isASCIILetter($0) }
        // A byte past ASCII where the word starts or ends may be a letter or a space of Unicode's:
        // those rare texts take the exact (slower) reading.
        if let next = utf8.dropFirst(word.count).first, next >= 0x80 { return exactOperationIndex(of: statement) }
        if word.isEmpty, let first = utf8.first, first >= 0x80 { return exactOperationIndex(of: statement) }
        guard let code = letterCode(word) else { return nil }
        return operationCodes.firstIndex(of: code)
    }

    /// The reading by Unicode properties that ``operationIndex(of:)`` matches for ASCII text.
    private static func exactOperationIndex(of statement: String) -> Int? {
        let word = statement.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(while: \.isLetter).uppercased()
        return operationList.firstIndex(of: word)
    }

    static func operationName(of statement: String) -> String? {
        operationIndex(of: statement).map { operationList[$0] }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// ASCII letters packed five bits each, case folded (`A` and `a` are 1, `Z` and `z` 26);
    /// nil past 12 letters (longer than any keyword) or for anything but letters.
    private static func letterCode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 12 else { return nil }
        var code: UInt64 = 0
        for byte in bytes {
            guard isASCIILetter(byte) else { return nil }
            code = code << 5 | UInt64(byte & 0x1F)
        }
        return code
    }

    /// The SQLSTATE when the server gave one, else the error's kind (or its Swift type).
    static func errorType(_ error: Error) -> String {
        if let error = error as? PostgresError { return error.sqlState ?? "\(error.kind)" }
        return String(describing: type(of: error))
    }
}
