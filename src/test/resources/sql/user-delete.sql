WITH u AS (DELETE FROM users WHERE id = $1 RETURNING id, address_id),
ad AS (DELETE FROM addresses WHERE id = (SELECT address_id FROM u))
SELECT count(*) AS deleted FROM u
