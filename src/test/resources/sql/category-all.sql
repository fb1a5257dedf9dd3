SELECT id, name FROM categories ORDER BY id
