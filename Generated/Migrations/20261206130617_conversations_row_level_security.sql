-- Tusk migration 20261206130617_conversations_row_level_security, generated from schema.yaml. Review it before committing.
--
-- Steps:
--   1. comment on table conversations
--   2. enable row-level security on conversations
--   3. create policy own_conversations on conversations
--
-- Hazards:
--   TK209 row-security-hides-rows: enables row-level security on existing table conversations. From this migration on, roles that are not superusers or the table's owner see and write only the rows a policy lets through (none without a policy): deploy the code that sets what the policies read (db.tenant(id) sets tusk.tenant) first.

-- migrate:up
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

COMMENT ON TABLE conversations IS 'A user''s chats with the agent; a user sees only their own (db.tenant(userID), and the policy for SQL by hand)';

-- WARNING TK209 row-security-hides-rows: enables row-level security on existing table conversations
ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_conversations ON conversations FOR ALL TO public USING (user_id = current_setting('tusk.tenant', true)::uuid) WITH CHECK (user_id = current_setting('tusk.tenant', true)::uuid);

-- migrate:down
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

DROP POLICY own_conversations ON conversations;

ALTER TABLE conversations DISABLE ROW LEVEL SECURITY;

COMMENT ON TABLE conversations IS NULL;
