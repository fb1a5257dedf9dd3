-- GET /articles?authorId=... reads an author's articles in id order, either way (sort=id, sort=-id): an index on
-- (author_id, id) hands them over in that order, so a page or a stream chunk reads its rows and stops, where the
-- index on author_id alone made it fetch and sort every article of the author. It serves every look-up by author
-- as well (the foreign key's, the count's), so it replaces that one.
CREATE INDEX articles_author_id_id_idx ON articles (author_id, id);
DROP INDEX articles_author_id_idx;
