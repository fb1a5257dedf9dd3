WITH refresh AS (DELETE FROM refresh_tokens WHERE user_id = $1)
UPDATE users SET token_version = token_version + 1 WHERE id = $1
