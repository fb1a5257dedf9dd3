-- Real log-out: a token carries the version it was issued under; log-out moves the user to the next version,
-- so every token issued before no longer verifies (checked in the query that already loads the caller).
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;
