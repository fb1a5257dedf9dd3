-- Search finds words inside markup. The default text-search parser reads <...> as a tag token and &name; / &#NN;
-- as an entity token, and the english configuration drops both (with everything between <script> or <style> and
-- its closing tag), while websearch_to_tsquery splits the same text differently and keeps the words: an article
-- titled '<script>alert(1)</script> notes' was not found by its own title, nor by 'script' or 'alert'.
-- Index and query text now go through the same normalisation: the markup characters become spaces ('</' and '/>'
-- as a whole, so a closing tag's name is a word and not a path like '/p'; '&' so that an entity-like '&chips;'
-- no longer swallows its word), and every word that remains is indexed. '"' and '-' stay: websearch syntax needs
-- them. The body is an SQL-standard one: resolved once, here, and the generated column depends on it.
CREATE FUNCTION article_search_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN translate(replace(replace(t, '</', '  '), '/>', '  '), '<>&', '   ');

-- Nothing but the index reads the column (no view, no trigger): drop it (its index goes with it) and add it again,
-- which rewrites the table once and computes every row's vector anew.
ALTER TABLE articles
    DROP COLUMN search_vector,
    ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english', article_search_text(title || ' ' || content))) STORED;

CREATE INDEX articles_search_vector_idx ON articles USING gin (search_vector);
