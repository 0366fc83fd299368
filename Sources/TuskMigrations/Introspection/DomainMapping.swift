import Foundation
import Tusk
import TuskSchema

/// Domains are mapped onto the columns that use them: the column gets the domain's base type,
/// its NOT NULL and default, and its checks as table checks with `VALUE` replaced by the
/// column (named as PostgreSQL names a column check). The schema language has no `domains:`
/// key; docs/schema-reference.md says why.
struct DomainMapping {
    struct Domain {
        var name: String
        var baseType: String
        var baseOID: String
        var notNull: Bool
        var defaultExpression: String?
        /// (name, `CHECK (...)` definition) in name order.
        var checks: [(String, String)]
    }

    private var domains: [String: Domain] = [:]
    private let enumNames: [String: String]
    private var usedNames: Set<String> = []
    /// Checks to move, per table oid: (column, domain check definitions).
    private var pendingChecks: [String: [(column: String, checks: [String])]] = [:]
    /// The report lines of moved checks wait for their final names.
    private var pendingReports: [String: [(domain: String, column: String, base: String, notes: [String])]] = [:]
    private(set) var reportsWithNames: [IntrospectionReport.Entry] = []

    init(rows: [[String?]], enumNames: [String: String]) {
        self.enumNames = enumNames
        for row in rows {
            let checks = (try? JSONDecoder().decode([[String]].self, from: Data((row[6] ?? "[]").utf8))) ?? []
            domains[row[0]!] = Domain(
                name: row[1]!, baseType: row[2]!, baseOID: row[3]!, notNull: row[4] == "true", defaultExpression: row[5],
                checks: checks.map { ($0[0], $0[1]) })
        }
    }

    func isDomain(_ oid: String) -> Bool { domains[oid] != nil }

    /// The chain from the column's domain down to the one over a real type.
    private func chain(_ oid: String) -> [Domain] {
        var result: [Domain] = []
        var next = domains[oid]
        while let domain = next, result.count < 32 {
            result.append(domain)
            next = domains[domain.baseOID]
        }
        return result
    }

    /// The column a domain-typed column becomes, or nil when its type is not a domain.
    mutating func column(
        named name: String, typeOID: String, elementOID: String?, of table: String, tableOID: String,
        report: inout IntrospectionReport
    ) -> TuskSchema.Column? {
        let qualified = "\(table).\(name)"
        if let elementOID, let element = chain(elementOID).last, let outer = domains[elementOID] {
            usedNames.insert(outer.name)
            let type = SQLType.array(CatalogIntrospector.columnType(element.baseType, enumNames: enumNames))
            let checks = chain(elementOID).flatMap(\.checks)
            report.add("domain", outer.name, "mapped to \(type.sql) on \(qualified) (an array of the domain)"
                + (checks.isEmpty ? "" : "; its checks apply to each element and are not kept: \(checks.map(\.0).joined(separator: ", "))"))
            return TuskSchema.Column(name: name, swiftName: SwiftNames.propertyName(name), type: type, isNullable: true)
        }
        let domains = chain(typeOID)
        guard let outer = domains.first, let innermost = domains.last else { return nil }
        usedNames.formUnion(domains.map(\.name))
        let type = CatalogIntrospector.columnType(innermost.baseType, enumNames: enumNames)
        var column = TuskSchema.Column(name: name, swiftName: SwiftNames.propertyName(name), type: type, isNullable: !domains.contains { $0.notNull })
        var notes: [String] = []
        if case .opaque = type { notes.append("its base type has no Swift mapping, so the column is left out of the generated Swift types") }
        if !column.isNullable { notes.append("its NOT NULL kept on the column") }
        if let expression = domains.lazy.compactMap(\.defaultExpression).first {
            column.defaultValue = CatalogIntrospector.defaultValue(expression, type: type)
            notes.append("its default used where the column has none")
        }
        let checks = domains.flatMap(\.checks).map(\.1)
        if !checks.isEmpty { pendingChecks[tableOID, default: []].append((name, checks)) }
        pendingReports[tableOID, default: []].append((outer.name, name, type.sql, notes))
        return column
    }

    /// The table with the domain checks of its columns added, and the report lines naming them.
    mutating func addingMovedChecks(to table: Table, tableOID: String) -> Table {
        var table = table
        var taken = Set(table.checks.map(\.name) + table.uniqueConstraints.map(\.name) + table.foreignKeys.map(\.name))
        if let pk = table.primaryKey { taken.insert(pk.name) }
        var namesByColumn: [String: [String]] = [:]
        for (column, checks) in pendingChecks[tableOID] ?? [] {
            for definition in checks {
                let name = PostgresNames.checkName(table: table.name, column: column, taken: taken)
                taken.insert(name)
                namesByColumn[column, default: []].append(name)
                let expression = PostgresLexer.replacingWord("VALUE", in: CatalogIntrospector.checkExpression(definition), with: PostgresNames.quoteIdentifier(column))
                table.checks.append(CheckConstraint(name: name, expression: expression))
            }
        }
        for pending in pendingReports[tableOID] ?? [] {
            var notes = pending.notes
            if let names = namesByColumn[pending.column] {
                notes.append(names.count == 1 ? "its check kept as \(names[0])" : "its checks kept as \(names.joined(separator: ", "))")
            }
            reportsWithNames.append(IntrospectionReport.Entry(
                "domain", pending.domain, "mapped to \(pending.base) on \(table.name).\(pending.column)" + notes.map { ", " + $0 }.joined()))
        }
        return table
    }

    /// The moved-domain lines, then domains no column uses.
    func finalReport() -> [IntrospectionReport.Entry] {
        let unused = domains.values.map(\.name).filter { !usedNames.contains($0) }.sorted()
        return reportsWithNames.sorted { ($0.name, $0.reason) < ($1.name, $1.reason) }
            + unused.map { IntrospectionReport.Entry("domain", $0, "not used by any column; domains are not managed by Tusk (columns get their base type)") }
    }
}
