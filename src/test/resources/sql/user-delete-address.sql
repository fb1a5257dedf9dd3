DELETE FROM addresses WHERE id = (SELECT address_id FROM users WHERE id = $1)
