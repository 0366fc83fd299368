/// Declarative partitioning (issue 15, item 2): each evolution's up, down and the catalog (the
/// partition key, every partition's bound) against a direct build, the rows kept.
extension Evolutions {
    static let logColumns = ["id: bigint", "at: date", "region: text"]
    static func logs(_ partitionBy: String, extra: String = "") -> String {
        table("logs", logColumns[0], logColumns[1], logColumns[2], extra: "primary_key: [id, at]\npartition_by: \(partitionBy)" + (extra.isEmpty ? "" : "\n" + extra))
    }
    static let twoYears = "{ range: at, partitions: { logs_2025: { from: \"2025-01-01\", to: \"2026-01-01\" }, logs_2026: { from: \"2026-01-01\", to: \"2027-01-01\" } } }"
    static let logRows = "INSERT INTO logs (id, at, region) VALUES (1, '2025-03-01', 'eu'), (2, '2026-06-01', 'us');"

    static let partitioning: [Evolution] = [
        Evolution(name: "create a range-partitioned table with declared partitions", before: schema(users),
                  after: schema(users, logs(twoYears)),
                  up: ["CREATE TABLE logs (", ") PARTITION BY RANGE (at);",
                       "CREATE TABLE logs_2025 PARTITION OF logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
                       "CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"]),
        Evolution(name: "create a list-partitioned table with a default partition", before: schema(users),
                  after: schema(users, table("sales", "id: bigint", "region: text", extra: """
                    primary_key: [id, region]
                    partition_by: { list: region, partitions: { sales_eu: { values: [de, fr] }, sales_rest: { default: true } } }
                    """)),
                  up: [") PARTITION BY LIST (region);", "CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('de', 'fr');",
                       "CREATE TABLE sales_rest PARTITION OF sales DEFAULT;"]),
        Evolution(name: "create a hash-partitioned table by modulus", before: schema(users),
                  after: schema(users, table("shards", "id: { type: bigint, primary_key: true }", extra: "partition_by: { hash: id, modulus: 3 }")),
                  up: [") PARTITION BY HASH (id);", "CREATE TABLE shards_p0 PARTITION OF shards FOR VALUES WITH (MODULUS 3, REMAINDER 0);",
                       "CREATE TABLE shards_p2 PARTITION OF shards FOR VALUES WITH (MODULUS 3, REMAINDER 2);"]),
        Evolution(name: "create a monthly table: its default partition made, the months left to the runtime", before: schema(users),
                  after: schema(users, logs("{ range: at, interval: month }", extra: "retention: { column: at, keep: 90 days }")),
                  up: [") PARTITION BY RANGE (at);", "CREATE TABLE logs_default PARTITION OF logs DEFAULT;"]),
        Evolution(name: "add a declared partition to a partitioned table with rows",
                  before: schema(logs("{ range: at, partitions: { logs_2025: { from: \"2025-01-01\", to: \"2026-01-01\" } } }")),
                  after: schema(logs(twoYears)),
                  up: ["CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"],
                  seed: "INSERT INTO logs (id, at, region) VALUES (1, '2025-03-01', 'eu');",
                  dataBefore: "SELECT id, region FROM logs ORDER BY id", dataAfter: "SELECT id, region FROM logs ORDER BY id"),
        Evolution(name: "drop a declared partition and its rows; down brings it back",
                  before: schema(logs(twoYears)),
                  after: schema(logs("{ range: at, partitions: { logs_2026: { from: \"2026-01-01\", to: \"2027-01-01\" } } }")),
                  up: ["DROP TABLE logs_2025;"], hazards: [.dropTable], seed: logRows),
        Evolution(name: "add a column to a partitioned table: its partitions get it too",
                  before: schema(logs(twoYears)),
                  after: schema(table("logs", logColumns[0], logColumns[1], logColumns[2], "level: { type: text, default: info }",
                                      extra: "primary_key: [id, at]\npartition_by: \(twoYears)")),
                  up: ["ALTER TABLE logs ADD COLUMN level text NOT NULL DEFAULT 'info'::text;"], seed: logRows,
                  dataBefore: "SELECT id, 'info' FROM logs ORDER BY id", dataAfter: "SELECT id, level FROM logs ORDER BY id"),
    ]
}
