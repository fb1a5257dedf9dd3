CREATE TABLE addresses (
    id      bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT addresses_pkey PRIMARY KEY,
    street  text,
    city    text,
    country text
);

CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT users_pkey PRIMARY KEY,
    email      text NOT NULL CONSTRAINT users_email_key UNIQUE,
    name       text NOT NULL,
    password   text NOT NULL,
    role       text NOT NULL DEFAULT 'user' CONSTRAINT users_role_check CHECK (role IN ('user', 'admin')),
    address_id bigint CONSTRAINT users_address_id_key UNIQUE
                      CONSTRAINT users_address_id_fkey REFERENCES addresses (id) ON DELETE SET NULL
);
