-- GET /articles/{id}: the two statements the route sends (ArticleRepository.FIND_HEAD, CategoryRepository.findByArticle)
\set id random(1, 20000)
SELECT a.id, a.title, a.content, a.created_at, a.updated_at,
       u.id AS author_id, u.name AS author_name,
       ad.id AS address_id, ad.street AS address_street, ad.city AS address_city,
       ad.country AS address_country
FROM articles a
JOIN users u ON u.id = a.author_id
LEFT JOIN addresses ad ON ad.id = u.address_id
WHERE a.id = :id;
SELECT c.id, c.name FROM categories_articles ca JOIN categories c ON c.id = ca.category_id
WHERE ca.article_id = :id ORDER BY c.id;
