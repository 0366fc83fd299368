import Tusk

extension SQL {
    /// The statement as text for users' snapshot tests, without a database: the SQL, then one
    /// line per parameter with its PostgreSQL type and value. The same query with the same values
    /// always gives the same text.
    ///
    /// ```swift
    /// let sql = try User.where { $0.email == "ann@example.com" }.limit(1).sql()
    /// #expect(sql.snapshot == """
    ///     SELECT "id", "email", ... FROM "public"."users" WHERE "email" = $1 LIMIT 1
    ///     -- $1 text: ann@example.com
    ///     """)
    /// ```
    public var snapshot: String {
        var lines = [text]
        for (index, binding) in bindings.enumerated() {
            lines.append("-- $\(index + 1) \(binding.type.name): \(Self.snapshotValue(binding.value))")
        }
        return lines.joined(separator: "\n")
    }

    /// A value's text; NULL for nil (Optional's own description would say `Optional(...)`).
    static func snapshotValue(_ value: any PostgresEncodable) -> String {
        if value.isPostgresNull { return "NULL" }
        let text = String(describing: value)
        if text.hasPrefix("Optional("), text.hasSuffix(")") { return String(text.dropFirst(9).dropLast()) }
        return text
    }
}
