CREATE TABLE categories (
    id   bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT categories_pkey PRIMARY KEY,
    name text NOT NULL CONSTRAINT categories_name_key UNIQUE
);

-- The many-to-many link. The primary key (category_id, article_id) serves look-ups by category and forbids
-- duplicates; the index on article_id serves look-ups by article. Deleting either side removes its links.
CREATE TABLE categories_articles (
    category_id bigint NOT NULL
        CONSTRAINT categories_articles_category_id_fkey REFERENCES categories (id) ON DELETE CASCADE,
    article_id  bigint NOT NULL
        CONSTRAINT categories_articles_article_id_fkey REFERENCES articles (id) ON DELETE CASCADE,
    CONSTRAINT categories_articles_pkey PRIMARY KEY (category_id, article_id)
);

CREATE INDEX categories_articles_article_id_idx ON categories_articles (article_id);
