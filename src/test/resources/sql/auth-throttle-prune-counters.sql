DELETE FROM throttle_counters WHERE key IN (
    SELECT key FROM throttle_counters WHERE resets_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED)
