SELECT a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at FROM articles a
WHERE a.author_id = $1
  AND a.id < $2
ORDER BY a.id DESC LIMIT $3
