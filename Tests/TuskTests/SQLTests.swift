import Foundation
import Testing

@testable import Tusk

@Suite struct SQLTests {
    @Test func interpolationBindsValuesInsteadOfSplicingThem() {
        let email = "x'; DROP TABLE users; --"
        let sql: SQL = "SELECT id FROM users WHERE email = \(email) AND age > \(Int64(30))"
        #expect(sql.text == "SELECT id FROM users WHERE email = $1 AND age > $2")
        #expect(sql.bindings.count == 2)
        #expect(sql.bindings[0].type == .text)
        #expect(sql.bindings[1].type == .int8)
    }

    @Test func optionalNilBindsNull() {
        let nickname: String? = nil
        let sql: SQL = "UPDATE users SET nickname = \(nickname)"
        #expect(sql.bindings[0].value.isPostgresNull)
    }

    @Test func fragmentsAreRenumbered() {
        let filter: SQL = "age > \(Int64(1)) AND name <> '$1' AND tier = \(Int64(2))"
        let sql: SQL = "SELECT * FROM \(identifier: "my \"table\"") WHERE id = \(Int64(0)) AND \(sql: filter)"
        #expect(sql.text == #"SELECT * FROM "my ""table""" WHERE id = $1 AND age > $2 AND name <> '$1' AND tier = $3"#)
        #expect(sql.bindings.count == 3)
        var built = SQL("SELECT 1")
        built.append(unsafeRaw: " WHERE x = ")
        built.append(binding: Int64(5))
        built.append(SQL(" AND y = ") + filter)
        #expect(built.text == "SELECT 1 WHERE x = $1 AND y = age > $2 AND name <> '$1' AND tier = $3")
    }

    @Test func descriptionNeverShowsValues() {
        let sql: SQL = "SELECT \("secret")"
        #expect(!sql.description.contains("secret"))
    }
}

@Suite struct ConfigurationTests {
    @Test func urlWithPasswordIsRedacted() throws {
        let configuration = try PostgresConfiguration("postgresql://ann:s3cret@db.example.com:6543/app?application_name=svc")
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.user == "ann")
        #expect(configuration.database == "app")
        #expect(configuration.parameters["sslmode"] == "require")
        #expect(configuration.parameters["application_name"] == "svc")
        #expect(!configuration.description.contains("s3cret"))
        #expect(configuration.description.contains("password=********"))
    }

    @Test func localHostsDoNotForceTLS() async throws {
        // "dbname=x" reads PGHOST: not while TLSLocalityTests sets it.
        try await withLibPQEnvironment([:]) { () async throws in
            for string in [
                "postgresql://ann@localhost/app", "host=/tmp port=5432 dbname=x", "postgresql://ann@127.0.0.1/app",
                "host=::1 dbname=x", "dbname=x",
            ] {
                #expect(try PostgresConfiguration(string).parameters["sslmode"] == nil, "\(string)")
            }
        }
        #expect(try PostgresConfiguration("host=db sslmode=disable").parameters["sslmode"] == "disable")
        #expect(try PostgresConfiguration("host=localhost,db.internal").parameters["sslmode"] == "require")
    }

    @Test func keyValueAndMultipleHosts() throws {
        let configuration = try PostgresConfiguration(
            "host=a.example,b.example port=5432,5433 user=u password='p w' dbname=d target_session_attrs=read-write")
        #expect(configuration.parameters["target_session_attrs"] == "read-write")
        #expect(configuration.parameters["password"] == "p w")
        #expect(!configuration.description.contains("p w"))
    }

    @Test func environmentVariables() throws {
        let fromURL = try PostgresConfiguration.fromEnvironment(["DATABASE_URL": "postgres://u:pw@h/d", "PGHOST": "ignored"])
        #expect(fromURL.host == "h")
        let fromPG = try PostgresConfiguration.fromEnvironment([
            "PGHOST": "pg.internal", "PGPORT": "5544", "PGUSER": "svc", "PGPASSWORD": "hunter2", "PGDATABASE": "main",
        ])
        #expect(fromPG.host == "pg.internal" && fromPG.port == 5544 && fromPG.user == "svc" && fromPG.database == "main")
        #expect(fromPG.parameters["sslmode"] == "require")
        #expect(!fromPG.description.contains("hunter2"))
        let withMode = try PostgresConfiguration.fromEnvironment(["PGHOST": "pg.internal", "PGSSLMODE": "verify-full"])
        #expect(withMode.parameters["sslmode"] == "verify-full")
    }

    @Test func malformedStringsFailClearly() {
        #expect(throws: PostgresError.self) { try PostgresConfiguration("host=a sslmode=sometimes") }
        do {
            _ = try PostgresConfiguration("postgresql://u:topsecret@h:notaport/d")
            Issue.record("expected an error")
        } catch let error as PostgresError {
            #expect(error.kind == .invalidConfiguration)
            #expect(!error.description.contains("topsecret"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func sessionOptions() throws {
        var configuration = try PostgresConfiguration("host=/tmp dbname=x options='-c search_path=app'")
        configuration.statementTimeout = .milliseconds(2500)
        let options = configuration.libpqParameters().first { $0.0 == "options" }?.1
        #expect(options == "-c search_path=app -c TimeZone=UTC -c statement_timeout=2500")
    }
}

