DELETE FROM categories WHERE id = $1
