SELECT throttle_take(ARRAY[$1, $2, $3],
    CASE WHEN EXISTS (SELECT 1 FROM login_trusted_clients t
    WHERE t.email = $4 AND t.address = $5
      AND t.last_success > now() - $6 * interval '1 millisecond') THEN ARRAY[$7, NULL, NULL]
         ELSE ARRAY[$7, $8, $9] END,
    $10) AS wait_ms
