SELECT lsn - CASE WHEN lsn % segment = 40 THEN 40 WHEN lsn % page = 24 THEN 24 ELSE 0 END AS lsn
FROM (SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint AS lsn,
             current_setting('wal_block_size')::bigint AS page,
             pg_size_bytes(current_setting('wal_segment_size')) AS segment) AS insert
