DELETE FROM login_trusted_clients WHERE (email, address) IN (
    SELECT email, address FROM login_trusted_clients WHERE last_success < $1
    LIMIT $2 FOR UPDATE SKIP LOCKED)
