WITH wanted AS (SELECT DISTINCT w.id FROM unnest($1::bigint[]) AS w(id)),
found AS (SELECT c.id FROM categories c WHERE c.id IN (SELECT id FROM wanted) ORDER BY c.id FOR SHARE),
missing AS (SELECT w.id FROM wanted w WHERE w.id NOT IN (SELECT id FROM found)),
author AS (SELECT u.id FROM users u WHERE u.id = $2 FOR SHARE),
article AS (
    INSERT INTO articles AS a (title, content, author_id)
    SELECT $3, $4, au.id FROM author au WHERE NOT EXISTS (SELECT 1 FROM missing)
    RETURNING a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at, a.version),
links AS (
    INSERT INTO categories_articles (category_id, article_id)
    SELECT w.id, a.id FROM wanted w CROSS JOIN article a
    RETURNING category_id),
created AS (
    SELECT a.*, ARRAY(SELECT category_id FROM links ORDER BY category_id) AS category_ids FROM article a),
event AS (
    INSERT INTO article_events (type, article_id, payload)
    SELECT 'article-created', r.id, ('{"id":' || r.id || ',"title":' || to_json(r.title) || ',"content":' || to_json(r.content)
|| ',"authorId":' || r.author_id || ',"createdAt":"' || json_instant(r.created_at)
|| '","updatedAt":"' || json_instant(r.updated_at)
|| '","categoryIds":' || to_json(r.category_ids) || '}')::json
    FROM created r CROSS JOIN LATERAL (SELECT pg_advisory_xact_lock(hashtext('article_events')) WHERE r.id IS NOT NULL) lock
    ORDER BY r.id
    RETURNING id)
SELECT c.*, ARRAY(SELECT id FROM missing ORDER BY id) AS missing_ids,
       NOT EXISTS (SELECT 1 FROM author) AS author_gone, (SELECT count(pg_notify('article_events', e.id::text))
 FROM (SELECT max(id) AS id FROM event) e WHERE e.id IS NOT NULL) AS notified
FROM (VALUES (1)) AS one(x) LEFT JOIN created c ON true
