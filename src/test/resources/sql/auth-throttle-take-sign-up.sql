SELECT throttle_take(ARRAY[$1], ARRAY[$2], $3) AS wait_ms
