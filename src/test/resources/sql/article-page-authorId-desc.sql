SELECT c.total, p.*
FROM (
    SELECT count(*) AS total FROM articles a
    WHERE a.author_id = $1) c
LEFT JOIN LATERAL (
    SELECT a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at FROM articles a
    WHERE a.author_id = $1
    ORDER BY a.id DESC LIMIT $2 OFFSET $3) p ON true
ORDER BY p.id DESC
