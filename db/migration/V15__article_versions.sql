-- The version of each article's details (GET /articles/{id}): its ETag is "v<version>". Every statement that changes
-- what the details show gives the article a new version from one sequence, so a version is never handed out twice
-- (not even across articles, nor after articles are deleted: the sequence is owned by no column, and TRUNCATE ...
-- RESTART IDENTITY leaves it alone), and an If-Match is compared with it under the article's row lock
-- (ArticleLocks.ARTICLE), in the transaction of the write.
-- The article's own writes (POST, PUT, PATCH, links) set it in their statements (ArticleRepository); what other
-- features change and the details show is bumped by the triggers below, in the transaction of that change:
-- the author's name or address, a category's name. A category's deletion touches its articles itself
-- (ArticleChanges.detachCategory). Lock order (ArticleLocks): each trigger runs once its statement holds the row it
-- changed (a user, an address, a category) and locks the articles in id order, as the other writers of articles do.
CREATE SEQUENCE article_versions;

ALTER TABLE articles ADD COLUMN version bigint NOT NULL DEFAULT nextval('article_versions');

CREATE FUNCTION article_versions_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles a SET version = nextval('article_versions')
    WHERE a.id = ANY (ARRAY(SELECT b.id FROM articles b WHERE b.author_id = NEW.id ORDER BY b.id FOR NO KEY UPDATE));
    RETURN NULL;
END
$$;

CREATE FUNCTION article_versions_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles a SET version = nextval('article_versions')
    WHERE a.id = ANY (ARRAY(SELECT b.id FROM articles b
                            WHERE b.author_id IN (SELECT u.id FROM users u WHERE u.address_id = NEW.id)
                            ORDER BY b.id FOR NO KEY UPDATE));
    RETURN NULL;
END
$$;

CREATE FUNCTION article_versions_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles a SET version = nextval('article_versions')
    WHERE a.id = ANY (ARRAY(SELECT b.id FROM articles b
                            WHERE b.id = ANY (ARRAY(SELECT ca.article_id FROM categories_articles ca
                                                    WHERE ca.category_id = NEW.id))
                            ORDER BY b.id FOR NO KEY UPDATE));
    RETURN NULL;
END
$$;

-- A new address, a removed one (ON DELETE SET NULL updates users.address_id), a new name.
CREATE TRIGGER article_versions_author AFTER UPDATE OF name, address_id ON users FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.address_id IS DISTINCT FROM NEW.address_id)
    EXECUTE FUNCTION article_versions_author();

-- A changed address.
CREATE TRIGGER article_versions_address AFTER UPDATE ON addresses FOR EACH ROW
    WHEN (OLD.street IS DISTINCT FROM NEW.street OR OLD.city IS DISTINCT FROM NEW.city
          OR OLD.country IS DISTINCT FROM NEW.country)
    EXECUTE FUNCTION article_versions_address();

-- A renamed category.
CREATE TRIGGER article_versions_category AFTER UPDATE OF name ON categories FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION article_versions_category();
