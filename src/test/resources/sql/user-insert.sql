WITH address AS (
    INSERT INTO addresses (street, city, country)
    SELECT $1, $2, $3 WHERE $4
    RETURNING id, street, city, country),
u AS (
    INSERT INTO users (email, name, password, address_id)
    VALUES ($5, $6, $7, (SELECT id FROM address))
    RETURNING id, email, name, role, address_id)
SELECT u.id, u.email, u.name, u.role, ad.id AS address_id, ad.street AS address_street,
       ad.city AS address_city, ad.country AS address_country
FROM u LEFT JOIN address ad ON ad.id = u.address_id
