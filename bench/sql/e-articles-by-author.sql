-- GET /articles?authorId=N: the one statement the route sends (ArticleRepository.page with an author filter)
\set author random(2, 1001)
SELECT c.total, p.id, p.title, p.content, p.author_id, p.created_at, p.updated_at
FROM (SELECT count(*) AS total FROM articles a WHERE a.author_id = :author) c
LEFT JOIN LATERAL (SELECT a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at
                   FROM articles a WHERE a.author_id = :author
                   ORDER BY a.id LIMIT 20 OFFSET 0) p ON true
ORDER BY p.id;
