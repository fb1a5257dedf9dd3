DELETE FROM refresh_tokens WHERE token_hash IN (
    SELECT token_hash FROM refresh_tokens WHERE expires_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED)
