import TuskSchema

/// One column that an expand/contract pair moves from its old form (name and type) to its new
/// one while old and new code both run. During the window the new column lives beside the old
/// one under `windowName` (its final name, or `<name>_tusk_new` when only the type changes), a
/// trigger keeps the two in step, and the contract drops the old side.
struct ExpandedColumn {
    /// The table, by its (unchanged) name.
    let table: Table
    /// The column as the database has it before the expand.
    let old: Column
    /// The column as schema.yaml declares it.
    let new: Column
    /// The new column's name between expand and contract.
    let windowName: String
    /// SQL computing the new value from the row being written (`NEW."old"`).
    let forward: String
    /// SQL computing the old value from the new one.
    let reverse: String
    /// Indexes, unique constraints and checks over the column, old and new.
    let objects: ExpandedColumnObjects

    init(table: Table, newTable: Table, old: Column, new: Column) throws(ExpandContractError) {
        self.table = table
        self.old = old
        self.new = new
        let windowName = old.name == new.name ? PostgresNames.makeObjectName(new.name, nil, label: "tusk_new") : new.name
        self.windowName = windowName
        objects = ExpandedColumnObjects(old: table, new: newTable, oldColumn: old.name, newColumn: new.name, windowName: windowName)
        let qualified = "\(table.name).\(new.name)"
        let fromOld = "NEW.\(SQLText.ident(old.name))", fromNew = "NEW.\(SQLText.ident(windowName))"
        if let using = new.usingExpression {
            forward = "(" + SQLRewrite.substitutingIdentifiers(in: using, Dictionary([(old.name, fromOld), (new.name, fromOld)], uniquingKeysWith: { a, _ in a })) + ")"
        } else if old.type == new.type {
            forward = fromOld
        } else if Self.hasCast(from: old.type, to: new.type) {
            forward = "CAST(\(fromOld) AS \(SQLText.type(new.type)))"
        } else {
            throw .noConversion(column: qualified, from: old.type.sql, to: new.type.sql, key: "using")
        }
        if let back = new.reverseUsingExpression {
            reverse = "(" + SQLRewrite.substitutingIdentifiers(in: back, [new.name: fromNew]) + ")"
        } else if new.usingExpression != nil {
            // A declared conversion is not undone by a cast (`ms / 1000.0` back is `* 1000`).
            throw .noReverseConversion(column: qualified, from: new.type.sql, to: old.type.sql)
        } else if old.type == new.type {
            reverse = fromNew
        } else if Self.hasCast(from: new.type, to: old.type) {
            reverse = "CAST(\(fromNew) AS \(SQLText.type(old.type)))"
        } else {
            throw .noConversion(column: qualified, from: new.type.sql, to: old.type.sql, key: "reverse_using")
        }
    }

    var qualifiedOld: String { "\(table.name).\(old.name)" }
    var qualifiedWindow: String { "\(table.name).\(windowName)" }
    /// The trigger and its function share one name: `<table>_<window>_sync`.
    /// Made from the table's name inside its schema; the function lives in that schema.
    var syncName: String { PostgresNames.makeObjectName(QualifiedName.local(table.name), windowName, label: "sync") }
    /// The `CHECK (... IS NOT NULL)` that stands for NOT NULL until the contract (as `--online` names it).
    var notNullCheck: String { PostgresNames.makeObjectName(QualifiedName.local(table.name), windowName, label: "not_null") }
    var needsNotNullCheck: Bool { !new.isNullable }

    /// The new column as expand adds it: nullable (filled by the trigger and the backfill), no
    /// default (a default would hide which side a write named), under its window name.
    var windowColumn: Column {
        var column = new
        column.name = windowName
        column.isNullable = true
        column.defaultValue = nil
        column.comment = nil
        return column
    }

    /// The old column as contract's down adds it back: nullable and without default until the
    /// backfill has filled it.
    var restoredOldColumn: Column {
        var column = old
        column.isNullable = true
        column.defaultValue = nil
        column.comment = nil
        return column
    }

    // MARK: SQL

    /// The trigger function. On INSERT the new column wins when it was written (it has no
    /// default during the window, so a value means a writer named it), else it is computed from
    /// the old one. On UPDATE the side whose value changed wins; an update that changes neither
    /// fills an empty side (that is how the backfills work: `SET col = col` on a batch of rows).
    var createFunction: String {
        let o = "NEW.\(SQLText.ident(old.name))", n = "NEW.\(SQLText.ident(windowName))"
        let was = (old: "OLD.\(SQLText.ident(old.name))", new: "OLD.\(SQLText.ident(windowName))")
        return """
            CREATE FUNCTION \(SQLText.name(syncName, besideTable: table.name))() RETURNS trigger LANGUAGE plpgsql AS $tusk$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF \(n) IS NULL THEN \(n) := \(forward); ELSE \(o) := \(reverse); END IF;
                ELSIF \(n) IS DISTINCT FROM \(was.new) THEN
                    \(o) := \(reverse);
                ELSIF \(o) IS DISTINCT FROM \(was.old) OR \(n) IS NULL THEN
                    \(n) := \(forward);
                ELSIF \(o) IS NULL THEN
                    \(o) := \(reverse);
                END IF;
                RETURN NEW;
            END
            $tusk$;
            """
    }

    var createTrigger: String {
        "CREATE TRIGGER \(SQLText.ident(syncName)) BEFORE INSERT OR UPDATE ON \(SQLText.name(table.name)) FOR EACH ROW EXECUTE FUNCTION \(SQLText.name(syncName, besideTable: table.name))();"
    }

    var dropTriggerAndFunction: [String] {
        ["DROP TRIGGER \(SQLText.ident(syncName)) ON \(SQLText.name(table.name));", "DROP FUNCTION \(SQLText.name(syncName, besideTable: table.name))();"]
    }

    var notNullClause: String {
        DDL.checkClause(CheckConstraint(name: notNullCheck, expression: "\(SQLText.ident(windowName)) IS NOT NULL"))
    }

    /// Rows whose old value is NULL while the new column is NOT NULL (validating fails on them).
    var nullRows: String? {
        guard old.isNullable && !new.isNullable else { return nil }
        let key = (table.primaryKey?.columns ?? []).map(SQLText.ident).joined(separator: ", ")
        return "SELECT \(key) FROM \(SQLText.name(table.name)) WHERE \(SQLText.ident(old.name)) IS NULL LIMIT \(OffendingRows.limit);"
    }

    // MARK: Casts

    /// Whether PostgreSQL has a cast between the types (explicit casts included): every type to
    /// and from text (I/O conversion), the numbers among themselves, dates and timestamps, json
    /// and jsonb, boolean and integer; arrays element by element.
    static func hasCast(from a: SQLType, to b: SQLType) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.array(let x), .array(let y)): return hasCast(from: x, to: y)
        case (.array, _), (_, .array): return isText(a) || isText(b)
        default: break
        }
        if isText(a) || isText(b) { return true }
        let families: [Set<String>] = [
            ["smallint", "integer", "bigint", "real", "double precision", "numeric"],
            ["date", "timestamp", "timestamptz"], ["json", "jsonb"], ["integer", "boolean"], ["time", "interval"],
        ]
        let x = family(a), y = family(b)
        return families.contains { $0.contains(x) && $0.contains(y) }
    }

    private static func isText(_ type: SQLType) -> Bool {
        switch type {
        case .text, .varchar, .char: true
        default: false
        }
    }

    private static func family(_ type: SQLType) -> String {
        if case .numeric = type { return "numeric" }
        return type.sql
    }
}
