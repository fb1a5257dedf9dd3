WITH issued AS (
    INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)
    SELECT $1, gen_random_uuid(), id, now() + $2 * interval '1 second'
    FROM users WHERE id = $3
    RETURNING user_id)
SELECT u.token_version, u.id, u.email, u.name, u.role, ad.id AS address_id, ad.street AS address_street,
ad.city AS address_city, ad.country AS address_country
FROM issued i JOIN users u ON u.id = i.user_id LEFT JOIN addresses ad ON ad.id = u.address_id
