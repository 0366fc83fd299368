import CLibPQ
import Foundation

/// What libpq will really connect to for a set of connection parameters, so that TLS is
/// required for everything that is not provably local.
///
/// libpq fills every keyword the string leaves out from the environment (`PGHOST`, `PGHOSTADDR`,
/// `PGSSLMODE`, ...) and from the service file named by `PGSERVICE`, which `PQconndefaults`
/// reports; for each host of a multi-host list it connects to `hostaddr` when one is given and to
/// `host` otherwise. A service named in the string itself (`service=name`) is read by libpq only
/// when connecting, so such a configuration counts as not local.
///
/// Local means a unix socket, `localhost`, `127.0.0.1` or `::1` — deliberately not all of
/// 127.0.0.0/8, so a test can stand a second loopback address (127.0.0.2) in for a remote server.
struct ConnectionTargets: Equatable {
    enum Target: Equatable {
        /// A unix-domain socket directory (or an abstract `@` socket); empty for libpq's default.
        case socket(String)
        /// A host name or address reached over TCP.
        case tcp(String)
        /// Decided by a service file libpq reads only when it connects.
        case unknown
    }

    var targets: [Target]
    /// Whether `sslmode` was chosen by the string, `PGSSLMODE` or a `PGSERVICE` service file.
    var sslModeChosen: Bool

    static let localHosts: Set<String> = ["localhost", "127.0.0.1", "::1", "[::1]"]

    var isLocal: Bool {
        targets.allSatisfy { target in
            switch target {
            case .socket: true
            case .tcp(let host): Self.localHosts.contains(host.lowercased())
            case .unknown: false
            }
        }
    }

    /// `parameters` as parsed from the string; `defaults` what libpq adds for the keywords the
    /// string leaves out (see ``libpqDefaults()``).
    init(parameters: [String: String], defaults: LibPQDefaults) {
        sslModeChosen = parameters["sslmode"] != nil || defaults.sslModeChosen
        if parameters["service"] != nil {
            targets = [.unknown]
            return
        }
        let hosts = Self.list(parameters["host"] ?? defaults.values["host"])
        let addresses = Self.list(parameters["hostaddr"] ?? defaults.values["hostaddr"])
        targets = (0..<max(hosts.count, addresses.count, 1)).map { index in
            if index < addresses.count, !addresses[index].isEmpty { return .tcp(addresses[index]) }
            let host = index < hosts.count ? hosts[index] : ""
            if host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@") { return .socket(host) }
            return .tcp(host)
        }
    }

    private static func list(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// The values libpq uses for keywords a connection string leaves out: environment variables and
/// the `PGSERVICE` service file (`PQconndefaults`), without compiled-in defaults.
struct LibPQDefaults: Equatable {
    var values: [String: String]
    /// `sslmode` comes from `PGSSLMODE` or the service file rather than libpq's built-in `prefer`.
    var sslModeChosen: Bool

    init(values: [String: String], sslModeChosen: Bool) {
        self.values = values
        self.sslModeChosen = sslModeChosen
    }

    /// What libpq would use in this process now.
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> LibPQDefaults {
        var values: [String: String] = [:]
        var compiled: [String: String] = [:]
        if let options = PQconndefaults() {
            defer { PQconninfoFree(options) }
            var option = options
            while let keyword = option.pointee.keyword {
                let name = String(cString: keyword)
                if let value = option.pointee.val { values[name] = String(cString: value) }
                if let value = option.pointee.compiled { compiled[name] = String(cString: value) }
                option += 1
            }
        }
        // Built-in defaults are not choices: drop values equal to them (host has none).
        for (name, value) in compiled where values[name] == value { values[name] = nil }
        let fromEnvironment = !(environment["PGSSLMODE"] ?? "").isEmpty
        return LibPQDefaults(values: values, sslModeChosen: fromEnvironment || values["sslmode"] != nil)
    }
}
