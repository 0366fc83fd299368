/// Row-level security and policies (issue 15, item 3): each evolution's up, down and the
/// catalog (relrowsecurity, relforcerowsecurity, pg_policy) against a direct build.
extension Evolutions {
    static let owned = "owner_id: { type: integer, default: 0 }"
    static func rls(_ body: String) -> String { "row_level_security:\n" + body.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n") }
    static let mine = "policies:\n  mine: { using: \"owner_id = current_setting('app.user', true)::int\" }"

    static let rowSecurity: [Evolution] = [
        Evolution(name: "enable row level security", before: schema(table("notes", id, owned)),
                  after: schema(table("notes", id, owned, extra: "row_level_security: true")),
                  up: ["ALTER TABLE notes ENABLE ROW LEVEL SECURITY;"], hazards: [.rowSecurityHidesRows]),
        Evolution(name: "create a table with row level security and a policy", before: schema(users),
                  after: schema(users, table("notes", id, owned, extra: rls(mine))),
                  up: ["CREATE TABLE notes (", "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;",
                       "CREATE POLICY mine ON notes FOR ALL TO public USING (owner_id = current_setting('app.user', true)::int);"]),
        Evolution(name: "add policies of every command to a table with row level security",
                  before: schema(table("notes", id, owned, extra: "row_level_security: true")),
                  after: schema(table("notes", id, owned, extra: rls("""
                    policies:
                      reading: { command: select, using: "owner_id > 0" }
                      writing: { command: insert, roles: [current_user], with_check: "owner_id > 0" }
                      editing: { command: update, using: "owner_id > 0", with_check: "owner_id > 0" }
                      removing: { command: delete, permissive: false, using: "owner_id <> 1" }
                    """))),
                  up: ["CREATE POLICY editing ON notes FOR UPDATE TO public USING (owner_id > 0) WITH CHECK (owner_id > 0);",
                       "CREATE POLICY reading ON notes FOR SELECT TO public USING (owner_id > 0);",
                       "CREATE POLICY removing ON notes AS RESTRICTIVE FOR DELETE TO public USING (owner_id <> 1);",
                       "CREATE POLICY writing ON notes FOR INSERT TO current_user WITH CHECK (owner_id > 0);"]),
        Evolution(name: "change a policy's expression: dropped and created again",
                  before: schema(table("notes", id, owned, extra: rls(mine))),
                  after: schema(table("notes", id, owned, extra: rls("policies:\n  mine: { using: \"owner_id >= 0\" }"))),
                  up: ["DROP POLICY mine ON notes;", "CREATE POLICY mine ON notes FOR ALL TO public USING (owner_id >= 0);"]),
        Evolution(name: "change a policy's command and make it restrictive",
                  before: schema(table("notes", id, owned, extra: rls(mine))),
                  after: schema(table("notes", id, owned, extra: rls("policies:\n  mine: { command: select, permissive: false, using: \"owner_id = current_setting('app.user', true)::int\" }"))),
                  up: ["DROP POLICY mine ON notes;",
                       "CREATE POLICY mine ON notes AS RESTRICTIVE FOR SELECT TO public USING (owner_id = current_setting('app.user', true)::int);"]),
        Evolution(name: "force row level security on the owner",
                  before: schema(table("notes", id, owned, extra: rls(mine))),
                  after: schema(table("notes", id, owned, extra: rls("force: true\n" + mine))),
                  up: ["ALTER TABLE notes FORCE ROW LEVEL SECURITY;"], hazards: [.rowSecurityHidesRows]),
        Evolution(name: "turn row level security off, its policies dropped",
                  before: schema(table("notes", id, owned, extra: rls("force: true\n" + mine))),
                  after: schema(table("notes", id, owned)),
                  up: ["DROP POLICY mine ON notes;", "ALTER TABLE notes DISABLE ROW LEVEL SECURITY;", "ALTER TABLE notes NO FORCE ROW LEVEL SECURITY;"]),
        Evolution(name: "drop a table with policies; down brings them back",
                  before: schema(users, table("notes", id, owned, extra: rls("force: true\n" + mine))),
                  after: schema(users),
                  up: ["DROP TABLE notes;"], hazards: [.dropTable]),
        Evolution(name: "drop a column a changed policy read",
                  before: schema(table("notes", id, owned, "shared: { type: boolean, default: false }",
                                       extra: rls("policies:\n  mine: { using: \"shared OR owner_id = 0\" }"))),
                  after: schema(table("notes", id, owned, extra: rls("policies:\n  mine: { using: \"owner_id = 0\" }"))),
                  up: ["DROP POLICY mine ON notes;", "ALTER TABLE notes DROP COLUMN shared;", "CREATE POLICY mine ON notes FOR ALL TO public USING (owner_id = 0);"],
                  hazards: [.dropColumn]),
        Evolution(name: "rename a table with a policy: the policy stays",
                  before: schema(table("notes", id, owned, extra: rls(mine))),
                  after: schema(table("memos", id, owned, extra: "renamed_from: notes\n" + rls(mine))),
                  up: ["ALTER TABLE notes RENAME TO memos;"], hazards: [.renameBreaksClients],
                  seed: "INSERT INTO notes (id) VALUES (1), (2);",
                  dataBefore: "SELECT id FROM notes ORDER BY id", dataAfter: "SELECT id FROM memos ORDER BY id"),
    ]
}
