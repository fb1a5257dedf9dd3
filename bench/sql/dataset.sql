-- The benchmark's data set: deterministic, the same on every run.
-- 1,000 users (half with an address), 50 categories, 20,000 articles of ~600 characters by those users,
-- each in 1-4 categories.
SELECT setseed(0.42);

INSERT INTO addresses (street, city, country)
SELECT 'Street ' || g, 'City ' || (g % 50), 'Country ' || (g % 10) FROM generate_series(1, 500) g;

INSERT INTO users (email, name, password, address_id)
SELECT 'user' || g || '@bench.test', 'User ' || g,
       '$2a$10$abcdefghijklmnopqrstuuMCbYjpRJ4ZVHTI0rPbtAxU5eR8kcE5q',   -- no one logs in as these
       CASE WHEN g <= 500 THEN g END
FROM generate_series(1, 1000) g;

INSERT INTO categories (name) SELECT 'Category ' || g FROM generate_series(1, 50) g;

INSERT INTO articles (title, content, author_id)
SELECT 'Article ' || g || ' ' || md5(g::text),
       substr(repeat(md5((g * 3)::text) || ' lorem ipsum dolor sit amet consectetur ', 12), 1, 600),
       (SELECT min(id) FROM users WHERE email LIKE '%@bench.test') + floor(random() * 1000)::int
FROM generate_series(1, 20000) g;

INSERT INTO categories_articles (category_id, article_id)
SELECT c.min + (a.id * 31 + k * 17) % 50, a.id
FROM articles a
CROSS JOIN (SELECT min(id) AS min FROM categories) c
CROSS JOIN LATERAL generate_series(1, 1 + (a.id * 7919) % 4) k;

VACUUM ANALYZE;   -- the visibility map set too: index-only scans from the first run, not after autovacuum
