import Foundation
import Tusk
import TuskSchema

/// Reads every schema of a live database but PostgreSQL's own (objects outside `public` named
/// `schema.name`) into the Schema model: what `tusk introspect`
/// prints and what catalog comparisons use. Defaults and checks keep the server's own spelling
/// (`pg_get_expr`, `pg_get_constraintdef`); a default that is a plain typed literal
/// (`'free'::bpchar`, `0.50`, `true`) becomes a literal default.
public enum CatalogIntrospector {
    /// The schema only (catalog comparisons, drift); see ``introspect(_:)`` for the report.
    public static func read(_ db: some QueryRunner) async throws -> Schema {
        try await introspect(db).schema
    }

    /// Never fails on what a database holds: what the schema language cannot say is left out
    /// or kept in another form, and listed in the report.
    public static func introspect(_ db: some QueryRunner) async throws -> Introspection {
        func rows(_ sql: String) async throws -> [[String?]] {
            let result = try await db.query(SQL(sql))
            return try result.map { row in try (0..<row.columnCount).map { try row.decode(String?.self, at: $0) } }
        }
        var schema = Schema()
        var report = IntrospectionReport()
        schema.extensions = try await rows(CatalogQueries.extensions).compactMap { $0[0] }
        // format_type quotes names that need it (`"Order Status"`); the schema uses the name itself.
        var enumNames: [String: String] = [:]
        for row in try await rows(CatalogQueries.enums) {
            let name = row[0]!
            enumNames[row[3]!] = name
            let labels = try JSONDecoder().decode([String].self, from: Data(row[1]!.utf8))
            schema.enums.append(EnumType(
                name: name, swiftName: SwiftNames.typeName(forEnum: QualifiedName.local(name)),
                values: labels.map { EnumValue(name: $0, swiftName: swiftPropertyName($0)) }, comment: row[2]))
        }
        var domains = DomainMapping(rows: try await rows(CatalogQueries.domains), enumNames: enumNames)

        var tables: [String: Table] = [:]
        var order: [String] = []
        var partitions = PartitionIntrospection()
        for row in try await rows(CatalogQueries.tables) {
            let oid = row[0]!, name = row[1]!
            if let parent = row[4] {
                // A partition is named inside its parent's schema (`billing.sales_eu` -> `sales_eu`).
                partitions.add(QualifiedName.local(name), of: parent, bound: row[10] ?? "")
                if let key = row[5] {
                    report.add("partition", "\(name) of \(parent)", "sub-partitioned by \(key) in the database; written as a plain partition")
                }
                continue
            }
            if let key = row[5] { partitions.addParent(name, oid: oid, key: key) }
            if row[6] == "u" { report.add("table", name, "UNLOGGED in the database; written as a logged table") }
            if let parents = row[7] { report.add("table", name, "inherits from \(parents) in the database; written without inheritance") }
            tables[oid] = Table(
                name: name, swiftName: SwiftNames.typeName(forTable: QualifiedName.local(name)), comment: row[2], columns: [],
                rowLevelSecurity: row[8] == "true" ? RowLevelSecurity(force: row[9] == "true") : nil)
            order.append(oid)
        }
        for row in try await rows(CatalogQueries.columns) {
            guard let table = tables[row[0]!] else { continue }
            let qualified = "\(table.name).\(row[1]!)"
            var column = domains.column(named: row[1]!, typeOID: row[7]!, elementOID: row[8], of: table.name, tableOID: row[0]!, report: &report)
                ?? TuskSchema.Column(name: row[1]!, swiftName: SwiftNames.propertyName(row[1]!), type: columnType(row[2]!, enumNames: enumNames), isNullable: true)
            column.swiftName = swiftPropertyName(row[1]!)
            if case .opaque(let sql) = column.type, !domains.isDomain(row[7]!) {
                report.add("column", qualified, "type \(sql) has no Swift mapping in Tusk; kept as 'type: { sql: \(sql) }' and left out of the generated Swift types"
                    + (row[11] == "true" ? "; Tusk does not create the type: create it before applying `tusk sql` or the migrations" : ""))
            }
            column.isNullable = column.isNullable && row[3] == "false"
            column.identity = row[4] == "a" ? .always : row[4] == "d" ? .byDefault : nil
            column.comment = row[6]
            if row[9] == "s", let expression = row[5] {
                column.generated = GeneratedColumn(sql: expression)
            } else if let expression = row[5] {
                column.defaultValue = defaultValue(expression, type: column.type)
            }
            if row[10] == "true" { report.add("column", qualified, "has a non-default collation in the database; written with the type's default collation") }
            tables[row[0]!]!.columns.append(column)
        }
        for row in try await rows(CatalogQueries.constraints) {
            guard let table = tables[row[0]!] else { continue }
            let name = row[1]!, columns = try names(row[3])
            let described = "\(name) on \(table.name)"
            switch row[2] {
            case "p", "u", "c", "f": break
            case "x":
                report.add("constraint", described, "exclusion constraints are not managed by Tusk (\(row[8]!))")
                continue
            default:
                report.add("constraint", described, "constraint triggers are not managed by Tusk")
                continue
            }
            if row[10] == "true" { report.add("constraint", described, "DEFERRABLE in the database; written as NOT DEFERRABLE") }
            if row[11] == "false" { report.add("constraint", described, "NOT VALID in the database; written as a validated constraint") }
            if row[2] == "c", row[13] == "true" { report.add("constraint", described, "NO INHERIT in the database; written without it") }
            switch row[2] {
            case "p": tables[row[0]!]!.primaryKey = PrimaryKey(name: name, columns: columns)
            case "u":
                if row[8]!.contains(" INCLUDE (") || row[8]!.contains("NULLS NOT DISTINCT") {
                    report.add("constraint", described, "the schema language cannot say \(row[8]!); left out")
                    continue
                }
                tables[row[0]!]!.uniqueConstraints.append(UniqueConstraint(name: name, columns: columns))
            case "c": tables[row[0]!]!.checks.append(CheckConstraint(name: name, expression: checkExpression(row[8]!)))
            default:
                guard let referenced = row[9], tables[referenced] != nil else {
                    report.add("constraint", described, "references \(row[4] ?? "a table") outside what Tusk manages; left out (\(row[8]!))")
                    continue
                }
                if row[12] == "f" { report.add("constraint", described, "MATCH FULL in the database; written as MATCH SIMPLE") }
                tables[row[0]!]!.foreignKeys.append(ForeignKey(
                    name: name, columns: columns, referencedTable: row[4]!, referencedColumns: try names(row[5]),
                    onDelete: action(row[7]), onUpdate: action(row[6])))
            }
        }
        // After the table's own constraints, so a moved domain check never takes a name in use.
        for (oid, table) in tables { tables[oid] = domains.addingMovedChecks(to: table, tableOID: oid) }
        var views = Self.views(try await rows(viewQuery), columns: try await rows(viewColumnQuery), enumNames: enumNames)
        for row in try await rows(CatalogQueries.indexes) {
            if let table = tables[row[0]!] {
                if let index = try index(row, on: table.name, report: &report) { tables[row[0]!]!.indexes.append(index) }
            } else if let at = views.firstIndex(where: { $0.oid == row[0]! }) {
                if let index = try index(row, on: views[at].view.name, report: &report) { views[at].view.indexes.append(index) }
            }
        }
        schema.views = views.map(\.view)
        for row in try await rows(CatalogQueries.sequences) {
            var sequence = SchemaSequence(
                name: row[0]!, type: columnType(row[1]!, enumNames: [:]), start: Int64(row[2]!), increment: Int64(row[3]!) ?? 1,
                minValue: Int64(row[4]!), maxValue: Int64(row[5]!), cache: Int64(row[6]!) ?? 1, cycle: row[7] == "true")
            if let ownerOID = row[8], let column = row[9] {
                guard let owner = tables[ownerOID] else {
                    report.add("sequence", sequence.name, "owned by a column of a relation Tusk does not manage; left out")
                    continue
                }
                sequence.ownedBy = SequenceOwner(table: owner.name, column: column)
            }
            schema.sequences.append(sequence)
        }
        for row in try await rows(CatalogQueries.policies) {
            guard let table = tables[row[0]!] else { continue }
            let policy = Policy(
                name: row[1]!, command: policyCommand(row[2]!), roles: try names(row[4]).filter { $0 != "public" },
                using: row[5], withCheck: row[6], permissive: row[3] == "true")
            // Policies on a table with RLS off are kept (they apply once it is on); so is the table's flag.
            var security = table.rowLevelSecurity ?? RowLevelSecurity()
            if table.rowLevelSecurity == nil {
                report.add("policy", "\(policy.name) on \(table.name)", "row level security is off on the table; written with row_level_security on, which `tusk sql` enables")
            }
            security.policies.append(policy)
            tables[row[0]!]!.rowLevelSecurity = RowLevelSecurity(force: security.force, policies: security.policies)
        }
        report.entries += domains.finalReport()
        for listing in UnmanagedObjects.listings {
            for row in try await rows(listing.sql) { report.entries.append(listing.entry(row)) }
        }
        for (oid, partitioning) in partitions.partitionings(report: &report) { tables[oid]?.partitioning = partitioning }
        // Sorted as the model sorts (the catalog's collation may order `billing.x` elsewhere).
        schema.tables = order.compactMap { tables[$0] }.sorted { $0.name < $1.name }
        schema.enums.sort { $0.name < $1.name }
        schema.views.sort { $0.name < $1.name }
        SchemaSwiftNames.namespace(&schema)
        return Introspection(schema: schema, report: report)
    }

