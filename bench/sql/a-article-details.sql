-- GET /articles/{id}: the one statement the route sends (ArticleReadSql.DETAILS)
\set id random(1, 20000)
SELECT a.id, a.title, a.content, a.created_at, a.updated_at,
       (SELECT v.version FROM articles v WHERE v.id = a.id) AS version,
       u.id AS author_id, u.name AS author_name,
       ad.id AS address_id, ad.street AS address_street, ad.city AS address_city,
       ad.country AS address_country,
       cs.ids AS category_ids, cs.names AS category_names
FROM articles a
JOIN users u ON u.id = a.author_id
LEFT JOIN addresses ad ON ad.id = u.address_id
CROSS JOIN LATERAL (
    SELECT array_agg(c.id ORDER BY c.id) AS ids, array_agg(c.name ORDER BY c.id) AS names
    FROM categories_articles ca JOIN categories c ON c.id = ca.category_id
    WHERE ca.article_id = a.id) cs
WHERE a.id = :id;
