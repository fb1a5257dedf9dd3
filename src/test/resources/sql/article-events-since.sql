SELECT id, type, article_id, payload::text AS payload FROM article_events
WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3
