INSERT INTO categories_articles (category_id, article_id) VALUES ($1, $2)
ON CONFLICT ON CONSTRAINT categories_articles_pkey DO NOTHING
