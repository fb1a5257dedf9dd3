-- An instant written the way the API writes one in JSON (ISO-8601 in UTC, the fraction in groups of three digits,
-- only as many as it needs: 2026-11-23T15:31:32Z, 2026-11-23T15:31:32.557Z, 2026-11-23T15:31:32.557054Z), so that
-- an event payload built by a statement reads exactly like the response body of the same change.
CREATE FUNCTION json_instant(t timestamptz) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
    SELECT regexp_replace(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '(\.000)?000$', '') || 'Z'
$$;
