-- Tusk migration 20261206161744_usage_stats_view, generated from schema.yaml. Review it before committing.
--
-- Steps:
--   1. create materialized view usage_stats

-- migrate:up
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

CREATE MATERIALIZED VIEW usage_stats (user_id, day, messages, tokens) AS
SELECT c.user_id, (m.created_at AT TIME ZONE 'UTC')::date AS day,
       count(*) AS messages, coalesce(sum(m.tokens), 0)::bigint AS tokens
FROM messages m JOIN conversations c ON c.id = m.conversation_id
GROUP BY c.user_id, (m.created_at AT TIME ZONE 'UTC')::date
WITH DATA;
CREATE UNIQUE INDEX usage_stats_user_id_day_idx ON usage_stats (user_id, day);
COMMENT ON MATERIALIZED VIEW usage_stats IS 'Messages and tokens per user and day, for usage pages and quotas; refreshed by the application';

-- migrate:down
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

DROP MATERIALIZED VIEW usage_stats;
