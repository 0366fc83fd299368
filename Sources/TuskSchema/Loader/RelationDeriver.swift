/// Derives every table's relations from the resolved tables and the YAML's `relation:`,
/// `inverse:` and `relations:` (docs/schema-reference.md, "Relations"):
///
/// - a single-column foreign key gives its table a to-one relation named after the column
///   without `_id` (`user_id` → `user`), or after the referenced table's type (`owner` → `user`);
/// - and the referenced table the inverse: one-to-one named after the referencing table's type
///   (`profile`) when the key columns are the referencing table's primary key or unique, else
///   to-many named after the referencing table, as a plural (`documents`; `rental` -> `rentals`);
/// - `relations:` declares many-to-many relations through a join table.
///
/// Derived names that collide on one table become `<name>By<FkColumn>`; any other collision is
/// an error suggesting `relation:` or `inverse:`. Composite foreign keys give no relation.
struct RelationDeriver {
    /// A relation before names are final, with what a diagnostic about it needs.
    struct Candidate {
        var relation: TableRelation
        /// True when the name is written in the YAML (never disambiguated).
        var isWritten: Bool
        var mark: YAMLMark?
        /// `FromId` for `memoryLinksByFromId`.
        var disambiguator: String
        /// "the foreign key 'documents.user_id'".
        var origin: String
        /// "choose another name with 'relation:' on ...".
        var fix: String
    }

    let tables: [Table]
    /// The drafts by table name; empty for a schema built in code (default names, no marks).
    let drafts: [String: TableDraft]
    let report: (YAMLMark?, String) -> Void
    /// Positions in `tables` by name (the first of a name), and per referenced table name the
    /// single-column foreign keys to it, in table then key order. Scanning every table's keys
    /// for each table was a tenth of loading a 200-table schema.
    private let positions: [String: Int]
    private let referencesTo: [String: [(table: Int, key: Int)]]

