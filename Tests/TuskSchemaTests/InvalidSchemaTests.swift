import Foundation
import Testing
@testable import TuskSchema

/// Every file under Fixtures/invalid is a schema with mistakes; each must produce exactly these
/// diagnostics (all of them, in reading order, at these places, with these words).
@Suite struct InvalidSchemaTests {
    static let expected: [String: [String]] = [
        "lint-unknown-code.yaml": [
            #"lint-unknown-code.yaml:1:18: error: unknown lint code 'TL02' in 'ignore' of the top-level 'lint'; did you mean 'TL002'? (known: TL001, TL002, TL003, TL004)"#,
            #"lint-unknown-code.yaml:4:29: error: unknown lint code 'TK203' in 'ignore' of 'lint' of table 'notes'; did you mean 'TL003'? (known: TL001, TL002, TL003, TL004)"#,
            #"lint-unknown-code.yaml:4:37: error: unknown key 'skip' in 'lint' of table 'notes' (allowed: ignore)"#,
        ],
        "migration-settings.yaml": [
            #"migration-settings.yaml:2:17: error: 'migrations.lock_timeout' must be a whole number and a unit (ms, s, min, h, d), e.g. 5s, found '5'"#,
            #"migration-settings.yaml:3:22: error: 'migrations.statement_timeout' must be more than zero: PostgreSQL reads 0 as no timeout at all (the default is 15min)"#,
            #"migration-settings.yaml:4:3: error: unknown key 'lock_timout' in 'migrations'; did you mean 'lock_timeout'? (allowed: lock_timeout, statement_timeout)"#,
        ],
        "migration-settings-too-long.yaml": [
            #"migration-settings-too-long.yaml:1:29: error: 'migrations.lock_timeout' is longer than PostgreSQL allows (2147483647 ms, about 24 days), found '30d'"#,
            #"migration-settings-too-long.yaml:1:53: error: 'migrations.statement_timeout' must be a whole number and a unit (ms, s, min, h, d), e.g. 15min, found '5 minutes'"#,
        ],
        "opaque-type.yaml": [
            #"opaque-type.yaml:6:29: error: column 'documents.count': 'integer' is a type Tusk maps; write 'type: integer' instead of the sql form"#,
            #"opaque-type.yaml:7:22: error: 'type' of column 'documents.other' as a mapping needs 'sql' (e.g. type: { sql: int4range }) for a type Tusk does not map"#,
            #"opaque-type.yaml:7:24: error: unknown key 'sequel' in 'type' of column 'documents.other' (allowed: sql)"#,
            #"opaque-type.yaml:8:29: error: 'type: { sql }' of column 'documents.blank' is empty; write an SQL expression"#,
        ],
        // Named PostgreSQL schemas: reserved and invalid schema names, a key with two dots, the
        // same name twice in one schema (also `public.users` beside `users`), and references to a
        // table missing from the schema they name.
        "schemas.yaml": [
            #"schemas.yaml:3:3: error: schema 'pg_catalog' of enum 'pg_catalog.mood' is reserved for PostgreSQL's own objects (pg_*, information_schema); choose another schema name"#,
            #"schemas.yaml:9:3: error: duplicate table 'billing.invoices' (schema 'billing') in 'tables'; it is already defined at line 5"#,
            #"schemas.yaml:15:3: error: duplicate table 'users' in 'tables'; it is already defined at line 12"#,
            #"schemas.yaml:18:3: error: schema name 'Billing' of table 'Billing.items' must be a plain identifier: lower-case letters, digits and '_', not starting with a digit, and not a reserved word"#,
            #"schemas.yaml:21:3: error: schema 'information_schema' of table 'information_schema.things' is reserved for PostgreSQL's own objects (pg_*, information_schema); choose another schema name"#,
            #"schemas.yaml:24:3: error: table name 'a.b.c' must be 'name' or 'schema.name' (one '.', between the schema and the name)"#,
            #"schemas.yaml:30:47: error: 'references' of column 'payments.invoice_id' names table 'invoices', which does not exist in schema 'public'; a table of that name is in another schema: write 'billing.invoices' (an unqualified name means schema 'public')"#,
            #"schemas.yaml:31:45: error: 'references' of column 'payments.order_id' names table 'billing.orders', which does not exist in schema 'billing' (tables: billing.invoices)"#,
        ],
        "sequences.yaml": [
            #"sequences.yaml:2:27: error: 'increment' of sequence 'zero_step' must not be zero"#,
            #"sequences.yaml:3:40: error: 'start' of sequence 'late_start' is 40000, outside the range of smallint (-32768 to 32767)"#,
            #"sequences.yaml:4:21: error: sequence 'bad_range' has min 10 and max 5; min must be less than max"#,
            #"sequences.yaml:5:21: error: 'start' of sequence 'outside' is 0, outside its range 1 to 9223372036854775807"#,
            #"sequences.yaml:6:24: error: 'cache' of sequence 'tiny_cache' must be at least 1, found 0"#,
            #"sequences.yaml:7:11: error: unknown key 'incremnt' in sequence 'typo'; did you mean 'increment'? (allowed: type, start, increment, min, max, cache, cycle, owned_by)"#,
            #"sequences.yaml:8:3: error: sequence 'orders' has the name of a table; tables and sequences share one namespace in PostgreSQL, so choose another name"#,
            #"sequences.yaml:9:26: error: 'owned_by' of sequence 'bad_owner' names table 'nowhere', which is not declared"#,
            #"sequences.yaml:10:27: error: 'owned_by' of sequence 'bad_column' names column 'orders.nope', which is not declared"#,
            #"sequences.yaml:11:25: error: 'owned_by' of sequence 'bad_form' must be table.column, found 'orders'"#,
            #"sequences.yaml:12:23: error: 'type' of sequence 'wrong_type' must be 'smallint', 'integer' or 'bigint', found 'numeric'"#,
        ],
        "distribution-colocation-loop.yaml": [
            #"distribution-colocation-loop.yaml:3:48: error: 'colocate_with' of table 'accounts' names 'projects', whose 'colocate_with' leads back to 'accounts'; Citus needs the target distributed first, so one table of the loop must leave out 'colocate_with'"#,
            #"distribution-colocation-loop.yaml:7:48: error: 'colocate_with' of table 'projects' names 'accounts', whose 'colocate_with' leads back to 'projects'; Citus needs the target distributed first, so one table of the loop must leave out 'colocate_with'"#,
        ],
        "distribution-foreign-key-not-colocated.yaml": [
            #"distribution-foreign-key-not-colocated.yaml:10:47: error: 'references' of column 'events.account_id': distributed tables 'events' (by id, uuid) and 'accounts' (by id, bigint) are not colocated, and Citus only allows foreign keys between colocated tables; distribute both by columns of the same type"#,
            #"distribution-foreign-key-not-colocated.yaml:27:45: error: 'references' of column 'todos.owner_id': a foreign key between distributed tables must include the distribution columns, 'todos.account_id' referencing 'accounts.id', so each row and its parent share a shard; use a composite key (foreign_keys: [{ columns: [account_id, ...], references: { table: accounts, columns: [id, ...] } }])"#,
        ],
        "distribution-key-without-column.yaml": [
            #"distribution-key-without-column.yaml:8:5: error: primary key (id) of table 'projects' lacks the distribution column; Citus enforces uniqueness per shard, so every primary key and unique constraint of a distributed table must include its distribution column 'account_id'"#,
            #"distribution-key-without-column.yaml:9:14: error: unique constraint (name) of table 'projects' lacks the distribution column; Citus enforces uniqueness per shard, so every primary key and unique constraint of a distributed table must include its distribution column 'account_id'"#,
            #"distribution-key-without-column.yaml:11:9: error: unique index (slug) of table 'projects' lacks the distribution column; Citus enforces uniqueness per shard, so every primary key and unique constraint of a distributed table must include its distribution column 'account_id'"#,
        ],
        "distribution-malformed.yaml": [
            #"distribution-malformed.yaml:3:19: error: 'distribution' of table 'accounts' must be 'reference' or a mapping { column: c, colocate_with: t }, found 'referense'; did you mean 'reference'?"#,
            #"distribution-malformed.yaml:7:19: error: 'distribution' of table 'projects' needs 'column', the distribution column (e.g. { column: tenant_id }), or 'distribution: reference' for a reference table"#,
            #"distribution-malformed.yaml:7:21: error: unknown key 'colocate' in 'distribution' of table 'projects' (allowed: column, colocate_with)"#,
            #"distribution-malformed.yaml:11:29: error: 'column' of 'distribution' of table 'todos' names column 'owner', which the table does not have"#,
            #"distribution-malformed.yaml:15:48: error: 'colocate_with' of table 'notes' names 'accounts', which is a plain table; Citus colocates only with a distributed table (give 'accounts' 'distribution: { column: ... }')"#,
            #"distribution-malformed.yaml:19:48: error: 'colocate_with' of table 'items': its distribution column 'id' is text but 'events.id' is bigint; Citus colocates only tables whose distribution columns have the same type"#,
            #"distribution-malformed.yaml:23:48: error: 'colocate_with' of table 'events' names table 'item', which does not exist; did you mean 'items'?"#,
            #"distribution-malformed.yaml:26:45: error: 'references' of column 'events.note_id': a foreign key between distributed tables must include the distribution columns, 'events.id' referencing 'notes.id', so each row and its parent share a shard; use a composite key (foreign_keys: [{ columns: [id, ...], references: { table: notes, columns: [id, ...] } }])"#,
        ],
        "distribution-reference-to-distributed.yaml": [
            #"distribution-reference-to-distributed.yaml:10:45: error: 'references' of column 'plans.owner_id': reference table 'plans' references distributed table 'accounts', which Citus refuses (a reference table is copied to every node, the referenced rows are not); make 'plans' distributed or drop the key"#,
            #"distribution-reference-to-distributed.yaml:14:47: error: 'references' of column 'audit.account_id': plain table 'audit' references distributed table 'accounts', which Citus refuses; distribute 'audit' too, by the column that references the distribution column"#,
            #"distribution-reference-to-distributed.yaml:21:45: error: 'references' of column 'labels.audit_id': distributed table 'labels' references plain table 'audit', which Citus refuses; declare 'distribution: reference' on 'audit'"#,
        ],
        "distribution-tenant-mismatch.yaml": [
            #"distribution-tenant-mismatch.yaml:4:29: error: table 'projects' has 'tenant: account_id' but is distributed by 'id'; distribute a tenant table by its tenant column so each tenant's rows live on one node"#,
        ],
        "generated-columns.yaml": [
            #"generated-columns.yaml:6:88: error: column 'people.domain': PostgreSQL 15 and 16 have stored generated columns only; write 'stored: true' or leave 'stored' out"#,
            #"generated-columns.yaml:7:33: error: column 'people.lowered' is generated (computed by the database) and cannot also have a default; remove 'default'"#,
            #"generated-columns.yaml:8:33: error: column 'people.checked' is generated (computed by the database) and cannot also have validators (they check what Swift writes, and no Swift writes it); remove 'validate'"#,
            #"generated-columns.yaml:9:44: error: 'generated' of column 'people.nothing' needs 'sql', the expression (e.g. generated: { sql: "lower(email)" })"#,
            #"generated-columns.yaml:10:27: error: column 'people.keywords': bad type 'tsvector[]': tsvector arrays have no Swift mapping; write type: { sql: tsvector[] } to keep one out of the generated Swift"#,
        ],
        "partitioning.yaml": [
            #"partitioning.yaml:7:28: error: table 'logs' is partitioned by 'at', so its primary key (id) must include 'at': PostgreSQL checks keys per partition (e.g. primary_key: [id, at])"#,
            #"partitioning.yaml:7:42: error: 'interval' of 'partition_by' of table 'logs' must be 'day', 'week', 'month' or 'year', found 'fortnight'"#,
            #"partitioning.yaml:8:26: error: 'retention' of table 'logs' reads 'region' as a row's age; it must be a date, timestamp or timestamptz, not text"#,
            #"partitioning.yaml:8:40: error: 'keep' of 'retention' of table 'logs' must be a number and a unit (days, weeks, months or years), e.g. 30 days, found '30 dayz'"#,
            #"partitioning.yaml:13:33: error: 'interval' of 'partition_by' of table 'events' makes range partitions; it cannot go with list partitioning"#,
            #"partitioning.yaml:13:68: error: partition 'eu' of 'partition_by' of table 'events' needs 'values', the list it holds (e.g. { values: [eu, uk] })"#,
            #"partitioning.yaml:17:21: error: 'partition_by' of table 'shards' by hash needs 'modulus', the number of partitions (e.g. modulus: 4)"#,
            #"partitioning.yaml:21:19: error: 'partition_by' of table 'both' needs exactly one of range, list or hash, naming the partition column (e.g. partition_by: { range: created_at, interval: month })"#,
        ],
        "row-level-security.yaml": [
            #"row-level-security.yaml:7:7: error: unknown key 'forced' in 'row_level_security' of table 'notes'; did you mean 'force'? (allowed: force, policies)"#,
            #"row-level-security.yaml:9:29: error: 'command' of policy 'reading' of 'row_level_security' of table 'notes' must be one of all, select, insert, update, delete, found 'selct'; did you mean 'select'?"#,
            #"row-level-security.yaml:10:37: error: policy 'peeking' of 'row_level_security' of table 'notes' is for SELECT, which writes no new rows: use 'using' (PostgreSQL refuses WITH CHECK on a SELECT policy)"#,
            #"row-level-security.yaml:11:36: error: policy 'adding' of 'row_level_security' of table 'notes' is for INSERT, which has no existing rows to filter: use 'with_check' (PostgreSQL refuses USING on an INSERT policy)"#,
            #"row-level-security.yaml:12:9: error: policy 'silent' of 'row_level_security' of table 'notes' has neither 'using' nor 'with_check': say which rows it lets through (e.g. using: "account_id = current_setting('tusk.tenant')::bigint")"#,
            #"row-level-security.yaml:16:25: error: 'row_level_security' of table 'other' must be true, false or a mapping { force, policies }, found 'sometimes'"#,
        ],
        "views.yaml": [
            #"views.yaml:7:3: error: view 'no_sql' needs 'sql', the SELECT it stands for (e.g. sql: "SELECT user_id, count(*) AS messages FROM messages GROUP BY user_id")"#,
            #"views.yaml:9:3: error: view 'no_columns' needs 'columns', what its SELECT returns in order with types (e.g. columns: { user_id: uuid, messages: bigint }): the generated Swift is made from them"#,
            #"views.yaml:11:3: error: view 'messages' has the name of table 'messages'; tables and views share one namespace in PostgreSQL, so choose another name"#,
            #"views.yaml:16:25: error: column 'bad_type.user_id': unknown type 'bigint2'; did you mean 'bigint'?"#,
            #"views.yaml:16:58: error: unknown key 'default' in column 'total' of view 'bad_type' (allowed: type, nullable, comment, swift_name)"#,
            #"views.yaml:20:5: error: unknown key 'materialised' in view 'typo'; did you mean 'materialized'? (allowed: sql, columns, materialized, indexes, refresh, comment, swift_name)"#,
            #"views.yaml:24:5: error: view 'plain_indexed' is a plain view, which stores no rows to index; add 'materialized: true' or remove 'indexes'"#,
            #"views.yaml:30:14: error: view 'not_unique' says 'refresh: concurrently', but REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index on its columns without 'where'; add one to 'indexes' (e.g. - { columns: [user_id], unique: true }) or write 'refresh: blocking'"#,
        ],
        "tenant-column.yaml": [
            #"tenant-column.yaml:3:13: error: 'tenant' of table 'projects' names column 'acount_id', which the table does not have; did you mean 'account_id'?"#,
            #"tenant-column.yaml:8:13: error: 'tenant' column 'todos.account_id' must be NOT NULL: a row without a tenant would belong to no tenant and be invisible to every one"#,
            #"tenant-column.yaml:13:13: error: 'tenant' column 'notes.created_at' is timestamptz; a tenant id is an integer, uuid, text or varchar column (what `db.tenant(id)` compares and fills)"#,
        ],
        "action-without-references.yaml": [
            #"action-without-references.yaml:4:30: error: 'on_delete' of column 'documents.user_id' needs 'references' (e.g. references: users.id)"#,
        ],
        "auto-update-on-text.yaml": [
            #"auto-update-on-text.yaml:4:33: error: 'auto_update' sets column 'documents.updated_by' to now() on every update, so it must be timestamptz or timestamp, not text"#,
        ],
        "check-without-sql.yaml": [
            #"check-without-sql.yaml:6:9: error: a check of table 'documents' needs 'sql' (e.g. { sql: "price >= 0" })"#,
            #"check-without-sql.yaml:6:34: error: unknown key 'expression' in a check of table 'documents' (allowed: name, sql)"#,
        ],
        "column-is-list.yaml": [
            #"column-is-list.yaml:4:11: error: column 'users.id' must be a type (e.g. 'text', 'text?') or a mapping (e.g. { type: text, nullable: true }), found a list"#,
        ],
        "column-name-too-long.yaml": [
            #"column-name-too-long.yaml:4:7: error: column name 'this_column_name_is_much_longer_than_sixty_three_bytes_allow_it_to_be' is 69 bytes long; PostgreSQL truncates names to 63 bytes, so it would become 'this_column_name_is_much_longer_than_sixty_three_bytes_allow_it'; use a shorter name"#,
        ],
        "column-without-type.yaml": [
            #"column-without-type.yaml:4:7: error: column 'users.id' needs a 'type' (e.g. { type: text })"#,
        ],
        "columns-is-list.yaml": [
            #"columns-is-list.yaml:4:7: error: 'columns' of table 'users' must be a mapping, found a list"#,
        ],
        "default-array-element.yaml": [
            #"default-array-element.yaml:4:48: error: column 'logs.steps': default 'two' is not a whole number, as integer needs"#,
        ],
        "default-array-scalar.yaml": [
            #"default-array-scalar.yaml:4:40: error: column 'posts.tags': a default for text[] must be a list, e.g. [] or [a, b], found 'news'"#,
        ],
        "default-boolean.yaml": [
            #"default-boolean.yaml:4:37: error: column 'flags.on': default 'maybe' is not a boolean; use true or false"#,
        ],
        "default-date.yaml": [
            #"default-date.yaml:4:35: error: column 'events.day': default '31/01/2024' is not a valid date (e.g. 2024-01-31)"#,
        ],
        "default-enum-not-member.yaml": [
            #"default-enum-not-member.yaml:6:43: error: column 'memories.tier': default 'WORKIN' is not a value of enum 'memory_tier'; did you mean 'WORKING'? (values: WORKING, EPISODIC, SEMANTIC, SHARED)"#,
        ],
        "default-inet.yaml": [
            #"default-inet.yaml:4:39: error: column 'peers.address': default '300.1.1.1' is not an IP address (e.g. 192.168.0.1 or ::1/128)"#,
        ],
        "default-integer-not-number.yaml": [
            #"default-integer-not-number.yaml:4:40: error: column 'counters.value': default 'ten' is not a whole number, as integer needs"#,
        ],
        "default-mapping-for-text.yaml": [
            #"default-mapping-for-text.yaml:4:36: error: column 'users.name': a default for text must be a single value, found a mapping; use { sql: ... } for an expression"#,
        ],
        "default-null.yaml": [
            #"default-null.yaml:4:56: error: column 'users.nickname': 'default: null' is the same as no default; remove the key (a nullable column defaults to NULL)"#,
        ],
        "default-numeric-too-large.yaml": [
            #"default-numeric-too-large.yaml:4:47: error: column 'documents.score': default '12.5' does not fit numeric(3,2): at most 1 digit(s) before the decimal point"#,
        ],
        "default-numeric-too-precise.yaml": [
            #"default-numeric-too-precise.yaml:4:47: error: column 'documents.score': default '0.505' has more than 2 decimal place(s) for numeric(3,2); PostgreSQL would round it"#,
        ],
        "default-smallint-out-of-range.yaml": [
            #"default-smallint-out-of-range.yaml:4:41: error: column 'counters.value': default '40000' is out of range for smallint (-32768 to 32767)"#,
        ],
        "default-timestamp-now.yaml": [
            #"default-timestamp-now.yaml:4:41: error: column 'events.at': default 'now' would be frozen at the moment the table is created; use { sql: now() } (or CURRENT_DATE) for the time of each insert"#,
        ],
        "default-uuid.yaml": [
            #"default-uuid.yaml:4:34: error: column 'users.id': default 'not-a-uuid' is not a UUID (e.g. 123e4567-e89b-12d3-a456-426614174000); for a fresh one use { sql: gen_random_uuid() }"#,
        ],
        "default-varchar-too-long.yaml": [
            #"default-varchar-too-long.yaml:4:44: error: column 'users.plan': default 'enterprise' is 10 characters long, longer than varchar(4) allows"#,
        ],
        "default-vector-dimension.yaml": [
            #"default-vector-dimension.yaml:5:46: error: column 'items.embedding': a default for vector(3) needs 3 numbers, found 2"#,
        ],
        "duplicate-check-name.yaml": [
            #"duplicate-check-name.yaml:7:17: error: table 'documents' already has a constraint named 'title_ok'"#,
        ],
        "duplicate-column-after-merge.yaml": [
            #"duplicate-column-after-merge.yaml:9:7: error: duplicate column 'created_at' in 'columns' of table 'users'; it is already brought in by the merge key '<<' at line 8"#,
        ],
        "duplicate-column-option.yaml": [
            #"duplicate-column-option.yaml:4:25: error: duplicate key 'type' in column 'users.id' (first written at line 4, column 13)"#,
        ],
        "duplicate-column.yaml": [
            #"duplicate-column.yaml:6:7: error: duplicate column 'email' in 'columns' of table 'users'; it is already defined at line 4"#,
        ],
        "duplicate-enum.yaml": [
            #"duplicate-enum.yaml:3:3: error: duplicate enum 'status' in 'enums'; it is already defined at line 2"#,
        ],
        "duplicate-index-name.yaml": [
            #"duplicate-index-name.yaml:8:17: error: the name 'users_lookup' is already used by another table, index or constraint; index and key names must be unique in the schema"#,
        ],
        "duplicate-table.yaml": [
            #"duplicate-table.yaml:5:3: error: duplicate table 'users' in 'tables'; it is already defined at line 2"#,
        ],
        "empty-column-name.yaml": [
            #"empty-column-name.yaml:4:7: error: column name must not be empty"#,
        ],
        "empty-file.yaml": [
            #"empty-file.yaml:1:1: error: the schema is empty; it needs at least 'tables:' with one table"#,
        ],
        "empty-tables.yaml": [
            #"empty-tables.yaml:1:9: error: 'tables' is empty; declare at least one table"#,
        ],
        "enum-duplicate-value.yaml": [
            #"enum-duplicate-value.yaml:2:28: error: duplicate value 'active' in enum 'status'"#,
        ],
        "enum-empty.yaml": [
            #"enum-empty.yaml:2:11: error: enum 'status' has no values; list at least one"#,
        ],
        "enum-named-like-table.yaml": [
            #"enum-named-like-table.yaml:2:3: error: enum 'users' has the name of table 'users'; PostgreSQL gives every table a type of its own name, so choose another name"#,
        ],
        "enum-renamed-from-existing.yaml": [
            #"enum-renamed-from-existing.yaml:4:19: error: enum 'state' says 'renamed_from: status', but enum 'status' still exists; remove 'renamed_from' or the old enum"#,
        ],
        "enum-scalar.yaml": [
            #"enum-scalar.yaml:2:11: error: enum 'status' must be a list of values (e.g. [draft, published]) or a mapping with 'values', found 'active'"#,
        ],
        "enum-swift-case-clash.yaml": [
            #"enum-swift-case-clash.yaml:2:26: error: values 'needs_review' and 'NEEDS_REVIEW' of enum 'status' both become the Swift case 'needsReview'; give one a 'swift_name'"#,
        ],
        "enum-value-renamed-from-existing.yaml": [
            #"enum-value-renamed-from-existing.yaml:6:41: error: 'renamed_from: closed' in enum 'status' names a value that still exists; a renamed value's old name must be gone"#,
        ],
        "enum-value-too-long.yaml": [
            #"enum-value-too-long.yaml:2:20: error: enum value name 'a_status_value_that_is_much_longer_than_postgresql_allows_for_labels' is 68 bytes long; PostgreSQL truncates names to 63 bytes, so it would become 'a_status_value_that_is_much_longer_than_postgresql_allows_for_l'; use a shorter name"#,
        ],
        "enum-without-values.yaml": [
            #"enum-without-values.yaml:2:3: error: enum 'status' needs 'values' (e.g. values: [draft, published])"#,
        ],
        "extensions-not-list.yaml": [
            #"extensions-not-list.yaml:1:13: error: 'extensions' must be a list, found 'pgcrypto'"#,
        ],
        "foreign-key-column-count.yaml": [
            #"foreign-key-column-count.yaml:12:82: error: a foreign key of table 'citations' has 2 column(s) but references 1; they pair up one to one"#,
        ],
        "foreign-key-missing-parts.yaml": [
            #"foreign-key-missing-parts.yaml:6:9: error: a foreign key of table 'citations' needs 'columns' and 'references' (e.g. { columns: [a, b], references: { table: t, columns: [x, y] } })"#,
            #"foreign-key-missing-parts.yaml:7:21: error: 'columns' of a foreign key of table 'citations' names column 'document_ids', which table 'citations' does not have; did you mean 'document_id'?"#,
            #"foreign-key-missing-parts.yaml:8:47: error: 'references' of a foreign key of table 'citations' needs 'table' and 'columns'"#,
        ],
        "foreign-key-not-a-key.yaml": [
            #"foreign-key-not-a-key.yaml:13:83: error: a foreign key of table 'citations': (document_id, version) of table 'chunks' is neither its primary key nor a unique constraint, and PostgreSQL only references those; add 'unique: [[document_id, version]]' to 'chunks'"#,
        ],
        "foreign-key-set-null.yaml": [
            #"foreign-key-set-null.yaml:12:119: error: 'on_delete: set_null' cannot work: column 'ordinal' is NOT NULL; make it 'nullable: true' or choose another action"#,
        ],
        "foreign-key-type-mismatch.yaml": [
            #"foreign-key-type-mismatch.yaml:12:93: error: a foreign key of table 'citations': column 'ordinal' of type text cannot reference 'chunks.ordinal' of type integer; make the types match"#,
        ],
        "hnsw-on-text.yaml": [
            #"hnsw-on-text.yaml:7:21: error: index method 'hnsw' needs a vector column, but 'documents.body' is text"#,
        ],
        "hnsw-without-extension.yaml": [
            #"hnsw-without-extension.yaml:6:21: error: index method 'ivfflat' needs a vector column, but 'documents.body' is text"#,
            #"hnsw-without-extension.yaml:6:35: error: index method 'ivfflat' comes with the pgvector extension; add 'vector' to 'extensions:'"#,
        ],
        "identity-nullable.yaml": [
            #"identity-nullable.yaml:4:45: error: identity column 'users.id' cannot be nullable; remove the nullable marking"#,
        ],
        "identity-on-text.yaml": [
            #"identity-on-text.yaml:4:25: error: identity column 'users.id' must be smallint, integer or bigint, not text"#,
        ],
        "identity-unknown-word.yaml": [
            #"identity-unknown-word.yaml:4:37: error: 'identity' of column 'users.id' must be 'always', 'by_default' or 'true', found 'allways'; did you mean 'always'?"#,
        ],
        "identity-with-default.yaml": [
            #"identity-with-default.yaml:4:43: error: column 'users.id' is an identity column and cannot also have a default; remove 'default' or 'identity'"#,
        ],
        "index-empty-columns.yaml": [
            #"index-empty-columns.yaml:6:20: error: 'columns' of an index of table 'documents' must name at least one column"#,
        ],
        "index-missing-column.yaml": [
            #"index-missing-column.yaml:6:21: error: 'columns' of an index of table 'documents' names column 'owner_id', which table 'documents' does not have"#,
        ],
        "index-name-is-table-name.yaml": [
            #"index-name-is-table-name.yaml:9:17: error: the name 'users' is already used by another table, index or constraint; index and key names must be unique in the schema"#,
        ],
        "index-name-too-long.yaml": [
            #"index-name-too-long.yaml:6:17: error: index name 'users_email_lookup_index_with_a_name_that_goes_on_and_on_and_on_and_on' is 70 bytes long; PostgreSQL truncates names to 63 bytes, so it would become 'users_email_lookup_index_with_a_name_that_goes_on_and_on_and_on'; use a shorter name"#,
        ],
        "index-unknown-method.yaml": [
            #"index-unknown-method.yaml:6:38: error: unknown index method 'btre' in an index of table 'documents'; did you mean 'btree'? (known: btree, hash, gin, gist, brin, spgist, hnsw, ivfflat)"#,
        ],
        "index-without-columns.yaml": [
            #"index-without-columns.yaml:6:9: error: an index of table 'documents' needs 'columns' (e.g. { columns: [user_id] })"#,
        ],
        "malformed-mapping-value.yaml": [
            #"malformed-mapping-value.yaml:4:15: error: malformed YAML: mapping values are not allowed in this context"#,
        ],
        "malformed-tab-indent.yaml": [
            #"malformed-tab-indent.yaml:3:1: error: malformed YAML: found character that cannot start any token (while scanning for the next token started at line 3, column 1)"#,
        ],
        "malformed-unclosed-flow.yaml": [
            #"malformed-unclosed-flow.yaml:5:11: error: malformed YAML: did not find expected ',' or '}' (while parsing a flow mapping started at line 4, column 11)"#,
        ],
        "many-problems.yaml": [
            #"many-problems.yaml:2:3: error: table 'users' has no 'columns'; a table needs at least one"#,
            #"many-problems.yaml:3:5: error: unknown key 'colums' in table 'users'; did you mean 'columns'? (allowed: comment, columns, primary_key, unique, checks, indexes, renamed_from, soft_delete, version_column, swift_name, foreign_keys, relations, tenant, distribution, lint, row_level_security, partition_by, retention)"#,
            #"many-problems.yaml:8:22: error: column 'documents.title': unknown type 'txt'; did you mean 'text'?"#,
            #"many-problems.yaml:9:42: error: 'references' of column 'documents.user_id' names table 'accounts', which does not exist (tables: documents, users)"#,
            #"many-problems.yaml:10:47: error: column 'documents.score': default '1.234' has more than 2 decimal place(s) for numeric(3,2); PostgreSQL would round it"#,
            #"many-problems.yaml:12:21: error: 'columns' of an index of table 'documents' names column 'titel', which table 'documents' does not have; did you mean 'title'?"#,
        ],
        "merge-key-scalar.yaml": [
            #"merge-key-scalar.yaml:4:11: error: the merge key '<<' takes a mapping or a list of mappings (e.g. '<<: *base'), found '5'"#,
        ],
        "missing-tables.yaml": [
            #"missing-tables.yaml:1:1: error: the schema has no 'tables:'; declare at least one table"#,
        ],
        "nested-array.yaml": [
            #"nested-array.yaml:4:14: error: column 'grids.cells': bad type 'integer[][]': only one-dimensional arrays are supported"#,
        ],
        "non-scalar-key.yaml": [
            #"non-scalar-key.yaml:4:9: error: a mapping key must be a plain name, found a list"#,
        ],
        "nullable-conflict.yaml": [
            #"nullable-conflict.yaml:4:42: error: column 'users.nickname' is marked nullable by its type ending in '?' but says 'nullable: false'; keep one of the two"#,
        ],
        "nullable-not-bool.yaml": [
            #"nullable-not-bool.yaml:4:41: error: 'nullable' of column 'users.nickname' must be true or false, found 'yes'"#,
        ],
        "numeric-scale-over-precision.yaml": [
            #"numeric-scale-over-precision.yaml:4:15: error: column 'prices.amount': bad type 'numeric(2,5)': numeric scale must be between 0 and the precision 2, e.g. numeric(2,2)"#,
        ],
        "primary-key-missing-column.yaml": [
            #"primary-key-missing-column.yaml:6:28: error: 'primary_key' of table 'links' names column 'too_id', which table 'links' does not have; did you mean 'to_id'?"#,
        ],
        "primary-key-nullable-column.yaml": [
            #"primary-key-nullable-column.yaml:4:41: error: primary key column 'users.id' cannot be nullable; a primary key is always NOT NULL"#,
        ],
        "primary-key-nullable-table-level.yaml": [
            #"primary-key-nullable-table-level.yaml:6:28: error: primary key column 'links.to_id' cannot be nullable; a primary key is always NOT NULL"#,
        ],
        "primary-key-twice.yaml": [
            #"primary-key-twice.yaml:6:5: error: table 'links' has 'primary_key' here and 'primary_key: true' on column 'from_id' (line 4); keep one"#,
        ],
        "references-bad-form.yaml": [
            #"references-bad-form.yaml:7:42: error: 'references' of column 'documents.user_id' must be 'table.column' (e.g. users.id), 'schema.table.column' (e.g. billing.invoices.id) or { table: users, column: id }, found 'users'"#,
        ],
        "references-incompatible-type.yaml": [
            #"references-incompatible-type.yaml:7:44: error: 'references' of column 'documents.user_id': column type bigint cannot reference 'users.id' of type uuid; make the types match"#,
        ],
        "references-missing-column.yaml": [
            #"references-missing-column.yaml:7:66: error: 'references' of column 'documents.user_id' names column 'users.uid', which does not exist; did you mean 'id'? (columns of 'users': id)"#,
        ],
        "references-missing-key.yaml": [
            #"references-missing-key.yaml:7:42: error: 'references' of column 'documents.user_id' needs 'column'"#,
        ],
        "references-missing-table.yaml": [
            #"references-missing-table.yaml:7:42: error: 'references' of column 'documents.user_id' names table 'user', which does not exist; did you mean 'users'? (tables: documents, users)"#,
        ],
        "references-not-unique.yaml": [
            #"references-not-unique.yaml:8:46: error: 'references' of column 'documents.owner_email': 'users.email' is neither the primary key nor unique, and PostgreSQL only references those; add 'unique: true' to it or reference the primary key"#,
        ],
        "renamed-from-existing-column.yaml": [
            #"renamed-from-existing-column.yaml:5:7: error: column 'documents.title' says 'renamed_from: heading', but column 'heading' still exists; remove 'renamed_from' or the old column"#,
        ],
        "renamed-from-existing-table.yaml": [
            #"renamed-from-existing-table.yaml:6:19: error: table 'documents' says 'renamed_from: docs', but table 'docs' still exists; remove 'renamed_from' or the old table"#,
        ],
        "renamed-from-twice.yaml": [
            #"renamed-from-twice.yaml:7:19: error: tables 'articles' and 'documents' are both 'renamed_from: docs'; only one can be"#,
        ],
        "root-is-list.yaml": [
            #"root-is-list.yaml:1:1: error: the schema must be a mapping, found a list"#,
        ],
        "second-document.yaml": [
            #"second-document.yaml:5:1: error: a schema file holds one YAML document; remove the second '---' document"#,
        ],
        "serial-array.yaml": [
            #"serial-array.yaml:4:12: error: column 'grids.ids': bad type 'serial[]': serial types cannot be array elements; use integer[] or bigint[]"#,
        ],
        "set-default-without-default.yaml": [
            #"set-default-without-default.yaml:7:63: error: 'on_update: set_default' would set the NOT NULL column 'documents.user_id' to NULL: it has no default; add a default or choose another action"#,
        ],
        "set-null-on-not-null.yaml": [
            #"set-null-on-not-null.yaml:7:63: error: 'on_delete: set_null' cannot work: column 'documents.user_id' is NOT NULL; make it 'nullable: true' or choose another action"#,
        ],
        "soft-delete-missing-column.yaml": [
            #"soft-delete-missing-column.yaml:3:18: error: 'soft_delete' of table 'documents' names column 'deleted', which the table does not have"#,
        ],
        "soft-delete-not-null.yaml": [
            #"soft-delete-not-null.yaml:3:18: error: 'soft_delete' column 'documents.deleted_at' must be a nullable timestamptz or timestamp (set when a row is deleted), but it is timestamptz NOT NULL"#,
        ],
        "swift-access-unknown.yaml": [
            #"swift-access-unknown.yaml:2:11: error: 'swift.access' must be 'internal' or 'public', found 'open'"#,
        ],
        "swift-name-invalid.yaml": [
            #"swift-name-invalid.yaml:4:42: error: 'swift_name' of column 'users.fast' must be a Swift identifier (letters, digits and '_', not starting with a digit), found '2fast'"#,
        ],
        "swift-property-clash.yaml": [
            #"swift-property-clash.yaml:5:7: error: columns 'user_id' and 'userId' of table 'users' would both become the Swift property 'userId'; give one a 'swift_name'"#,
        ],
        "swift-type-name-clash.yaml": [
            #"swift-type-name-clash.yaml:5:3: error: table 'users' and table 'user' would both become the Swift type 'User'; give one a 'swift_name'"#,
        ],
        "swift-type-on-text.yaml": [
            #"swift-type-on-text.yaml:4:31: error: 'swift_type' applies to json and jsonb columns (a Codable type stored as JSON); column 'users.settings' is text"#,
        ],
        "table-is-scalar.yaml": [
            #"table-is-scalar.yaml:2:10: error: table 'users' must be a mapping, found 'text'"#,
        ],
        "table-name-too-long.yaml": [
            #"table-name-too-long.yaml:2:3: error: table name 'a_table_name_that_is_far_too_long_for_postgresql_to_keep_as_written' is 67 bytes long; PostgreSQL truncates names to 63 bytes, so it would become 'a_table_name_that_is_far_too_long_for_postgresql_to_keep_as_wri'; use a shorter name"#,
        ],
        "table-with-empty-columns.yaml": [
            #"table-with-empty-columns.yaml:3:14: error: table 'users' has no columns; a table needs at least one"#,
        ],
        "table-without-columns.yaml": [
            #"table-without-columns.yaml:2:3: error: table 'users' has no 'columns'; a table needs at least one"#,
        ],
        "tables-is-list.yaml": [
            #"tables-is-list.yaml:2:3: error: 'tables' must be a mapping, found a list"#,
        ],
        "two-column-primary-keys.yaml": [
            #"two-column-primary-keys.yaml:5:28: error: table 'links' already has a primary key on from_id (line 4); for a composite key write 'primary_key: [a, b]' at the table level"#,
        ],
        "type-parameter-not-number.yaml": [
            #"type-parameter-not-number.yaml:4:13: error: column 'users.name': bad type 'varchar(n)': type parameters must be whole numbers, e.g. varchar(255) or numeric(10,2)"#,
        ],
        "unique-gin-index.yaml": [
            #"unique-gin-index.yaml:6:40: error: a unique index must use btree; gin indexes cannot be unique"#,
        ],
        "unique-missing-column.yaml": [
            #"unique-missing-column.yaml:6:24: error: a unique constraint of table 'documents' names column 'titel', which table 'documents' does not have; did you mean 'title'?"#,
        ],
        "unique-not-list.yaml": [
            #"unique-not-list.yaml:5:13: error: 'unique' of table 'documents' must be a list, found 'title'"#,
        ],
        "unique-repeats-primary-key.yaml": [
            #"unique-repeats-primary-key.yaml:4:44: error: unique constraint on (id) of table 'users' repeats the primary key; remove it"#,
        ],
        "unknown-action.yaml": [
            #"unknown-action.yaml:7:63: error: 'on_delete' of column 'documents.user_id' must be 'no_action', 'restrict', 'cascade', 'set_null' or 'set_default', found 'cascde'; did you mean 'cascade'?"#,
        ],
        "unknown-alias.yaml": [
            #"unknown-alias.yaml:4:11: error: unknown alias '*uuid_key'; define the anchor '&uuid_key' before using it"#,
        ],
        "unknown-column-key.yaml": [
            #"unknown-column-key.yaml:4:25: error: unknown key 'primay_key' in column 'users.id'; did you mean 'primary_key'? (allowed: type, nullable, primary_key, unique, check, default, identity, references, on_delete, on_update, auto_update, validate, comment, renamed_from, swift_name, swift_type, using, reverse_using, relation, inverse, generated)"#,
        ],
        "unknown-table-key.yaml": [
            #"unknown-table-key.yaml:2:3: error: table 'users' has no 'columns'; a table needs at least one"#,
            #"unknown-table-key.yaml:3:5: error: unknown key 'colums' in table 'users'; did you mean 'columns'? (allowed: comment, columns, primary_key, unique, checks, indexes, renamed_from, soft_delete, version_column, swift_name, foreign_keys, relations, tenant, distribution, lint, row_level_security, partition_by, retention)"#,
        ],
        "unknown-top-level-key.yaml": [
            #"unknown-top-level-key.yaml:1:1: error: unknown key 'extension' in the schema; did you mean 'extensions'? (allowed: swift, extensions, enums, sequences, tables, views, job_kinds, migrations, lint)"#,
        ],
        "unknown-type-full-form.yaml": [
            #"unknown-type-full-form.yaml:4:21: error: column 'users.name': unknown type 'varchr(20)'; did you mean 'varchar(n)'?"#,
        ],
        "unknown-type.yaml": [
            #"unknown-type.yaml:4:11: error: column 'events.at': unknown type 'timestamptzz'; did you mean 'timestamptz'?"#,
        ],
        "validate-bad-pattern.yaml": [
            #"validate-bad-pattern.yaml:4:48: error: 'pattern' of column 'users.code' is not a valid regular expression: '[a-z'"#,
        ],
        "validate-length-on-integer.yaml": [
            #"validate-length-on-integer.yaml:4:41: error: validation 'max_length' of column 'users.age' needs a text, varchar or char column, but the column is integer"#,
        ],
        "validate-min-above-max.yaml": [
            #"validate-min-above-max.yaml:4:53: error: 'max' (0) of column 'documents.score' is below 'min' (1)"#,
        ],
        "validate-min-on-text.yaml": [
            #"validate-min-on-text.yaml:4:39: error: validation 'min' of column 'users.name' needs a number column, but the column is text"#,
        ],
        "validate-unknown-format.yaml": [
            #"validate-unknown-format.yaml:4:48: error: 'format' of column 'users.phone' must be 'email', 'url' or 'uuid', found 'phone'"#,
        ],
        "validate-unknown-key.yaml": [
            #"validate-unknown-key.yaml:4:39: error: unknown key 'maxlength' in 'validate' of column 'users.name'; did you mean 'max_length'? (allowed: min, max, min_length, max_length, pattern, format)"#,
        ],
        "validate-uuid-format-on-integer.yaml": [
            #"validate-uuid-format-on-integer.yaml:4:41: error: validation 'format: uuid' of column 'users.ref' needs a text, varchar or char column (or uuid), but the column is integer"#,
        ],
        "varchar-zero.yaml": [
            #"varchar-zero.yaml:4:13: error: column 'users.name': bad type 'varchar(0)': varchar length must be between 1 and 10485760"#,
        ],
        "vector-without-dimension.yaml": [
            #"vector-without-dimension.yaml:5:18: error: column 'items.embedding': bad type 'vector': vector needs its dimension, e.g. vector(1536)"#,
        ],
        "vector-without-extension.yaml": [
            #"vector-without-extension.yaml:4:18: error: column 'items.embedding' has type vector(3), which needs the pgvector extension; add 'vector' to 'extensions:'"#,
        ],
        "version-column-wrong-type.yaml": [
            #"version-column-wrong-type.yaml:3:21: error: 'version_column' 'documents.version' must be a NOT NULL smallint, integer or bigint, but it is text"#,
        ],
        "hnsw-without-opclass.yaml": [
            #"hnsw-without-opclass.yaml:7:40: error: an hnsw index needs an 'opclass' for its distance: 'vector_l2_ops', 'vector_ip_ops', 'vector_cosine_ops' or 'vector_l1_ops' (e.g. opclass: vector_cosine_ops)"#,
        ],
        "vector-opclass-wrong.yaml": [
            #"vector-opclass-wrong.yaml:7:55: error: operator class 'vector_cosin_ops' does not work with hnsw indexes; did you mean 'vector_cosine_ops'? (hnsw takes 'vector_l2_ops', 'vector_ip_ops', 'vector_cosine_ops' or 'vector_l1_ops')"#,
            #"vector-opclass-wrong.yaml:8:58: error: operator class 'vector_l1_ops' does not work with ivfflat indexes; did you mean 'vector_l2_ops'? (ivfflat takes 'vector_l2_ops', 'vector_ip_ops' or 'vector_cosine_ops')"#,
        ],
        "empty-sql.yaml": [
            #"empty-sql.yaml:4:35: error: 'check' of column 'documents.title' is empty; write an SQL expression"#,
            #"empty-sql.yaml:5:56: error: 'default: { sql }' of column 'documents.created_at' is empty; write an SQL expression"#,
            #"empty-sql.yaml:7:16: error: 'sql' of a check of table 'documents' is empty; write an SQL expression"#,
            #"empty-sql.yaml:9:36: error: 'where' of an index of table 'documents' is empty; write an SQL expression"#,
        ],
        "column-renamed-from-twice.yaml": [
            #"column-renamed-from-twice.yaml:5:7: error: columns 'title' and 'subtitle' of table 'documents' are both 'renamed_from: heading'; only one can be"#,
        ],
        "many-to-many-ambiguous.yaml": [
            #"many-to-many-ambiguous.yaml:7:7: error: relation 'linked' of table 'memories': join table 'links' has 2 foreign keys to 'memories' (from_id, to_id); say which column references 'memories' with 'source:' and which the other table with 'target:'"#,
        ],
        "many-to-many-source-wrong-table.yaml": [
            #"many-to-many-source-wrong-table.yaml:6:44: error: 'source' of relation 'posts' of table 'tags' names 'post_tags.post_id', which references 'posts', not 'tags'; 'source' is the join table's column that references 'tags'"#,
        ],
        "many-to-many-target-is-source.yaml": [
            #"many-to-many-target-is-source.yaml:6:58: error: 'target' of relation 'linked' of table 'memories' names 'links.from_id', which is also its source; 'target' is the join table's column that references the other table"#,
        ],
        "many-to-many-target-without-key.yaml": [
            #"many-to-many-target-without-key.yaml:6:44: error: 'target' of relation 'posts' of table 'tags' names 'post_tags.post_number', which has no foreign key of its own; name a column with 'references'"#,
        ],
        "many-to-many-unknown-column.yaml": [
            #"many-to-many-unknown-column.yaml:6:41: error: 'source' of relation 'linked' of table 'memories' names column 'links.frm_id', which does not exist; did you mean 'from_id'? (columns of 'links': from_id, to_id)"#,
        ],
        "many-to-many-without-through.yaml": [
            #"many-to-many-without-through.yaml:6:7: error: relation 'posts' of table 'tags' needs 'through', the join table (e.g. { through: memory_links, source: from_id, target: to_id })"#,
            #"many-to-many-without-through.yaml:6:32: error: unknown key 'tagret' in relation 'posts' of table 'tags'; did you mean 'target'? (allowed: through, source, target)"#,
        ],
        "many-to-many-unknown-through.yaml": [
            #"many-to-many-unknown-through.yaml:6:25: error: 'through' of relation 'posts' of table 'tags' names table 'post_tag', which does not exist; did you mean 'post_tags'? (tables: post_tags, posts, tags)"#,
        ],
        "relation-collides-with-column.yaml": [
            #"relation-collides-with-column.yaml:8:7: error: relation 'user' of table 'documents' (from the foreign key 'documents.user_id') and column 'documents.user' would both be the Swift property 'user'; choose another name with 'relation:' on the foreign key 'documents.user_id'"#,
        ],
        "relation-inverse-collides.yaml": [
            #"relation-inverse-collides.yaml:11:61: error: relation 'documents' of table 'users' (from the inverse of the foreign key 'notes.user_id') and relation 'documents' (from the inverse of the foreign key 'documents.user_id') would both be the Swift property 'documents'; choose another name with 'inverse:' on the foreign key 'notes.user_id'"#,
        ],
        "relation-not-an-identifier.yaml": [
            #"relation-not-an-identifier.yaml:7:62: error: 'relation' of column 'documents.user_id' must be a Swift property name (letters, digits and '_', not starting with a digit), found 'my-user'"#,
        ],
        "relation-on-composite-key.yaml": [
            #"relation-on-composite-key.yaml:8:108: error: foreign key (shop_id, number) of table 'lines' has 2 columns, and relations come from single-column foreign keys only; remove 'relation: order'"#,
        ],
        "relation-without-references.yaml": [
            #"relation-without-references.yaml:4:31: error: 'relation' of column 'documents.owner_id' needs 'references' (e.g. references: users.id)"#,
        ],
    ]

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/invalid")

    static var fixtureNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func everyFixtureHasItsExpectation() {
        #expect(Self.fixtureNames.count >= 60)
        #expect(Set(Self.fixtureNames) == Set(Self.expected.keys))
    }

    @Test(arguments: fixtureNames)
    func diagnostics(fixture: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(fixture), encoding: .utf8)
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.parse(yaml: text, fileName: fixture) }
        #expect(error.diagnostics.map(\.description) == Self.expected[fixture])
    }
}
