DELETE FROM article_events WHERE id IN (
    SELECT id FROM article_events WHERE created_at < $1 ORDER BY id LIMIT $2)