    init(tables: [Table], drafts: [String: TableDraft], report: @escaping (YAMLMark?, String) -> Void) {
        self.tables = tables
        self.drafts = drafts
        self.report = report
        positions = Dictionary(tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var referencesTo: [String: [(table: Int, key: Int)]] = [:]
        for tableIndex in tables.indices {
            for keyIndex in tables[tableIndex].foreignKeys.indices where tables[tableIndex].foreignKeys[keyIndex].columns.count == 1 {
                referencesTo[tables[tableIndex].foreignKeys[keyIndex].referencedTable, default: []].append((tableIndex, keyIndex))
            }
        }
        self.referencesTo = referencesTo
    }

    func derive() -> [TableRelation] {
        tables.flatMap { finalNames(candidates(of: $0), of: $0) }
    }

    func table(_ name: String) -> Table? { positions[name].map { tables[$0] } }

    /// The draft of a foreign key, when the schema came from YAML.
    func draft(of table: Table, foreignKey index: Int) -> ForeignKeyDraft? {
        guard let keys = drafts[table.name]?.foreignKeys, keys.count == table.foreignKeys.count else { return nil }
        return keys[index]
    }

    private func candidates(of source: Table) -> [Candidate] {
        var result: [Candidate] = []
        for (index, fk) in source.foreignKeys.enumerated() {
            let draft = draft(of: source, foreignKey: index)
            guard fk.columns.count == 1 else {
                for (key, written) in [("relation", draft?.relation), ("inverse", draft?.inverse)] {
                    guard let written else { continue }
                    report(written.mark, "foreign key (\(fk.columns.joined(separator: ", "))) of table '\(source.name)' has \(fk.columns.count) columns, and relations come from single-column foreign keys only; remove '\(key): \(written.name)'")
                }
                continue
            }
            if let candidate = belongsTo(fk, of: source, draft: draft) { result.append(candidate) }
        }
        for (tableIndex, keyIndex) in referencesTo[source.name] ?? [] {
            let referencing = tables[tableIndex]
            if let candidate = inverse(referencing.foreignKeys[keyIndex], of: referencing, to: source, draft: draft(of: referencing, foreignKey: keyIndex)) {
                result.append(candidate)
            }
        }
        let declared = (drafts[source.name]?.manyToMany ?? []).sorted { $0.name.name < $1.name.name }
        result += declared.compactMap { ManyToManyResolver(deriver: self, source: source, declaration: $0).candidate() }
        return result
    }

    private func belongsTo(_ fk: ForeignKey, of source: Table, draft: ForeignKeyDraft?) -> Candidate? {
        guard let column = source.column(named: fk.columns[0]), let target = table(fk.referencedTable),
              target.column(named: fk.referencedColumns[0]) != nil else { return nil }
        let derived = SwiftNames.belongsToRelationName(column: column.name, targetSwiftName: target.swiftName)
        let required = !column.isNullable && target.softDeleteColumn == nil
        let place = "'\(source.name).\(column.name)'"
        return Candidate(
            relation: TableRelation(
                name: draft?.relation?.name ?? derived, kind: .belongsTo, sourceTable: source.name, sourceColumn: column.name,
                targetTable: target.name, targetColumn: fk.referencedColumns[0], foreignKey: fk.name,
                isNullable: column.isNullable, cardinality: required ? .requiredToOne : .toOne),
            isWritten: draft?.relation != nil, mark: draft?.relation?.mark ?? draft?.mark,
            disambiguator: SwiftNames.upperCamel(SwiftNames.words(column.name)),
            origin: "the foreign key \(place)", fix: "choose another name with 'relation:' on the foreign key \(place)")
    }

    private func inverse(_ fk: ForeignKey, of referencing: Table, to source: Table, draft: ForeignKeyDraft?) -> Candidate? {
        guard let referenced = source.column(named: fk.referencedColumns[0]) else { return nil }
        let keyColumns = Set(fk.columns)
        let isUnique = referencing.primaryKey.map { Set($0.columns) == keyColumns } == true
            || referencing.uniqueConstraints.contains { Set($0.columns) == keyColumns }
            || referencing.indexes.contains { $0.isUnique && $0.predicate == nil && Set($0.columns) == keyColumns }
        let derived = isUnique ? SwiftNames.lowerFirst(referencing.swiftName) : Self.toManyName(of: referencing)
        let place = "'\(referencing.name).\(fk.columns[0])'"
        return Candidate(
            relation: TableRelation(
                name: draft?.inverse?.name ?? derived, kind: isUnique ? .hasOne : .hasMany, sourceTable: source.name,
                sourceColumn: referenced.name, targetTable: referencing.name, targetColumn: fk.columns[0], foreignKey: fk.name,
                isNullable: referenced.isNullable, cardinality: isUnique ? .toOne : .toMany),
            isWritten: draft?.inverse != nil, mark: draft?.inverse?.mark ?? draft?.mark,
            disambiguator: SwiftNames.upperCamel(SwiftNames.words(fk.columns[0])),
            origin: "the inverse of the foreign key \(place)", fix: "choose another name with 'inverse:' on the foreign key \(place)")
    }

    /// A to-many inverse reads as a plural: a plural table name as it is (`document_chunks` ->
    /// `documentChunks`, unchanged from earlier releases), a singular one pluralized from the
    /// table's Swift type (`rental` -> `rentals`, `category` -> `categories`).
    /// A table in a named schema is named from its Swift type, which carries the schema when
    /// the name is in two schemas (`billing.events` -> `BillingEvent` -> `billingEvents`).
    static func toManyName(of referencing: Table) -> String {
        QualifiedName(referencing.name).isInDefaultSchema && SwiftNames.isPlural(tableName: referencing.name)
            ? SwiftNames.propertyName(referencing.name)
            : SwiftNames.lowerFirst(SwiftNames.pluralLastWord(referencing.swiftName))
    }

    /// Disambiguates derived names that collide with each other, then reports what still collides
    /// (with a column's Swift name, a written name, or a disambiguated one).
    private func finalNames(_ candidates: [Candidate], of table: Table) -> [TableRelation] {
        var candidates = candidates
        let derivedCounts = Dictionary(candidates.filter { !$0.isWritten }.map { ($0.relation.name, 1) }, uniquingKeysWith: +)
        for i in candidates.indices where !candidates[i].isWritten && derivedCounts[candidates[i].relation.name]! > 1 {
            candidates[i].relation.name += "By" + candidates[i].disambiguator
        }
        var taken: [String: String] = [:]
        for column in table.columns { taken[column.swiftName] = "column '\(table.name).\(column.name)'" }
        var result: [TableRelation] = []
        for candidate in candidates {
            let name = candidate.relation.name
            if let other = taken[name] {
                report(candidate.mark, "relation '\(name)' of table '\(table.name)' (from \(candidate.origin)) and \(other) would both be the Swift property '\(name)'; \(candidate.fix)")
                continue
            }
            taken[name] = "relation '\(name)' (from \(candidate.origin))"
            result.append(candidate.relation)
        }
        return result
    }
}

extension Schema {
    /// The schema with `relations` derived from its foreign keys under the default names, for a
    /// schema built in code (the loader derives them itself, with the YAML's `relation:`,
    /// `inverse:` and `relations:`). Throws when derived names collide.
    public func derivingRelations() throws(SchemaError) -> Schema {
        let sink = DiagnosticSink(fileName: "schema")
        let deriver = RelationDeriver(tables: tables, drafts: [:]) { mark, message in
            sink.error(mark ?? YAMLMark(line: 1, column: 1), message)
        }
        var schema = self
        schema.relations = deriver.derive()
        if sink.hasErrors { throw SchemaError(diagnostics: sink.diagnostics) }
        return schema
    }
}
