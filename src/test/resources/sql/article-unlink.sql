DELETE FROM categories_articles WHERE category_id = $1 AND article_id = $2
