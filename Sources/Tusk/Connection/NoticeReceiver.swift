import CLibPQ
import Logging

/// libpq's notice receiver for one connection: the server's NOTICE, WARNING, INFO and DEBUG
/// messages, and a FATAL that arrives while the session is idle, go to the configuration's
/// logger (SQLSTATE and severity as metadata) instead of libpq's default, which prints to stderr.
///
/// It also remembers a FATAL or PANIC (the server's reason for ending the session, such as
/// 57P01 after `pg_terminate_backend`), so the loss that follows is reported with that reason.
/// Called by libpq on the connection's thread only.
final class NoticeReceiver {
    private let logger: Logger
    /// The last FATAL or PANIC the server sent on this connection.
    private(set) var farewell: PostgresError?

    init(logger: Logger) { self.logger = logger }

    /// Installs the receiver on `connection`; the receiver must outlive it (until `PQfinish`).
    func install(on connection: OpaquePointer) {
        _ = PQsetNoticeReceiver(
            connection,
            { context, result in
                guard let context, let result else { return }
                Unmanaged<NoticeReceiver>.fromOpaque(context).takeUnretainedValue().receive(result)
            },
            Unmanaged.passUnretained(self).toOpaque())
    }

    /// Keeps `error` as the server's reason for ending the session when it is a FATAL or PANIC.
    func noteFarewell(_ error: PostgresError) {
        if error.sqlState != nil, error.severity == "FATAL" || error.severity == "PANIC" { farewell = error }
    }

    private func receive(_ result: OpaquePointer) {
        let notice = LibPQSession.error(from: result, statement: nil)
        noteFarewell(notice)
        var metadata: Logger.Metadata = ["severity": "\(notice.severity ?? "NOTICE")"]
        if let state = notice.sqlState { metadata["sqlstate"] = "\(state)" }
        if let detail = notice.detail { metadata["detail"] = "\(detail)" }
        if let hint = notice.hint { metadata["hint"] = "\(hint)" }
        logger.log(level: Self.level(notice.severity), "\(notice.message)", metadata: metadata)
    }

    static func level(_ severity: String?) -> Logger.Level {
        switch severity {
        case "DEBUG", "LOG": return .debug
        case "INFO": return .info
        case "WARNING": return .warning
        case "ERROR", "FATAL", "PANIC": return .error
        default: return .notice
        }
    }
}