    /// One row of `CatalogQueries.indexes` as an index of `relation`, or nil (and a report
    /// line) for a shape the schema language cannot say.
    private static func index(_ row: [String?], on relation: String, report: inout IntrospectionReport) throws -> Index? {
        let opclasses = try JSONDecoder().decode([String?].self, from: Data((row[5] ?? "[]").utf8))
        let shapes = [
            (row[7] == "true", "expression keys"), (row[8] == "true", "INCLUDE columns"),
            (row[9] == "true", "DESC or NULLS FIRST/LAST keys"), (row[11] == "true", "a collation per key"),
            (Set(opclasses).count > 1, "an operator class per key"),
            (!Index.methods.contains(row[2]!), "the index method \(row[2]!)"),
        ]
        if let unsupported = shapes.first(where: \.0) {
            report.add("index", "\(row[1]!) on \(relation)", "the schema language cannot say \(unsupported.1); left out (\(row[10]!))")
            return nil
        }
        return Index(
            name: row[1]!, columns: try names(row[4]), method: row[2]!, opclass: opclasses.compactMap { $0 }.first,
            isUnique: row[3] == "true", predicate: row[6])
    }

    /// The derived Swift name of a column or enum value, or, when the SQL name has characters a
    /// Swift identifier cannot (`quote"d`, `it's`), the name derived with those read as word
    /// breaks (written as `swift_name:`).
    static func swiftPropertyName(_ name: String) -> String {
        let derived = SwiftNames.propertyName(name)
        if SwiftNames.isValidIdentifier(derived) { return derived }
        let words = String(name.unicodeScalars.map { $0 == "_" || $0.properties.isXIDContinue ? Character($0) : " " })
        let cleaned = SwiftNames.propertyName(words)
        return SwiftNames.isValidIdentifier(cleaned) ? cleaned : "_" + cleaned
    }

