SELECT COALESCE((pg_last_wal_replay_lsn() - '0/0')::bigint, -1) AS lsn
