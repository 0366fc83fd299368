/// Generated columns and tsvectors (issue 15, item 5): each evolution's up, down and the catalog
/// (attgenerated and the expression, the GIN index) against a direct build, the rows kept.
extension Evolutions {
    static let email = "email: text"
    static func domain(_ sql: String) -> String { "domain: { type: text, nullable: true, generated: { sql: \"\(sql)\" } }" }
    static let split = "split_part(email, '@', 2)"
    static let people = "INSERT INTO people (id, email) VALUES (1, 'ann@Example.com'), (2, 'bob@example.org');"
    static func search(_ sql: String) -> String { "search: { type: tsvector, generated: { sql: \"\(sql)\" } }" }
    static let titleVector = "to_tsvector('english', title)"
    static let ginSearch = "indexes:\n  - { columns: [search], using: gin }"
    static let articles = "INSERT INTO articles (id, title, body) VALUES (1, 'Rats and cats', 'A fat cat'), (2, 'Dogs', 'Sat on mats');"

    static let generatedColumns: [Evolution] = [
        Evolution(name: "create a table with a generated column", before: schema(users),
                  after: schema(users, table("people", id, email, domain(split))),
                  up: ["CREATE TABLE people (", "    domain text GENERATED ALWAYS AS (split_part(email, '@', 2)) STORED"]),
        Evolution(name: "add a generated column to a table with rows: computed for each",
                  before: schema(table("people", id, email)), after: schema(table("people", id, email, domain(split))),
                  up: ["ALTER TABLE people ADD COLUMN domain text GENERATED ALWAYS AS (split_part(email, '@', 2)) STORED;"],
                  hazards: [.generatedColumnRewrite], seed: people,
                  dataBefore: "SELECT id, split_part(email, '@', 2) FROM people ORDER BY id", dataAfter: "SELECT id, domain FROM people ORDER BY id"),
        Evolution(name: "change a generated column's expression: dropped and added, its index made again",
                  before: schema(table("people", id, email, domain(split), extra: "indexes:\n  - { columns: [domain] }")),
                  after: schema(table("people", id, email, domain("lower(split_part(email, '@', 2))"), extra: "indexes:\n  - { columns: [domain] }")),
                  up: ["DROP INDEX people_domain_idx;", "ALTER TABLE people DROP COLUMN domain;",
                       "ALTER TABLE people ADD COLUMN domain text GENERATED ALWAYS AS (lower(split_part(email, '@', 2))) STORED;",
                       "CREATE INDEX people_domain_idx ON people (domain);"],
                  hazards: [.generatedColumnRewrite, .indexNotConcurrent], seed: people,
                  dataBefore: "SELECT id, lower(split_part(email, '@', 2)) FROM people ORDER BY id", dataAfter: "SELECT id, domain FROM people ORDER BY id"),
        Evolution(name: "make a plain column generated: its values replaced by the expression's",
                  before: schema(table("people", id, email, "domain: text?")), after: schema(table("people", id, email, domain(split))),
                  up: ["ALTER TABLE people DROP COLUMN domain;",
                       "ALTER TABLE people ADD COLUMN domain text GENERATED ALWAYS AS (split_part(email, '@', 2)) STORED;"],
                  hazards: [.dropColumn, .generatedColumnRewrite]),
        Evolution(name: "make a generated column plain: the values kept",
                  before: schema(table("people", id, email, domain(split))), after: schema(table("people", id, email, "domain: text?")),
                  up: ["ALTER TABLE people ALTER COLUMN domain DROP EXPRESSION;"], seed: people,
                  dataBefore: "SELECT id, split_part(email, '@', 2) FROM people ORDER BY id", dataAfter: "SELECT id, domain FROM people ORDER BY id"),
        Evolution(name: "make a generated column plain and NOT NULL",
                  before: schema(table("people", id, email, domain(split))),
                  after: schema(table("people", id, email, "domain: { type: text, default: '' }")),
                  up: ["ALTER TABLE people ALTER COLUMN domain DROP EXPRESSION;", "ALTER TABLE people ALTER COLUMN domain SET DEFAULT ''::text;",
                       "ALTER TABLE people ALTER COLUMN domain SET NOT NULL;"],
                  hazards: [.setNotNull], seed: people),
        Evolution(name: "add a searchable tsvector with its GIN index",
                  before: schema(table("articles", id, "title: text", "body: text")),
                  after: schema(table("articles", id, "title: text", "body: text", search("to_tsvector('english', title || ' ' || body)"), extra: ginSearch)),
                  up: ["ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || body)) STORED NOT NULL;",
                       "CREATE INDEX articles_search_idx ON articles USING gin (search);"],
                  hazards: [.generatedColumnRewrite, .indexNotConcurrent], seed: articles,
                  dataBefore: "SELECT id FROM articles WHERE to_tsvector('english', title || ' ' || body) @@ websearch_to_tsquery('english', 'cats') ORDER BY id",
                  dataAfter: "SELECT id FROM articles WHERE search @@ websearch_to_tsquery('english', 'cats') ORDER BY id"),
        Evolution(name: "change what a tsvector covers: its GIN index made again",
                  before: schema(table("articles", id, "title: text", "body: text", search(titleVector), extra: ginSearch)),
                  after: schema(table("articles", id, "title: text", "body: text", search("to_tsvector('english', body)"), extra: ginSearch)),
                  up: ["DROP INDEX articles_search_idx;", "ALTER TABLE articles DROP COLUMN search;",
                       "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED NOT NULL;",
                       "CREATE INDEX articles_search_idx ON articles USING gin (search);"],
                  hazards: [.generatedColumnRewrite, .indexNotConcurrent], seed: articles),
        Evolution(name: "create a table with a tsvector a trigger fills (nullable) and its index",
                  before: schema(users), after: schema(users, table("articles", id, "title: text", "search: tsvector?", extra: ginSearch)),
                  up: ["CREATE TABLE articles (", "    search tsvector,", "CREATE INDEX articles_search_idx ON articles USING gin (search);"]),
        Evolution(name: "drop a generated column with its index; down brings both back",
                  before: schema(table("articles", id, "title: text", search(titleVector), extra: ginSearch)),
                  after: schema(table("articles", id, "title: text")),
                  up: ["DROP INDEX articles_search_idx;", "ALTER TABLE articles DROP COLUMN search;"], hazards: [.dropColumn, .indexNotConcurrent]),
    ]
}
