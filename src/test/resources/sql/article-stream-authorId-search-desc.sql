SELECT a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at FROM articles a
WHERE a.author_id = $1
  AND a.search_vector @@ websearch_to_tsquery('english', article_search_text($2))
  AND a.id < $3
ORDER BY a.id DESC LIMIT $4
