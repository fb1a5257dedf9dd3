-- Idempotency-Key (draft-ietf-httpapi-idempotency-key-header) on POST /articles and POST /categories: one row per
-- key a caller used, written in the transaction of the create it answered (a rolled-back create leaves none), with
-- a SHA-256 fingerprint of the request and the answer to replay (status, Location/ETag/Content-Type, body bytes).
-- Rows older than IDEMPOTENCY_RETENTION no longer replay and are pruned in batches. A user's keys go with the user.
CREATE TABLE idempotency_keys (
    user_id       bigint      NOT NULL,
    key           text        NOT NULL CHECK (key ~ '^[\x21-\x7e]{1,255}$'),
    fingerprint   bytea       NOT NULL CHECK (octet_length(fingerprint) = 32),
    status        smallint    NOT NULL,
    header_names  text[]      NOT NULL,
    header_values text[]      NOT NULL,
    body          bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key),
    CONSTRAINT idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
