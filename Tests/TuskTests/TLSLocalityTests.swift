import Foundation
import Testing
import TuskTesting

@testable import Tusk

/// TLS is required for every server that is not provably local, judged from what libpq will
/// really connect to (issue 10, item 3).
@Suite struct TLSLocalityTests {
    static let none = LibPQDefaults(values: [:], sslModeChosen: false)

    @Test func hostaddrWinsOverHostForEveryHostOfAList() {
        func local(_ parameters: [String: String], _ defaults: LibPQDefaults = TLSLocalityTests.none) -> Bool {
            ConnectionTargets(parameters: parameters, defaults: defaults).isLocal
        }
        #expect(local([:]))
        #expect(local(["host": "/tmp"]))
        #expect(local(["host": "localhost,127.0.0.1,::1,/run/postgresql"]))
        #expect(!local(["host": "localhost", "hostaddr": "127.0.0.2"]))
        #expect(!local(["host": "localhost,localhost", "hostaddr": "127.0.0.1,10.0.0.5"]))
        #expect(local(["host": "db.internal", "hostaddr": "127.0.0.1"]))
        #expect(!local(["host": "localhost,db.internal"]))
        #expect(!local(["hostaddr": "127.0.0.2"]))
        #expect(!local(["host": "127.0.0.2"]), "only 127.0.0.1 of 127.0.0.0/8 is local")
        // Keywords the string leaves out come from the environment (PGHOST, PGHOSTADDR, a service file).
        #expect(!local([:], LibPQDefaults(values: ["host": "db.internal"], sslModeChosen: false)))
        #expect(!local(["host": "localhost"], LibPQDefaults(values: ["hostaddr": "10.0.0.5"], sslModeChosen: false)))
        #expect(local(["host": "/tmp"], LibPQDefaults(values: ["host": "db.internal"], sslModeChosen: false)))
        #expect(!local(["service": "prod", "host": "localhost"]))
    }

    @Test func anSSLModeFromTheEnvironmentIsAChoice() {
        #expect(ConnectionTargets(parameters: [:], defaults: LibPQDefaults(values: [:], sslModeChosen: true)).sslModeChosen)
        #expect(ConnectionTargets(parameters: ["sslmode": "disable"], defaults: Self.none).sslModeChosen)
        #expect(!ConnectionTargets(parameters: ["host": "db"], defaults: Self.none).sslModeChosen)
    }

    /// Each bypass form against a server with ssl=off on 127.0.0.2: the connection is refused
    /// with a TLS-required error that holds no password; an explicit sslmode=disable connects.
    @Test func everyBypassFormIsRefusedByAServerWithoutTLS() async throws {
        let cluster = try await PostgresCluster.start(listenAddresses: ["127.0.0.1", "127.0.0.2"])
        defer { cluster.stop() }
        let port = cluster.port
        let common = "port=\(port) user=tusk password=S3cretPw dbname=postgres"
        let serviceFile = cluster.directory + "/pg_service.conf"
        try "[remote]\nhost=127.0.0.2\n".write(toFile: serviceFile, atomically: true, encoding: .utf8)

        func expectRefused(_ string: String, _ environment: [String: String] = [:]) async throws {
            try await withLibPQEnvironment(environment) {
                var configuration = try PostgresConfiguration(string)
                configuration.connectTimeout = .seconds(10)
                #expect(configuration.parameters["sslmode"] == "require", "\(string) \(environment)")
                let error = try #require(await postgresError { _ = try await Connection.connect(configuration) }, "\(string) \(environment)")
                #expect(error.kind == .connectionFailed)
                #expect(error.message.contains("TLS is required"), "\(error.message)")
                #expect(!"\(error)".contains("S3cretPw"))
            }
        }
        try await expectRefused("host=localhost hostaddr=127.0.0.2 \(common)")
        try await expectRefused("host=localhost,localhost hostaddr=127.0.0.1,127.0.0.2 \(common)")
        try await expectRefused("postgresql://tusk:S3cretPw@/postgres?port=\(port)", ["PGHOST": "127.0.0.2"])
        try await expectRefused(common, ["PGSERVICEFILE": serviceFile, "PGSERVICE": "remote"])
        try await expectRefused("service=remote \(common)", ["PGSERVICEFILE": serviceFile])

        // Parameters changed after the configuration was made are judged again at connect time.
        var changed = try PostgresConfiguration("host=localhost \(common)")
        changed.parameters["hostaddr"] = "127.0.0.2"
        let error = try #require(await postgresError { _ = try await Connection.connect(changed) })
        #expect(error.kind == .connectionFailed && error.message.contains("TLS is required"), "\(error.message)")

        // An explicit choice is kept; a local address needs no TLS.
        for string in ["host=localhost hostaddr=127.0.0.2 sslmode=disable \(common)", "host=127.0.0.1 \(common)"] {
            let connection = try await Connection.connect(try PostgresConfiguration(string))
            #expect(try await connection.queryFirst("SELECT inet_server_addr()::text", as: String.self) != nil)
            await connection.close()
        }
    }
}
