SELECT c.id AS category_id, c.name AS category_name, a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at
FROM categories c
LEFT JOIN articles a ON a.id = ANY (ARRAY(SELECT ca.article_id FROM categories_articles ca WHERE ca.category_id = c.id))
WHERE c.id = $1
ORDER BY a.id
