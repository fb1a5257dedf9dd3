SELECT u.id, u.email, u.name, u.role, ad.id AS address_id, ad.street AS address_street,
ad.city AS address_city, ad.country AS address_country
FROM users u LEFT JOIN addresses ad ON ad.id = u.address_id
WHERE u.id = $1
