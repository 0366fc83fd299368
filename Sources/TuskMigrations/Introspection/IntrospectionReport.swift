import TuskSchema

/// What `tusk introspect` could not write into the schema as the database has it, one entry
/// per object, with why: functions, triggers, views, partitions, objects of other schemas,
/// and what it kept in another form (a domain mapped to its base type, a column of a type Tusk
/// does not map kept as `{ sql: ... }`).
public struct IntrospectionReport: Hashable, Sendable {
    public struct Entry: Hashable, Sendable, CustomStringConvertible {
        /// `function`, `trigger`, `view`, `partition`, `domain`, `column`, ...
        public var kind: String
        /// How the object is named in the database: `rewards_report(integer, numeric)`,
        /// `last_updated on film`, `film.fulltext`.
        public var name: String
        public var reason: String

        public init(_ kind: String, _ name: String, _ reason: String) {
            self.kind = kind
            self.name = name
            self.reason = reason
        }

        /// `function rewards_report(integer, numeric): functions are not managed by Tusk`.
        public var description: String { "\(kind) \(name): \(reason)" }
    }

    public var entries: [Entry] = []

    public init(entries: [Entry] = []) { self.entries = entries }

    mutating func add(_ kind: String, _ name: String, _ reason: String) { entries.append(Entry(kind, name, reason)) }

    /// `introspected 22 tables, 1 enum, 13 sequences; 14 objects left out or changed (listed above)`.
    public func summary(for schema: Schema) -> String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let written = "introspected \(count(schema.tables.count, "table")), \(count(schema.enums.count, "enum")), \(count(schema.sequences.count, "sequence"))"
            + (schema.views.isEmpty ? "" : ", \(count(schema.views.count, "view"))")
        guard !entries.isEmpty else { return written + "; nothing left out" }
        return written + "; \(entries.count) \(entries.count == 1 ? "object" : "objects") left out or kept in another form (listed above)"
    }
}

/// An introspected schema with the report of what it leaves out.
public struct Introspection: Sendable {
    public var schema: Schema
    public var report: IntrospectionReport
}
