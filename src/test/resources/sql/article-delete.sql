WITH deleted AS (DELETE FROM articles a WHERE a.id = $1 RETURNING a.id),
event AS (
    INSERT INTO article_events (type, article_id, payload)
    SELECT 'article-deleted', r.id, ('{"id":' || r.id || '}')::json
    FROM deleted r CROSS JOIN LATERAL (SELECT pg_advisory_xact_lock(hashtext('article_events')) WHERE r.id IS NOT NULL) lock
    ORDER BY r.id
    RETURNING id)
SELECT (SELECT count(pg_notify('article_events', e.id::text))
 FROM (SELECT max(id) AS id FROM event) e WHERE e.id IS NOT NULL) AS notified