    /// A column type as the server spells it; one Tusk does not map stays verbatim (opaque).
    /// `enumNames` maps each enum's format_type spelling to its name.
    static func columnType(_ formatted: String, enumNames: [String: String]) -> SQLType {
        if let name = enumNames[formatted] { return .enumType(name) }
        if formatted.hasSuffix("[]"), let name = enumNames[String(formatted.dropLast(2))] { return .array(.enumType(name)) }
        return (try? SQLType.parse(formatted, enumNames: Set(enumNames.values)).get())?.type ?? .opaque(formatted)
    }

    private static func names(_ json: String?) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data((json ?? "[]").utf8))
    }

    private static func policyCommand(_ code: String) -> Policy.Command {
        switch code {
        case "r": .select
        case "a": .insert
        case "w": .update
        case "d": .delete
        default: .all
        }
    }

    private static func action(_ code: String?) -> ReferentialAction {
        switch code {
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: .noAction
        }
    }

    /// `CHECK ((n > 0))` -> `n > 0`.
    public static func checkExpression(_ definition: String) -> String {
        var text = definition
        if text.hasSuffix(" NOT VALID") { text = String(text.dropLast(" NOT VALID".count)) }
        if text.hasPrefix("CHECK (") && text.hasSuffix(")") { text = String(text.dropFirst(7).dropLast()) }
        while text.hasPrefix("(") && text.hasSuffix(")") && isWrapped(text) { text = String(text.dropFirst().dropLast()) }
        return text
    }

    /// Whether the first `(` closes at the very end (outside string literals).
    private static func isWrapped(_ text: String) -> Bool {
        var depth = 0
        var inString = false
        for (i, ch) in text.enumerated() {
            if ch == "'" { inString.toggle() }
            if inString { continue }
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1; if depth == 0 && i != text.count - 1 { return false } }
        }
        return depth == 0
    }

    /// A server-spelled default as a literal when it is one, else as SQL.
    public static func defaultValue(_ expression: String, type: SQLType) -> ColumnDefault {
        switch type {
        case .array, .json, .jsonb, .vector, .opaque: return .sql(expression)
        case .boolean where expression == "true" || expression == "false": return .literal(expression)
        case .smallint, .integer, .bigint, .real, .doublePrecision, .numeric:
            if SQLText.isNumber(expression) { return .literal(expression) }
        default: break
        }
        guard expression.hasPrefix("'"), let close = closingQuote(expression), expression[close...].hasPrefix("'::") else {
            return .sql(expression)
        }
        let body = expression[expression.index(after: expression.startIndex)..<close]
        let cast = expression[expression.index(close, offsetBy: 3)...]
        // A type name, qualified by its schema when it is not in the search_path (`billing.status`).
        guard cast.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " || $0 == "\"" || $0 == "." }) else { return .sql(expression) }
        return .literal(body.replacingOccurrences(of: "''", with: "'"))
    }

    private static func closingQuote(_ text: String) -> String.Index? {
        var i = text.index(after: text.startIndex)
        while i < text.endIndex {
            if text[i] == "'" {
                let next = text.index(after: i)
                if next < text.endIndex && text[next] == "'" { i = text.index(after: next); continue }
                return i
            }
            i = text.index(after: i)
        }
        return nil
    }
}
