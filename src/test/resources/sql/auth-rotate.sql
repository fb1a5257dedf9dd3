WITH presented AS (
    SELECT token_hash, family_id, user_id, rotated_at, expires_at
    FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE),
rotated AS (
    UPDATE refresh_tokens t SET rotated_at = now()
    FROM presented p
    WHERE t.token_hash = p.token_hash AND p.rotated_at IS NULL AND p.expires_at > now()
    RETURNING t.family_id, t.user_id),
issued AS (
    INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)
    SELECT $2, family_id, user_id, now() + $3 * interval '1 second' FROM rotated
    RETURNING user_id),
revoked AS (
    DELETE FROM refresh_tokens t USING presented p
    WHERE t.family_id = p.family_id AND p.rotated_at < now() - $4 * interval '1 second'
    RETURNING t.token_hash)
SELECT CASE WHEN i.user_id IS NOT NULL THEN 'ROTATED'
            WHEN EXISTS (SELECT 1 FROM revoked) THEN 'REUSED'
            WHEN p.rotated_at IS NOT NULL THEN 'RACED'
            ELSE 'REFUSED' END AS outcome,
       u.token_version, u.id, u.email, u.name, u.role, ad.id AS address_id, ad.street AS address_street,
ad.city AS address_city, ad.country AS address_country
FROM (SELECT 1) one
LEFT JOIN presented p ON true
LEFT JOIN issued i ON true
LEFT JOIN users u ON u.id = i.user_id
LEFT JOIN addresses ad ON ad.id = u.address_id