@Suite struct NumericAndDateTests {
    @Test func numericTextRoundTrip() throws {
        for text in ["0", "1", "-1", "12.340", "0.0001", "123456789012345678901234567890.123456789", "-0.5", "10000", "NaN", "Infinity", "-Infinity", "0.000000001"] {
            let value = try #require(PostgresNumeric(text))
            #expect(value.description == text)
        }
        #expect(PostgresNumeric("1e5") == nil)
        #expect(PostgresNumeric("abc") == nil)
    }

    @Test func numericToDecimalIsExactOrThrows() throws {
        #expect(try PostgresNumeric("12.34")!.decimalValue() == Decimal(string: "12.34"))
        #expect(try PostgresNumeric("-98765432109876543210.5")!.decimalValue() == Decimal(string: "-98765432109876543210.5"))
        #expect(throws: PostgresDecodingFailure.self) { try PostgresNumeric("1234567890123456789012345678901234567890.1")!.decimalValue() }
        #expect(throws: PostgresDecodingFailure.self) { try PostgresNumeric.infinity.decimalValue() }
    }

    @Test func calendarDates() {
        #expect(PostgresDate(year: 2000, month: 1, day: 1).daysSince2000 == 0)
        #expect(PostgresDate(year: 1999, month: 12, day: 31).daysSince2000 == -1)
        #expect(PostgresDate(year: 2024, month: 2, day: 29).description == "2024-02-29")
        let old = PostgresDate(year: 1582, month: 10, day: 4)
        #expect(old.components == (1582, 10, 4))
        #expect(PostgresDate(year: 0, month: 1, day: 1).description == "0001-01-01 BC")
    }

    @Test func inetParsing() {
        #expect(PostgresInet("192.168.0.1")?.description == "192.168.0.1")
        #expect(PostgresInet("10.0.0.0/8")?.description == "10.0.0.0/8")
        #expect(PostgresInet("2001:db8::1/64")?.description == "2001:db8::1/64")
        #expect(PostgresInet("nope") == nil)
        #expect(PostgresInet("1.2.3.4/33") == nil)
    }

    @Test func preparedStatementCacheEvictsLeastRecentlyUsed() {
        var cache = PreparedStatementCache(capacity: 2)
        let a = PreparedStatementCache.Key(text: "a", parameterTypes: [])
        let b = PreparedStatementCache.Key(text: "b", parameterTypes: [])
        let c = PreparedStatementCache.Key(text: "c", parameterTypes: [20])
        let nameA = cache.insert(a).name
        _ = cache.insert(b)
        #expect(cache.lookup(a) == nameA)
        let inserted = cache.insert(c)
        #expect(inserted.evicted != nil && inserted.evicted != nameA)
        #expect(cache.lookup(b) == nil)
        #expect(cache.lookup(a) == nameA)
    }

    /// The key's digest reads whole words then a tail: texts that differ only in their last byte
    /// (at every length around a word's edge) or only in a parameter type are other statements,
    /// and the same text built another way is the same statement.
    @Test func preparedStatementKeysTellApartWhatDiffers() {
        typealias Key = PreparedStatementCache.Key
        for length in [1, 7, 8, 9, 15, 16, 17, 64, 65] {
            let stem = String(repeating: "s", count: length - 1)
            let texts = [stem + "a", stem + "b", stem + "a" + " "]
            let keys = texts.map { Key(text: $0, parameterTypes: [20]) }
            #expect(Set(keys).count == 3, "length \(length)")
            #expect(Key(text: texts[0], parameterTypes: [20]) != Key(text: texts[0], parameterTypes: [23]))
            #expect(Key(text: texts[0], parameterTypes: [20]) != Key(text: texts[0], parameterTypes: [20, 20]))
        }
        let id = 42
        let built = "SELECT \(id) FROM t WHERE x = $1"
        var cache = PreparedStatementCache(capacity: 4)
        let name = cache.insert(Key(text: built, parameterTypes: [25])).name
        #expect(cache.lookup(Key(text: "SELECT 42 FROM t WHERE x = $1", parameterTypes: [25])) == name)
        #expect(cache.lookup(Key(text: "SELECT 43 FROM t WHERE x = $1", parameterTypes: [25])) == nil)
    }
}

extension ConfigurationTests {
    @Test func unknownURIParameterIsRejected() {
        #expect(throws: PostgresError.self) { try PostgresConfiguration("postgresql://u:pw@h/d?nonsense=1") }
    }
}
