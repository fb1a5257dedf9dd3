-- The number of articles, kept exact by the writes themselves: an unfiltered GET /articles reads it instead of
-- counting every row per request (bench/README.md). In any snapshot it equals count(*) of articles: the counter
-- changes in the statement that inserts or deletes articles, once per statement (none when no row changed).
-- Lock order: the triggers take the event log's advisory lock before the counter row (every write that changes
-- articles appends an event under that lock anyway), so no two writers ever hold these two in opposite orders.
CREATE TABLE article_count (
    single boolean NOT NULL DEFAULT true CONSTRAINT article_count_pkey PRIMARY KEY
                   CONSTRAINT article_count_single_check CHECK (single),
    n      bigint  NOT NULL CONSTRAINT article_count_n_check CHECK (n >= 0)
);

-- no article may be written between the count and the triggers
LOCK TABLE articles IN SHARE MODE;
INSERT INTO article_count (n) SELECT count(*) FROM articles;

CREATE FUNCTION article_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM inserted) THEN
        PERFORM pg_advisory_xact_lock(hashtext('article_events'));
        UPDATE article_count SET n = n + (SELECT count(*) FROM inserted);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION article_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM deleted) THEN
        PERFORM pg_advisory_xact_lock(hashtext('article_events'));
        UPDATE article_count SET n = n - (SELECT count(*) FROM deleted);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION article_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('article_events'));
    UPDATE article_count SET n = 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER article_count_inserted AFTER INSERT ON articles REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION article_count_inserted();
CREATE TRIGGER article_count_deleted AFTER DELETE ON articles REFERENCING OLD TABLE AS deleted
    FOR EACH STATEMENT EXECUTE FUNCTION article_count_deleted();
CREATE TRIGGER article_count_truncated AFTER TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION article_count_truncated();
