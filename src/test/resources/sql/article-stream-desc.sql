SELECT a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at FROM articles a
WHERE a.id < $1
ORDER BY a.id DESC LIMIT $2
