/// Views and materialized views (issue 15, item 1): each evolution's up, down and the catalog
/// (pg_get_viewdef, the view's columns and types, a materialized view's indexes) against a
/// direct build; where rows are seeded, reading the view gives the same rows after.
extension Evolutions {
    static let messages = table("messages", id, "user_id: integer", "tokens: integer")
    static let seededMessages = "INSERT INTO messages VALUES (1, 7, 10), (2, 7, 5), (3, 8, 1);"
    /// The rows, and the materialized view refreshed over them (it was built on an empty table).
    static let seededStats = seededMessages + " REFRESH MATERIALIZED VIEW stats;"

    /// `views:` with one entry per argument (each a name line and its indented body).
    static func views(_ entries: String...) -> String {
        "views:\n" + entries.joined(separator: "\n").split(separator: "\n").map { "  \($0)\n" }.joined()
    }

    static let totals = "totals:\n  sql: SELECT user_id, count(*) AS n FROM messages GROUP BY user_id\n  columns: { user_id: integer, n: bigint }"
    static let stats = """
        stats:
          materialized: true
          sql: SELECT user_id, sum(tokens) AS spent FROM messages GROUP BY user_id
          columns: { user_id: integer, spent: bigint }
          indexes: [{ columns: [user_id], unique: true }]
        """

