-- Every article gets an author on a database that already has articles:
-- 1. the column, nullable, with its foreign key (RESTRICT: a user who authors articles cannot be deleted);
-- 2. existing articles go to the seeded admin;
-- 3. then the column becomes NOT NULL.
ALTER TABLE articles ADD COLUMN author_id bigint
    CONSTRAINT articles_author_id_fkey REFERENCES users (id) ON DELETE RESTRICT;

UPDATE articles SET author_id = (SELECT id FROM users WHERE email = '${admin_email}')
WHERE author_id IS NULL;

ALTER TABLE articles ALTER COLUMN author_id SET NOT NULL;

CREATE INDEX articles_author_id_idx ON articles (author_id);
