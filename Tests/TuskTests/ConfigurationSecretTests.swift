import Foundation
import Testing

@testable import Tusk

/// No error, log line or description built from a connection string shows its password, whatever
/// the string (issue 10, item 2).
@Suite struct ConfigurationSecretTests {
    /// Malformed and odd connection strings, URI and key=value, each holding a password (the
    /// secret the case checks for, `S3cretPw` unless it says otherwise).
    static let corpus: [(string: String, secret: String)] = [
        ("postgresql://app:S3cretPw%zz@db.example/app", "S3cretPw"),
        ("postgresql://app:S3cretPw%@db.example/app", "S3cretPw"),
        ("postgresql://app:S3cretPw%4@db.example/app", "S3cretPw"),
        ("postgresql://app:S3cretPw%00@db.example/app", "S3cretPw"),
        ("postgresql://app:S3cretPw/x@db.example/app", "S3cretPw"),
        ("postgresql://app:12/S3cretPw@db.example/app", "S3cretPw"),
        ("postgresql://app:S3cretPw?x@db.example/app", "S3cretPw"),
        ("postgresql://app:S3cretPw@[::1/app", "S3cretPw"),
        ("postgresql://app:S3cretPw@[]/app", "S3cretPw"),
        ("postgresql://app:S3cretPw@db.example:notaport/app", "S3cretPw"),
        ("postgresql://app:S3cretPw@db.example/app?sslmode=sometimes", "S3cretPw"),
        ("postgresql://app:S3cretPw@db.example/app?bogus=1", "S3cretPw"),
        ("postgresql://app:S3cretPw@db.example/app?password", "S3cretPw"),
        ("postgresql://app@db.example/app?password=S3cretPw%zz", "S3cretPw"),
        ("postgresql://app@db.example/app?password=S3cretPw=x", "S3cretPw"),
        ("postgresql://app:S3cretPw@db.example/app?a==b", "S3cretPw"),
        ("postgres://app:S3cretPw@db.example:99999/app", "S3cretPw"),
        ("postgresql://app:S3cret Pw@db.example/app", "S3cret"),
        ("postgresql://app:S3cretPw@db.example/app?host=%zz", "S3cretPw"),
        ("postgresql://app:S3cretPw@db ex/app", "S3cretPw"),
        ("postgresql://:S3cretPw%G1@db.example", "S3cretPw"),
        ("postgresql://app:S3cretPw@a.example,b.example:bad/app", "S3cretPw"),
        ("postgresql://app:%53%33cretPw%zz@db.example/app", "cretPw"),
        ("postgresql://app:S3cretPw@db.example/app#fragment", "S3cretPw"),
        ("postgresql://app:S3cr\"etPw%zz@db.example/app", "etPw"),
        ("host=db.example password=S3cretPw%zz dbname=app sslmode=sometimes", "S3cretPw"),
        ("password='S3cretPw host=db.example", "S3cretPw"),
        ("password=my S3cretPw host=db.example", "S3cretPw"),
        ("password=S3cretPw bogus=1", "S3cretPw"),
        (#"password='S3cret\'Pw' port=abc"#, "S3cret"),
        ("host=db.example port=70000 password=S3cretPw", "S3cretPw"),
        ("password=S3cretPw host=db.example port=5432,x", "S3cretPw"),
        ("password=\"S3cretPw\" host=db.example sslmode=maybe", "S3cretPw"),
        ("'password=S3cretPw host=db.example'", "S3cretPw"),
        ("host=db.example password=S3cretPw dbname", "S3cretPw"),
        ("password=S3cretPw=x host=db.example", "S3cretPw"),
        ("sslpassword=S3cretPw host=db.example", "S3cretPw"),
    ]

    @Test func malformedStringsNeverShowThePassword() {
        #expect(Self.corpus.count >= 30)
        var failures = 0
        for (string, secret) in Self.corpus {
            do {
                let configuration = try PostgresConfiguration(string)
                #expect(!configuration.description.contains(secret), "\(string) -> \(configuration.description)")
            } catch let error as PostgresError {
                failures += 1
                #expect(error.kind == .invalidConfiguration)
                for text in [String(describing: error), error.message, "\(error)", error.localizedDescription] {
                    #expect(!text.contains(secret), "\(string) -> \(text)")
                }
            } catch {
                Issue.record("\(string): not a PostgresError: \(type(of: error))")
            }
        }
        #expect(failures >= 30)
    }

    /// The issue's string: the message says what is wrong without the token libpq quoted.
    @Test func percentEncodingErrorSaysWhatToDo() throws {
        let error = try #require(throws: PostgresError.self) { try PostgresConfiguration("postgresql://app:S3cret%zz@host/db") }
        #expect(error.message.hasPrefix("invalid connection string: invalid percent-encoded token: \"…\""))
        #expect(error.message.contains("percent-encode"))
    }

    /// A string that parses but cannot connect: the failure names the configuration, masked.
    @Test func connectionFailuresNeverShowThePassword() async throws {
        for string in [
            "host=/tmp/tusk-no-such-directory port=1 user=app password=S3cretPw dbname=app sslpassword=S3cretPw",
            "postgresql://app:S3cretPw@/app?host=/tmp/tusk-no-such-directory&port=1",
        ] {
            var configuration = try PostgresConfiguration(string)
            configuration.connectTimeout = .seconds(5)
            configuration.pool.minConnections = 0
            let error = try #require(await postgresError { _ = try await Connection.connect(configuration) }, "\(string)")
            #expect(error.kind == .connectionFailed)
            for text in [String(describing: error), error.message, "\(error)", configuration.description] {
                #expect(!text.contains("S3cretPw"), "\(string) -> \(text)")
            }
        }
    }
}
