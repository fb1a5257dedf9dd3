WITH linked AS (SELECT a.id FROM articles a WHERE a.id = ANY (ARRAY(SELECT ca.article_id FROM categories_articles ca WHERE ca.category_id = $1)) ORDER BY a.id FOR NO KEY UPDATE)
DELETE FROM categories_articles ca
WHERE ca.category_id = $1 AND ca.article_id = ANY (ARRAY(SELECT id FROM linked))
RETURNING ca.article_id
