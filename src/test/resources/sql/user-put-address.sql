WITH target AS (
    SELECT id, email, name, role, address_id FROM users WHERE id = $1 FOR UPDATE),
updated AS (
    UPDATE addresses a SET street = $2, city = $3, country = $4
    FROM target t WHERE a.id = t.address_id
    RETURNING a.id, a.street, a.city, a.country),
inserted AS (
    INSERT INTO addresses (street, city, country)
    SELECT $2, $3, $4 FROM target t WHERE t.address_id IS NULL
    RETURNING id, street, city, country),
linked AS (
    UPDATE users u SET address_id = i.id FROM inserted i WHERE u.id = $1 RETURNING u.id),
address AS (
    SELECT id, street, city, country FROM updated
    UNION ALL SELECT id, street, city, country FROM inserted)
SELECT t.id, t.email, t.name, t.role, ad.id AS address_id, ad.street AS address_street,
       ad.city AS address_city, ad.country AS address_country
FROM target t CROSS JOIN address ad
