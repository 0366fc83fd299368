import TuskSchema

/// One SQL statement per function, each ending in `;`. The planner composes these into steps;
/// nothing here decides order or safety.
public enum DDL {
    typealias S = SQLText

    // MARK: Extensions and enums

    static func createExtension(_ name: String) -> String { "CREATE EXTENSION IF NOT EXISTS \(S.ident(name));" }
    static func dropExtension(_ name: String) -> String { "DROP EXTENSION IF EXISTS \(S.ident(name));" }

    static func createEnum(_ e: EnumType) -> String {
        "CREATE TYPE \(S.name(e.name)) AS ENUM (\(e.valueNames.map(S.literal).joined(separator: ", ")));"
    }
    static func dropType(_ name: String) -> String { "DROP TYPE \(S.name(name));" }
    /// `RENAME TO` and, when the schema changes, `SET SCHEMA`: one or two statements.
    static func renameType(_ old: String, to new: String) -> [String] { move("TYPE", old, to: new) }

    /// `ALTER TYPE e ADD VALUE 'v' [BEFORE 'x' | AFTER 'y']`.
    static func addEnumValue(_ type: String, _ value: String, before: String?, after: String?) -> String {
        var sql = "ALTER TYPE \(S.name(type)) ADD VALUE \(S.literal(value))"
        if let before { sql += " BEFORE \(S.literal(before))" } else if let after { sql += " AFTER \(S.literal(after))" }
        return sql + ";"
    }
    static func renameEnumValue(_ type: String, _ old: String, to new: String) -> String {
        "ALTER TYPE \(S.name(type)) RENAME VALUE \(S.literal(old)) TO \(S.literal(new));"
    }

    // MARK: Sequences

    /// `CREATE SEQUENCE s AS type` with the parameters that differ from PostgreSQL's defaults.
    static func createSequence(_ sequence: SchemaSequence) -> String {
        let defaults = SchemaSequence(name: sequence.name, type: sequence.type, increment: sequence.increment)
        var sql = "CREATE SEQUENCE \(S.name(sequence.name)) AS \(sequence.type.sql)"
        if sequence.increment != 1 { sql += " INCREMENT BY \(sequence.increment)" }
        if sequence.minValue != defaults.minValue { sql += " MINVALUE \(sequence.minValue)" }
        if sequence.maxValue != defaults.maxValue { sql += " MAXVALUE \(sequence.maxValue)" }
        if sequence.start != sequence.defaultStart { sql += " START WITH \(sequence.start)" }
        if sequence.cache != 1 { sql += " CACHE \(sequence.cache)" }
        if sequence.cycle { sql += " CYCLE" }
        return sql + ";"
    }

    /// Every parameter, so the result does not depend on what the sequence had before.
    static func alterSequence(_ sequence: SchemaSequence) -> String {
        "ALTER SEQUENCE \(S.name(sequence.name)) AS \(sequence.type.sql) INCREMENT BY \(sequence.increment) MINVALUE \(sequence.minValue) "
            + "MAXVALUE \(sequence.maxValue) START WITH \(sequence.start) CACHE \(sequence.cache) \(sequence.cycle ? "CYCLE" : "NO CYCLE");"
    }

    static func ownSequence(_ name: String, by owner: SequenceOwner?) -> String {
        "ALTER SEQUENCE \(S.name(name)) OWNED BY \(owner.map { "\(S.name($0.table)).\(S.ident($0.column))" } ?? "NONE");"
    }

    /// `IF EXISTS`: a sequence owned by a dropped table or column is already gone.
    static func dropSequence(_ name: String, ifExists: Bool = false) -> String {
        "DROP SEQUENCE \(ifExists ? "IF EXISTS " : "")\(S.name(name));"
    }

    // MARK: Tables

