#!/usr/bin/env bash
# Streams N articles (default 1,000,000) as NDJSON from the API running with -Xmx256m and reports rows/s and
# the API's peak resident memory. Usage: bash bench/stream-memory.sh [rows]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROWS=${1:-1000000}
trap 'status=$?; stop_api; exit $status' EXIT
need psql postgresql-client
need curl curl

build_jar
start_api -Xmx256m
echo "loading $ROWS articles" >&2
psql_db -c "INSERT INTO articles (title, content, author_id)
            SELECT 'Article ' || g, repeat('Lorem ipsum dolor sit amet. ', 20), 1 FROM generate_series(1, $ROWS) g"

start=$(date +%s.%N)
lines=$(curl -sf -H 'Accept: application/x-ndjson' "localhost:$API_PORT/articles" | wc -l)
end=$(date +%s.%N)
rss=$(peak_rss_mb)
alive=$(kill -0 "$API_PID" 2>/dev/null && echo yes || echo no)

seconds=$(echo "$end - $start" | bc -l)
printf 'rows streamed: %d of %d\nseconds: %.1f\nrows/s: %.0f\nAPI peak RSS (-Xmx256m): %s MB\nAPI still up: %s\n' \
  "$lines" "$ROWS" "$seconds" "$(echo "$lines / $seconds" | bc -l)" "$rss" "$alive"
[ "$lines" = "$ROWS" ] && [ "$alive" = yes ]
