import Foundation
import TuskSchema

/// What `generate-migration` writes: the files (one per plan segment), the snapshot they
/// reach, and the extended tusk.sum.
public struct GeneratedMigration: Sendable {
    public var files: [MigrationFile]
    public var schema: Schema
    public var sum: TuskSum
}

/// Turns the difference between the snapshot and the schema into migration files.
public enum MigrationGenerator {
    public struct Options: Sendable {
        public var plan: PlanOptions
        public var allowDestructive: Bool
        public init(plan: PlanOptions = PlanOptions(), allowDestructive: Bool = false) {
            self.plan = plan
            self.allowDestructive = allowDestructive
        }
    }

    /// `nil` when the schema has no changes. Versions are UTC `yyyyMMddHHmmss`, one second apart
    /// per segment, and always after the newest existing migration.
    public static func generate(
        name: String, from snapshot: Schema, to schema: Schema, existing: [(name: String, contents: String)],
        options: Options = Options(), now: Date = Date()
    ) throws(MigrationFileError) -> GeneratedMigration? {
        try checkName(name)
        let plan = MigrationPlanner.plan(from: snapshot, to: schema, options: options.plan)
        if plan.isEmpty { return nil }
        try checkDestructive(plan, options)
        var version = firstVersion(existing: existing, now: now)
        let files = Self.files(for: plan, name: name, settings: schema.migrations, version: &version)
        let sum = TuskSum(files: existing + files.map { ($0.fileName, $0.text) })
        return GeneratedMigration(files: files, schema: schema, sum: sum)
    }

    static func checkName(_ name: String) throws(MigrationFileError) {
        guard !name.isEmpty, name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }) else {
            throw .badName(name)
        }
    }

    static func checkDestructive(_ plan: MigrationPlan, _ options: Options) throws(MigrationFileError) {
        if !options.allowDestructive && !plan.destructiveSteps.isEmpty {
            throw .destructive(plan.destructiveSteps.flatMap { step in
                step.hazards.filter(\.code.isDestructive).map { "\($0.code.rawValue) \($0.code.name): \($0.message)" }
            })
        }
    }

    /// Now, or one second after the newest existing migration when that is later.
    static func firstVersion(existing: [(name: String, contents: String)], now: Date) -> UInt64 {
        let afterNewest = existing.compactMap { UInt64($0.name.prefix(14)) }.max().map { Self.version(of: Self.date(of: $0).addingTimeInterval(1)) }
        return max(Self.version(of: now), afterNewest ?? 0)
    }

    /// One file per plan segment (`_1`, `_2`... when there are several), versions one second
    /// apart from `version` on; `version` ends after the last.
    static func files(
        for plan: MigrationPlan, name: String, settings: MigrationSettings, markers: [String] = [], version: inout UInt64
    ) -> [MigrationFile] {
        let segments = plan.segments
        var files: [MigrationFile] = []
        for (i, segment) in segments.enumerated() {
            let suffix = segments.count > 1 ? "_\(i + 1)" : ""
            files.append(MigrationFile(id: "\(version)_\(name)\(suffix)", plan: segment, settings: settings, markers: markers))
            version = Self.version(of: Self.date(of: version).addingTimeInterval(1))
        }
        return files
    }

    static func version(of date: Date) -> UInt64 {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        let parts = [c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!]
        return UInt64(parts.map { String(format: "%02d", $0) }.joined())!
    }

    static func date(of version: UInt64) -> Date {
        let text = String(version)
        func part(_ from: Int, _ length: Int) -> Int { Int(text.dropFirst(from).prefix(length))! }
        var c = DateComponents()
        c.timeZone = TimeZone(identifier: "UTC")
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (part(0, 4), part(4, 2), part(6, 2), part(8, 2), part(10, 2), part(12, 2))
        return Calendar(identifier: .gregorian).date(from: c)!
    }
}
