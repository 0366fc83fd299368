import Foundation
import Testing
import Tusk

#if canImport(Glibc)
import Glibc
#endif

/// libpq's `connect_timeout` keyword (and `PGCONNECT_TIMEOUT`) sets how long a connect may take:
/// Tusk drives the connect itself, where libpq would not read it.
@Suite struct ConnectTimeoutTests {
    @Test func theConnectionStringsConnectTimeoutIsHonoured() throws {
        #expect(try PostgresConfiguration("postgresql://app@localhost/app").connectTimeout == .seconds(10))
        #expect(try PostgresConfiguration("postgresql://app@localhost/app?connect_timeout=30").connectTimeout == .seconds(30))
        #expect(try PostgresConfiguration("host=localhost user=app connect_timeout=1").connectTimeout == .seconds(2))
        #expect(try PostgresConfiguration("host=localhost user=app connect_timeout=0").connectTimeout > .seconds(86_400 * 365))
        let fromEnvironment = try PostgresConfiguration.fromEnvironment(["PGHOST": "localhost", "PGCONNECT_TIMEOUT": "3"])
        #expect(fromEnvironment.connectTimeout == .seconds(3))
        let error = try #require(throws: PostgresError.self) { try PostgresConfiguration("host=localhost connect_timeout=soon") }
        #expect(error.kind == .invalidConfiguration && error.message.contains("whole number of seconds"))
    }

    /// A loopback listener that accepts the TCP connection and never answers: the connect gives
    /// up after the string's 2 s, not the default 10 s. A latency suite (run alone): in the
    /// parallel run the task's resume after the failed connect once came 15 s late.
    @Test func aServerThatNeverAnswersFailsAfterTheStringsTimeout() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        var configuration = try PostgresConfiguration(
            "postgresql://app@127.0.0.1:\(listener.port)/app?connect_timeout=2&sslmode=disable")
        configuration.pool.minConnections = 0
        let started = ContinuousClock.now
        let error = try #require(await postgresError { _ = try await Connection.connect(configuration) })
        let elapsed = ContinuousClock.now - started
        #expect(error.kind == .connectionFailed && error.message.contains("timed out after 2"), "\(error)")
        #expect(elapsed >= .seconds(2) && elapsed < .seconds(8), "gave up after \(elapsed)")
    }
}

/// A TCP socket on 127.0.0.1 that listens (the kernel completes the handshake) and never reads
/// or writes: a server that hangs before its first byte.
private final class SilentListener: @unchecked Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
