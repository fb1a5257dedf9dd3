-- Throttling counts shared by every API instance on this database: one row per key (for example one email from
-- one client address), counting attempts in a fixed window that starts with the first attempt after the
-- previous window ended.
CREATE TABLE throttle_counters (
    key       text        NOT NULL,
    attempts  integer     NOT NULL,
    resets_at timestamptz NOT NULL,
    CONSTRAINT throttle_counters_pkey PRIMARY KEY (key)
);

-- An email that signed in successfully from a client address: the per-address limit does not apply to it there,
-- so that strangers' failures behind one shared address (an office, a NAT) do not lock out its known users.
CREATE TABLE login_trusted_clients (
    email        text        NOT NULL,
    address      text        NOT NULL,
    last_success timestamptz NOT NULL,
    CONSTRAINT login_trusted_clients_pkey PRIMARY KEY (email, address)
);

CREATE INDEX throttle_counters_resets_at_idx ON throttle_counters (resets_at);

CREATE INDEX login_trusted_clients_last_success_idx ON login_trusted_clients (last_success);

-- Takes one attempt from the budget of every key whose limit is not null, or from none of them: returns 0 when
-- taken, otherwise the milliseconds until the first full key's window ends. The rows are created and locked in
-- key order (every caller locks in that order: no deadlock), so parallel attempts queue on the rows and each
-- sees the counts the previous one left: N parallel attempts can never spend more than the limit.
CREATE FUNCTION throttle_take(p_keys text[], p_limits integer[], p_window_ms bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    wait_ms bigint := 0;
    window_length interval := p_window_ms * interval '1 millisecond';
    r record;
BEGIN
    FOR r IN
        INSERT INTO throttle_counters AS c (key, attempts, resets_at)
        SELECT k.key, 0, now() + window_length
        FROM unnest(p_keys, p_limits) AS k(key, lim)
        WHERE k.lim IS NOT NULL
        ORDER BY k.key
        ON CONFLICT (key) DO UPDATE SET
            attempts  = CASE WHEN c.resets_at <= now() THEN 0 ELSE c.attempts END,
            resets_at = CASE WHEN c.resets_at <= now() THEN now() + window_length ELSE c.resets_at END
        RETURNING c.key, c.attempts, c.resets_at
    LOOP
        IF r.attempts >= p_limits[array_position(p_keys, r.key)] THEN
            wait_ms := greatest(wait_ms, ceil(extract(epoch FROM r.resets_at - now()) * 1000)::bigint, 1);
        END IF;
    END LOOP;
    IF wait_ms = 0 THEN
        UPDATE throttle_counters c SET attempts = c.attempts + 1
        FROM unnest(p_keys, p_limits) AS k(key, lim)
        WHERE c.key = k.key AND k.lim IS NOT NULL;
    END IF;
    RETURN wait_ms;
END
$$;

-- A successful log-in: one attempt goes back to each of p_keys (within their windows) and p_clear is forgotten.
-- The rows are locked in key order first, as throttle_take locks them, so the two never deadlock.
CREATE FUNCTION throttle_give_back(p_keys text[], p_clear text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM throttle_counters WHERE key = ANY(p_keys) OR key = p_clear ORDER BY key FOR UPDATE;
    UPDATE throttle_counters SET attempts = greatest(attempts - 1, 0) WHERE key = ANY(p_keys) AND resets_at > now();
    DELETE FROM throttle_counters WHERE key = p_clear;
END
$$;
