-- Full-text search over title and content: a generated tsvector with a GIN index, queried with
-- websearch_to_tsquery, so a search stays an index scan on large tables.
ALTER TABLE articles ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || content)) STORED;

CREATE INDEX articles_search_vector_idx ON articles USING gin (search_vector);
