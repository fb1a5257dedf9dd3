WITH wanted AS (SELECT DISTINCT w.id FROM unnest($1::bigint[]) AS w(id)),
article AS (
    UPDATE articles a SET title = COALESCE($2, a.title), content = COALESCE($3, a.content),
                          updated_at = now(), version = nextval('article_versions')
    WHERE a.id = $4
    RETURNING a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at, a.version),
unlinked AS (
    DELETE FROM categories_articles
    WHERE $5 AND article_id = $4 AND category_id NOT IN (SELECT id FROM wanted)),
linked AS (
    INSERT INTO categories_articles (category_id, article_id)
    SELECT w.id, $4 FROM wanted w WHERE $5
    ON CONFLICT ON CONSTRAINT categories_articles_pkey DO NOTHING),
updated AS (
    SELECT a.*, CASE WHEN $5 THEN ARRAY(SELECT id FROM wanted ORDER BY id)
                     ELSE ARRAY(SELECT category_id FROM categories_articles
                                WHERE article_id = $4 ORDER BY category_id) END AS category_ids
    FROM article a),
event AS (
    INSERT INTO article_events (type, article_id, payload)
    SELECT 'article-updated', r.id, ('{"id":' || r.id || ',"title":' || to_json(r.title) || ',"content":' || to_json(r.content)
|| ',"authorId":' || r.author_id || ',"createdAt":"' || json_instant(r.created_at)
|| '","updatedAt":"' || json_instant(r.updated_at)
|| '","categoryIds":' || to_json(r.category_ids) || '}')::json
    FROM updated r CROSS JOIN LATERAL (SELECT pg_advisory_xact_lock(hashtext('article_events')) WHERE r.id IS NOT NULL) lock
    ORDER BY r.id
    RETURNING id)
SELECT u.*, (SELECT count(pg_notify('article_events', e.id::text))
 FROM (SELECT max(id) AS id FROM event) e WHERE e.id IS NOT NULL) AS notified FROM updated u