    /// `CREATE TABLE` with columns, primary key, unique constraints, checks and the given
    /// foreign keys inline (the others are added later with `ALTER TABLE`).
    static func createTable(_ table: Table, foreignKeys: [ForeignKey]) -> String {
        var lines = table.columns.map { columnDefinition($0) }
        if let pk = table.primaryKey { lines.append(primaryKeyClause(pk)) }
        lines += table.uniqueConstraints.map(uniqueClause)
        lines += table.checks.map(checkClause)
        lines += foreignKeys.map(foreignKeyClause)
        return "CREATE TABLE \(S.name(table.name)) (\n" + lines.map { "    " + $0 }.joined(separator: ",\n") + "\n)" + partitionClause(table) + ";"
    }

    static func dropTable(_ name: String) -> String { "DROP TABLE \(S.name(name));" }
    /// `RENAME TO` and, when the table moves to another schema, `SET SCHEMA` (which moves its
    /// indexes, constraints and owned sequences with it): one or two statements.
    static func renameTable(_ old: String, to new: String) -> [String] { move("TABLE", old, to: new) }

    /// `ALTER <kind> old RENAME TO new` (in the old schema) then `SET SCHEMA`, each only when needed.
    static func move(_ kind: String, _ old: String, to new: String) -> [String] {
        let (from, to) = (QualifiedName(old), QualifiedName(new))
        var statements: [String] = []
        if from.name != to.name { statements.append("ALTER \(kind) \(S.name(old)) RENAME TO \(S.ident(to.name));") }
        if from.schema != to.schema {
            statements.append("ALTER \(kind) \(S.name(from.sibling(to.name).description)) SET SCHEMA \(S.ident(to.schema));")
        }
        return statements
    }

    /// `name type [GENERATED ... AS IDENTITY | GENERATED ALWAYS AS (...) STORED] [NOT NULL] [DEFAULT ...]`.
    static func columnDefinition(_ column: Column) -> String {
        var sql = "\(S.ident(column.name)) \(S.type(column.type))"
        if let identity = column.identity { sql += " " + identity.sql }
        if let generated = column.generated { sql += " GENERATED ALWAYS AS (\(generated.sql)) STORED" }
        if !column.isNullable { sql += " NOT NULL" }
        if let value = column.defaultValue { sql += " DEFAULT " + S.defaultExpression(value, type: column.type) }
        return sql
    }

    // MARK: Columns

    static func alterTable(_ table: String, _ action: String) -> String { "ALTER TABLE \(S.name(table)) \(action);" }
    static func alterColumn(_ table: String, _ column: String, _ action: String) -> String {
        alterTable(table, "ALTER COLUMN \(S.ident(column)) \(action)")
    }
    static func addColumn(_ table: String, _ column: Column) -> String { alterTable(table, "ADD COLUMN " + columnDefinition(column)) }
    static func dropColumn(_ table: String, _ column: String) -> String { alterTable(table, "DROP COLUMN \(S.ident(column))") }
    static func renameColumn(_ table: String, _ old: String, to new: String) -> String {
        alterTable(table, "RENAME COLUMN \(S.ident(old)) TO \(S.ident(new))")
    }
    static func setType(_ table: String, _ column: String, _ type: SQLType, using: String) -> String {
        alterColumn(table, column, "TYPE \(S.type(type)) USING \(using)")
    }
    static func setDefault(_ table: String, _ column: Column) -> String {
        guard let value = column.defaultValue else { return alterColumn(table, column.name, "DROP DEFAULT") }
        return alterColumn(table, column.name, "SET DEFAULT " + S.defaultExpression(value, type: column.type))
    }
    static func setNotNull(_ table: String, _ column: String, _ notNull: Bool) -> String {
        alterColumn(table, column, notNull ? "SET NOT NULL" : "DROP NOT NULL")
    }
    static func setIdentity(_ table: String, _ column: String, from old: IdentityGeneration?, to new: IdentityGeneration?) -> String {
        guard let new else { return alterColumn(table, column, "DROP IDENTITY") }
        if old == nil { return alterColumn(table, column, "ADD " + new.sql) }
        return alterColumn(table, column, new == .always ? "SET GENERATED ALWAYS" : "SET GENERATED BY DEFAULT")
    }
    /// `DROP EXPRESSION`: a generated column becomes a plain one, keeping its values.
    static func dropExpression(_ table: String, _ column: String) -> String { alterColumn(table, column, "DROP EXPRESSION") }
    static func renameSequence(_ old: String, to new: String) -> String { "ALTER SEQUENCE \(S.name(old)) RENAME TO \(S.ident(QualifiedName.local(new)));" }

