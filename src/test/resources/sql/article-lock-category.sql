SELECT c.id FROM categories c WHERE c.id = $1 FOR UPDATE
