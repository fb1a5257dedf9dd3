DELETE FROM idempotency_keys WHERE (user_id, key) IN (
    SELECT user_id, key FROM idempotency_keys WHERE created_at <= now() - make_interval(secs => $1)
    LIMIT $2 FOR UPDATE SKIP LOCKED)
