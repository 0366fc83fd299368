-- Tusk migration 20261206122640_foreign_key_indexes, generated from schema.yaml. Review it before committing.
--
-- Steps:
--   1. create index execution_logs_message_id_idx on execution_logs
--   2. create index memory_links_to_id_idx on memory_links
--
-- Hazards:
--   TK203 index-without-concurrently: creates index execution_logs_message_id_idx on existing table execution_logs without CONCURRENTLY. Blocks writes while it runs; use --online for CREATE/DROP INDEX CONCURRENTLY.
--   TK203 index-without-concurrently: creates index memory_links_to_id_idx on existing table memory_links without CONCURRENTLY. Blocks writes while it runs; use --online for CREATE/DROP INDEX CONCURRENTLY.

-- migrate:up
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- WARNING TK203 index-without-concurrently: creates index execution_logs_message_id_idx on existing table execution_logs without CONCURRENTLY
CREATE INDEX execution_logs_message_id_idx ON execution_logs (message_id) WHERE message_id IS NOT NULL;

-- WARNING TK203 index-without-concurrently: creates index memory_links_to_id_idx on existing table memory_links without CONCURRENTLY
CREATE INDEX memory_links_to_id_idx ON memory_links (to_id);

-- migrate:down
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

DROP INDEX memory_links_to_id_idx;

DROP INDEX execution_logs_message_id_idx;
