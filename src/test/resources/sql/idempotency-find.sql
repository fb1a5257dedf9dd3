SELECT fingerprint, status, header_names, header_values, body FROM idempotency_keys
WHERE user_id = $1 AND key = $2 AND created_at > now() - make_interval(secs => $3)
