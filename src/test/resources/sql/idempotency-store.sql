INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, status, header_names, header_values, body)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT ON CONSTRAINT idempotency_keys_pkey DO UPDATE
SET fingerprint = excluded.fingerprint, status = excluded.status, header_names = excluded.header_names,
    header_values = excluded.header_values, body = excluded.body, created_at = now()
