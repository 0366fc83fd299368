-- Tusk migration 20261206153400_generated_columns_and_search, generated from schema.yaml. Review it before committing.
--
-- Steps:
--   1. add column documents.body
--   2. add column documents.search
--   3. add column users.email_domain
--   4. create index documents_search_idx on documents
--
-- Hazards:
--   TK210 generated-column-rewrites-table: adds generated column documents.search, computing it for every row. A stored generated column is computed for every row, rewriting the table under an exclusive lock; on a big table add a plain column filled by a trigger and backfill it in batches instead.
--   TK210 generated-column-rewrites-table: adds generated column users.email_domain, computing it for every row. A stored generated column is computed for every row, rewriting the table under an exclusive lock; on a big table add a plain column filled by a trigger and backfill it in batches instead.
--   TK203 index-without-concurrently: creates index documents_search_idx on existing table documents without CONCURRENTLY. Blocks writes while it runs; use --online for CREATE/DROP INDEX CONCURRENTLY.

-- migrate:up
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

ALTER TABLE documents ADD COLUMN body text NOT NULL DEFAULT ''::text;

-- WARNING TK210 generated-column-rewrites-table: adds generated column documents.search, computing it for every row
ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || body)) STORED NOT NULL;

-- WARNING TK210 generated-column-rewrites-table: adds generated column users.email_domain, computing it for every row
ALTER TABLE users ADD COLUMN email_domain text GENERATED ALWAYS AS (lower(split_part(email, '@', 2))) STORED NOT NULL;
COMMENT ON COLUMN users.email_domain IS 'Computed by the database: read in User.Row, never written';

-- WARNING TK203 index-without-concurrently: creates index documents_search_idx on existing table documents without CONCURRENTLY
CREATE INDEX documents_search_idx ON documents USING gin (search);

-- migrate:down
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

DROP INDEX documents_search_idx;

ALTER TABLE users DROP COLUMN email_domain;

ALTER TABLE documents DROP COLUMN search;

ALTER TABLE documents DROP COLUMN body;
