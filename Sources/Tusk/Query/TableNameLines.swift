/// The table names of a generated `writtenTables` that names many tables, one per line of a
/// multi-line string literal. A write to a table at the head of a long chain of foreign keys
/// can reach hundreds of tables; a set literal made each name its own piece of compiled code in
/// every such table (a tenth of a 200-table schema's object code), one literal is one string.
public func tableNames(lines: String) -> Set<String> {
    Set(lines.split(separator: "\n").map(String.init))
}
