-- Reporting queries that the typed builders should not express. `tusk queries` prepares each
-- one on a throwaway server built from schema.yaml and records its types in
-- Generated/queries.json; the build then generates `Queries.rankedDocuments(userId:limit:on:)`
-- and the others (docs/typed-api.md, "Typed SQL files").

-- name: RankedDocuments :many
-- A user's live documents ranked by score, with how many the user has: a CTE and window functions.
WITH live AS (
    SELECT id, title, score, tier
    FROM documents
    WHERE deleted_at IS NULL AND user_id = @user_id
)
SELECT id, title, score, tier,
       rank() OVER (ORDER BY score DESC) AS "rank!",
       count(*) OVER () AS "total!"
FROM live
ORDER BY score DESC, id
LIMIT @limit;

-- name: NewestDocumentPerTier :many
-- The newest live document of each tier (DISTINCT ON), for one user; its owner's email may be missing.
SELECT DISTINCT ON (d.tier) d.tier, d.title, u.email AS "email?"
FROM documents d
LEFT JOIN users u ON u.id = d.user_id
WHERE d.deleted_at IS NULL AND d.user_id = @user_id
ORDER BY d.tier, d.created_at DESC, d.id DESC;

-- name: DocumentTitle :one
SELECT title FROM documents WHERE id = @id;

-- name: ArchiveLowScoring :execrows
-- Soft-deletes a user's documents scoring below a bound; '@' in this string is no parameter.
UPDATE documents SET deleted_at = now(), title = title || ' (archived @ low score)'
WHERE user_id = @user_id AND score < @below AND deleted_at IS NULL;