    static let viewEvolutions: [Evolution] = [
        Evolution(name: "create a view", before: schema(messages), after: schema(messages) + views(totals),
                  up: ["CREATE VIEW totals (user_id, n) AS\nSELECT user_id, count(*) AS n FROM messages GROUP BY user_id;"]),
        Evolution(name: "drop a view", before: schema(messages) + views(totals), after: schema(messages),
                  up: ["DROP VIEW totals;"]),
        Evolution(name: "change a view's SQL, same columns: replaced in place",
                  before: schema(messages) + views(totals),
                  after: schema(messages) + views("totals:\n  sql: SELECT user_id, count(*) AS n FROM messages WHERE tokens > 0 GROUP BY user_id\n  columns: { user_id: integer, n: bigint }"),
                  up: ["CREATE OR REPLACE VIEW totals (user_id, n) AS\nSELECT user_id, count(*) AS n FROM messages WHERE tokens > 0 GROUP BY user_id;"]),
        Evolution(name: "append a column to a view: replaced in place",
                  before: schema(messages) + views(totals),
                  after: schema(messages) + views("totals:\n  sql: SELECT user_id, count(*) AS n, max(tokens) AS most FROM messages GROUP BY user_id\n  columns: { user_id: integer, n: bigint, most: integer? }"),
                  up: ["CREATE OR REPLACE VIEW totals (user_id, n, most) AS"]),
        Evolution(name: "take a column out of a view: dropped and created again",
                  before: schema(messages) + views(totals),
                  after: schema(messages) + views("totals:\n  sql: SELECT DISTINCT user_id FROM messages\n  columns: { user_id: integer }"),
                  up: ["DROP VIEW totals;", "CREATE VIEW totals (user_id) AS"]),
        Evolution(name: "create a materialized view with a unique index, filled at once",
                  before: schema(messages), after: schema(messages) + views(stats),
                  up: ["CREATE MATERIALIZED VIEW stats (user_id, spent) AS", "WITH DATA;", "CREATE UNIQUE INDEX stats_user_id_idx ON stats (user_id);"],
                  seed: seededMessages),
        Evolution(name: "add and drop indexes of a materialized view",
                  before: schema(messages) + views(stats + "\n  comment: Tokens spent"),
                  after: schema(messages) + views(stats.replacingOccurrences(of: "[{ columns: [user_id], unique: true }]", with: "[{ columns: [spent] }]")),
                  up: ["DROP INDEX stats_user_id_idx;", "CREATE INDEX stats_spent_idx ON stats (spent);", "COMMENT ON MATERIALIZED VIEW stats IS NULL;"],
                  seed: seededMessages),
        Evolution(name: "change a materialized view's SQL: dropped and created with its indexes",
                  before: schema(messages) + views(stats),
                  after: schema(messages) + views(stats.replacingOccurrences(of: "sum(tokens)", with: "sum(tokens * 2)")),
                  up: ["DROP MATERIALIZED VIEW stats;", "CREATE MATERIALIZED VIEW stats (user_id, spent) AS", "CREATE UNIQUE INDEX stats_user_id_idx ON stats (user_id);"],
                  seed: seededStats, dataBefore: "SELECT user_id FROM stats ORDER BY 1", dataAfter: "SELECT user_id FROM stats ORDER BY 1"),
        Evolution(name: "retype a column a view reads: the view is dropped first, created after",
                  before: schema(messages) + views(stats),
                  after: schema(table("messages", id, "user_id: integer", "tokens: bigint")) + views(stats.replacingOccurrences(of: "spent: bigint", with: "spent: numeric")),
                  up: ["DROP MATERIALIZED VIEW stats;", "ALTER TABLE messages ALTER COLUMN tokens TYPE bigint USING tokens::bigint;",
                       "CREATE MATERIALIZED VIEW stats (user_id, spent) AS"],
                  hazards: [.typeChangeRewrite], seed: seededStats,
                  dataBefore: "SELECT user_id, spent::text FROM stats ORDER BY 1", dataAfter: "SELECT user_id, spent::text FROM stats ORDER BY 1"),
        Evolution(name: "views on views: a dropped column rebuilds both, dependents dropped first and created last",
                  before: schema(table("messages", id, "user_id: integer", "tokens: integer", "spare: text?"))
                      + views(totals, "busy:\n  sql: SELECT user_id FROM totals WHERE n > 1\n  columns: { user_id: integer }"),
                  after: schema(messages) + views(totals, "busy:\n  sql: SELECT user_id FROM totals WHERE n > 1\n  columns: { user_id: integer }"),
                  up: ["DROP VIEW busy;", "DROP VIEW totals;", "ALTER TABLE messages DROP COLUMN spare;", "CREATE VIEW totals (user_id, n) AS", "CREATE VIEW busy (user_id) AS"],
                  hazards: [.dropColumn], seed: "INSERT INTO messages VALUES (1, 7, 10, 'x'), (2, 7, 5, NULL);",
                  dataBefore: "SELECT user_id FROM busy", dataAfter: "SELECT user_id FROM busy"),
        Evolution(name: "rename a table a view reads: the view is rebuilt over the new name",
                  before: schema(messages) + views(totals),
                  after: schema(table("posts", id, "user_id: integer", "tokens: integer", extra: "renamed_from: messages"))
                      + views("totals:\n  sql: SELECT user_id, count(*) AS n FROM posts GROUP BY user_id\n  columns: { user_id: integer, n: bigint }"),
                  up: ["DROP VIEW totals;", "ALTER TABLE messages RENAME TO posts;", "CREATE VIEW totals (user_id, n) AS\nSELECT user_id, count(*) AS n FROM posts GROUP BY user_id;"],
                  hazards: [.renameBreaksClients], seed: seededMessages,
                  dataBefore: "SELECT user_id, n FROM totals ORDER BY 1", dataAfter: "SELECT user_id, n FROM totals ORDER BY 1"),
        Evolution(name: "rename a column a view reads and comment the view",
                  before: schema(messages) + views(stats),
                  after: schema(table("messages", id, "user_id: integer", "cost: { type: integer, renamed_from: tokens }"))
                      + views(stats.replacingOccurrences(of: "sum(tokens)", with: "sum(cost)") + "\n  comment: Tokens spent"),
                  up: ["DROP MATERIALIZED VIEW stats;", "ALTER TABLE messages RENAME COLUMN tokens TO cost;",
                       "CREATE MATERIALIZED VIEW stats (user_id, spent) AS", "COMMENT ON MATERIALIZED VIEW stats IS 'Tokens spent';"],
                  hazards: [.renameBreaksClients], seed: seededStats,
                  dataBefore: "SELECT user_id, spent FROM stats ORDER BY 1", dataAfter: "SELECT user_id, spent FROM stats ORDER BY 1"),
        Evolution(name: "append a column to a view another view reads: replaced in place, the reader rebuilt around it",
                  before: schema(messages) + views(totals, "busy:\n  sql: SELECT user_id FROM totals WHERE n > 1\n  columns: { user_id: integer }"),
                  after: schema(messages) + views(
                      "totals:\n  sql: SELECT user_id, count(*) AS n, sum(tokens) AS spent FROM messages GROUP BY user_id\n  columns: { user_id: integer, n: bigint, spent: bigint? }",
                      "busy:\n  sql: SELECT user_id FROM totals WHERE n > 1\n  columns: { user_id: integer }"),
                  up: ["DROP VIEW busy;", "CREATE OR REPLACE VIEW totals (user_id, n, spent) AS", "CREATE VIEW busy (user_id) AS"]),
        Evolution(name: "add a value to an enum a view returns: the view is rebuilt (the down migration swaps the type)",
                  before: schema(enums: "role: [user, assistant]", table("notes", id, "role: role"))
                      + views("note_roles:\n  sql: SELECT DISTINCT role FROM notes\n  columns: { role: role }"),
                  after: schema(enums: "role: [user, assistant, system]", table("notes", id, "role: role"))
                      + views("note_roles:\n  sql: SELECT DISTINCT role FROM notes\n  columns: { role: role }"),
                  up: ["DROP VIEW note_roles;", "ALTER TYPE role ADD VALUE 'system' AFTER 'assistant';", "CREATE VIEW note_roles (role) AS"],
                  seed: "INSERT INTO notes VALUES (1, 'user');", dataBefore: "SELECT role::text FROM note_roles", dataAfter: "SELECT role::text FROM note_roles"),
    ]
}
