/// Reads the top-level `migrations: { lock_timeout: 5s, statement_timeout: 15min }`.
struct MigrationSettingsReader {
    static let keys = ["lock_timeout", "statement_timeout"]
    let read: NodeReader

    func settings(_ node: YAMLNode) -> MigrationSettings {
        var settings = MigrationSettings()
        guard let options = read.options(node, allowed: Self.keys, what: "'migrations'") else { return settings }
        if let e = options["lock_timeout"], let value = duration(e, default: MigrationSettings.defaultLockTimeout) {
            settings.lockTimeout = value
        }
        if let e = options["statement_timeout"], let value = duration(e, default: MigrationSettings.defaultStatementTimeout) {
            settings.statementTimeout = value
        }
        return settings
    }

    private func duration(_ entry: Entry, default fallback: PostgresDuration) -> PostgresDuration? {
        let what = "'migrations.\(entry.key)'"
        guard let text = read.text(entry.value, what: what) else { return nil }
        switch PostgresDuration.parse(text) {
        case .success(let duration):
            return duration
        case .failure(.notADuration):
            let units = PostgresDuration.Unit.allCases.map(\.rawValue).joined(separator: ", ")
            read.sink.error(entry.value.mark, "\(what) must be a whole number and a unit (\(units)), e.g. \(fallback), found '\(text)'")
        case .failure(.zero):
            read.sink.error(entry.value.mark, "\(what) must be more than zero: PostgreSQL reads 0 as no timeout at all (the default is \(fallback))")
        case .failure(.tooLong):
            read.sink.error(entry.value.mark, "\(what) is longer than PostgreSQL allows (\(PostgresDuration.maxMilliseconds) ms, about 24 days), found '\(text)'")
        }
        return nil
    }
}
