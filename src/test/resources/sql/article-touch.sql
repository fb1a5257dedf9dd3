WITH touched AS (
    UPDATE articles a SET updated_at = now(), version = nextval('article_versions') WHERE a.id = ANY($1)
    RETURNING a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at, a.version),
changed AS (
    SELECT t.*, ARRAY(SELECT ca.category_id FROM categories_articles ca
                      WHERE ca.article_id = t.id ORDER BY ca.category_id) AS category_ids
    FROM touched t),
event AS (
    INSERT INTO article_events (type, article_id, payload)
    SELECT 'article-updated', r.id, ('{"id":' || r.id || ',"title":' || to_json(r.title) || ',"content":' || to_json(r.content)
|| ',"authorId":' || r.author_id || ',"createdAt":"' || json_instant(r.created_at)
|| '","updatedAt":"' || json_instant(r.updated_at)
|| '","categoryIds":' || to_json(r.category_ids) || '}')::json
    FROM changed r CROSS JOIN LATERAL (SELECT pg_advisory_xact_lock(hashtext('article_events')) WHERE r.id IS NOT NULL) lock
    ORDER BY r.id
    RETURNING id)
SELECT (SELECT max(t.version) FROM touched t) AS version, (SELECT count(pg_notify('article_events', e.id::text))
 FROM (SELECT max(id) AS id FROM event) e WHERE e.id IS NOT NULL) AS notified
