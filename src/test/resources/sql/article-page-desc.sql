SELECT c.total, p.*
FROM (
    SELECT COALESCE((SELECT n FROM article_count), (SELECT count(*) FROM articles)) AS total) c
LEFT JOIN LATERAL (
    SELECT a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at FROM articles a
    ORDER BY a.id DESC LIMIT $1 OFFSET $2) p ON true
ORDER BY p.id DESC
