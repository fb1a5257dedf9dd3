SELECT c.total, p.*
FROM (
    SELECT count(*) AS total FROM articles a
    WHERE a.search_vector @@ websearch_to_tsquery('english', article_search_text($1))) c
LEFT JOIN LATERAL (
    SELECT a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at FROM articles a
    WHERE a.search_vector @@ websearch_to_tsquery('english', article_search_text($1))
      AND a.id < $2
    ORDER BY a.id DESC LIMIT $3 OFFSET $4) p ON true
ORDER BY p.id DESC
