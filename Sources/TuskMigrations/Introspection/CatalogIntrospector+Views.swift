import Foundation
import Tusk
import TuskSchema

/// Views and materialized views read back: the SELECT as the server prints it
/// (`pg_get_viewdef`), the columns with the types the server computed, a materialized view's
/// indexes. PostgreSQL keeps no NOT NULL for a view's columns, so every one reads back
/// nullable: the declaration is the contract there (`SchemaDrift` compares types only).
extension CatalogIntrospector {
    static let viewQuery = """
        SELECT c.oid::text, \(CatalogQueries.modelName("c.relnamespace", "c.relname")), c.relkind::text, pg_get_viewdef(c.oid), obj_description(c.oid, 'pg_class')
        FROM pg_class c
        WHERE \(CatalogQueries.isManaged("c.relnamespace")) AND c.relkind IN ('v', 'm') AND \(CatalogQueries.notFromExtension("pg_class", "c.oid"))
        ORDER BY 2
        """

    static let viewColumnQuery = """
        SELECT a.attrelid::text, a.attname::text, format_type(a.atttypid, a.atttypmod), col_description(a.attrelid, a.attnum)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE \(CatalogQueries.isManaged("c.relnamespace")) AND c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """

    /// Views by oid, in name order, with their columns; indexes are added by the caller.
    static func views(_ rows: [[String?]], columns: [[String?]], enumNames: [String: String]) -> [(oid: String, view: View)] {
        var views = rows.map { row in
            (oid: row[0]!, view: View(
                name: row[1]!, swiftName: SwiftNames.typeName(forTable: QualifiedName.local(row[1]!)), comment: row[4],
                sql: viewSQL(row[3] ?? ""), columns: [], isMaterialized: row[2] == "m"))
        }
        for row in columns {
            guard let at = views.firstIndex(where: { $0.oid == row[0]! }) else { continue }
            views[at].view.columns.append(TuskSchema.Column(
                name: row[1]!, swiftName: swiftPropertyName(row[1]!), type: columnType(row[2]!, enumNames: enumNames),
                isNullable: true, comment: row[3]))
        }
        return views
    }

    /// `pg_get_viewdef` starts with a space and ends with `;`: the SELECT alone.
    static func viewSQL(_ definition: String) -> String {
        var text = Substring(definition.trimmingCharacters(in: .whitespacesAndNewlines))
        while text.last == ";" { text = text.dropLast() }
        return String(text)
    }
}
