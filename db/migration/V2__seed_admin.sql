-- The admin account; its email and bcrypt hash come from ADMIN_EMAIL / ADMIN_PASSWORD (see AdminSeed).
INSERT INTO users (email, name, password, role)
VALUES ('${admin_email}', 'Admin', '${admin_password_hash}', 'admin')
ON CONFLICT ON CONSTRAINT users_email_key DO NOTHING;