    // MARK: Constraints

    static func primaryKeyClause(_ pk: PrimaryKey) -> String { "CONSTRAINT \(S.ident(pk.name)) PRIMARY KEY (\(S.idents(pk.columns)))" }
    static func uniqueClause(_ u: UniqueConstraint) -> String { "CONSTRAINT \(S.ident(u.name)) UNIQUE (\(S.idents(u.columns)))" }
    static func checkClause(_ c: CheckConstraint) -> String { "CONSTRAINT \(S.ident(c.name)) CHECK (\(c.expression))" }
    static func foreignKeyClause(_ fk: ForeignKey) -> String {
        var sql = "CONSTRAINT \(S.ident(fk.name)) FOREIGN KEY (\(S.idents(fk.columns))) REFERENCES \(S.name(fk.referencedTable)) (\(S.idents(fk.referencedColumns)))"
        if fk.onDelete != .noAction { sql += " ON DELETE " + fk.onDelete.sql }
        if fk.onUpdate != .noAction { sql += " ON UPDATE " + fk.onUpdate.sql }
        return sql
    }

    static func addConstraint(_ table: String, _ clause: String, notValid: Bool = false) -> String {
        alterTable(table, "ADD " + clause + (notValid ? " NOT VALID" : ""))
    }
    static func validateConstraint(_ table: String, _ name: String) -> String { alterTable(table, "VALIDATE CONSTRAINT \(S.ident(name))") }
    static func dropConstraint(_ table: String, _ name: String) -> String { alterTable(table, "DROP CONSTRAINT \(S.ident(name))") }
    static func renameConstraint(_ table: String, _ old: String, to new: String) -> String {
        alterTable(table, "RENAME CONSTRAINT \(S.ident(old)) TO \(S.ident(new))")
    }

    // MARK: Indexes

    static func createIndex(_ table: String, _ index: Index, concurrently: Bool = false) -> String {
        var sql = index.isUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX "
        if concurrently { sql += "CONCURRENTLY " }
        sql += "\(S.ident(index.name)) ON \(S.name(table))"
        if index.method != "btree" { sql += " USING \(index.method)" }
        let keys = index.columns.map { S.ident($0) + (index.opclass.map { " " + $0 } ?? "") }
        sql += " (\(keys.joined(separator: ", ")))"
        if let predicate = index.predicate { sql += " WHERE \(predicate)" }
        return sql + ";"
    }
    /// An index of `table` (named in its schema).
    static func dropIndex(_ name: String, of table: String, concurrently: Bool = false) -> String {
        "DROP INDEX \(concurrently ? "CONCURRENTLY " : "")\(S.name(name, besideTable: table));"
    }
    static func renameIndex(_ old: String, to new: String, of table: String) -> String {
        "ALTER INDEX \(S.name(old, besideTable: table)) RENAME TO \(S.ident(new));"
    }

    // MARK: Comments

    static func commentOnTable(_ table: String, _ comment: String?) -> String {
        "COMMENT ON TABLE \(S.name(table)) IS \(comment.map(S.literal) ?? "NULL");"
    }
    static func commentOnColumn(_ table: String, _ column: String, _ comment: String?) -> String {
        "COMMENT ON COLUMN \(S.name(table)).\(S.ident(column)) IS \(comment.map(S.literal) ?? "NULL");"
    }
    static func commentOnType(_ type: String, _ comment: String?) -> String {
        "COMMENT ON TYPE \(S.name(type)) IS \(comment.map(S.literal) ?? "NULL");"
    }
}
