SELECT pg_try_advisory_xact_lock(hashtext('idempotency_keys'), hashtext($1::text || ' ' || $2))
       AS claimed
