WITH given AS (
    SELECT throttle_give_back(
        CASE WHEN EXISTS (SELECT 1 FROM login_trusted_clients t
    WHERE t.email = $1 AND t.address = $2
      AND t.last_success > now() - $3 * interval '1 millisecond') THEN ARRAY[]::text[] ELSE ARRAY[$4, $5] END, $6)),
trust AS (
    INSERT INTO login_trusted_clients (email, address, last_success) VALUES ($1, $2, now())
    ON CONFLICT (email, address) DO UPDATE SET last_success = now())
SELECT 1 AS done FROM given
