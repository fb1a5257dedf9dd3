#!/usr/bin/env bash
# Soak. Usage: bash bench/soak.sh [--quick]
#   The API (jar, embedded PostgreSQL) under a mixed read/write load for 30 minutes (--quick: 3): wrk at 32
#   connections on GET /articles/{id}, a 16-worker probe mixing GET /articles?limit=5 and POST /articles, 8 live
#   event subscribers and an NDJSON listing of everything every 30 s. Every 10 s it records the API's resident
#   memory, heap after GC (old generation after its last collection), pool connections acquired and idle, and open file descriptors. The
#   result (bench/results/soak-*.md) compares the first sample after warm-up with the last.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export BENCH_DIR

MINUTES=30; WARMUP_SAMPLES=12
[ "${1:-}" = "--quick" ] && { MINUTES=3; WARMUP_SAMPLES=6; }
SECONDS_TOTAL=$(( MINUTES * 60 ))
JVM_FLAGS=${JVM_FLAGS:--Xms192m -Xmx192m -XX:+UseG1GC}

need wrk wrk
need node nodejs
need curl curl
need psql postgresql-client

trap 'status=$?; jobs -p | xargs -r kill 2>/dev/null || true; stop_api; exit $status' EXIT
export SIGNUP_MAX_PER_ADDRESS=1000
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)   # the code the jar is built from, not the HEAD at the end
build_jar
# shellcheck disable=SC2086
start_api $JVM_FLAGS

login() { # login <email> <password> -> token
  curl -sf -D - -o /dev/null "localhost:$API_PORT/authentication/log-in" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" | sed -n 's/^Set-Cookie: Authentication=\([^;]*\);.*/\1/ip'
}
curl -sf "localhost:$API_PORT/authentication/sign-up" -H 'Content-Type: application/json' \
  -d '{"email":"bench@bench.test","name":"Bench","password":"bench-password"}' >/dev/null
TOKEN=$(login bench@bench.test bench-password)
ADMIN=$(login admin@articles.local admin-password)   # the embedded mode's development admin (loopback only)
[ -n "$TOKEN" ] && [ -n "$ADMIN" ] || { echo "could not log in" >&2; exit 1; }
psql_db -c "INSERT INTO articles (title, content, author_id)
            SELECT 'Article ' || g, repeat('Body of article ' || g || '. ', 40), 1 FROM generate_series(1, 20000) g" \
        -c "VACUUM ANALYZE articles" >/dev/null

metric() { # metric <prometheus text> <name{labels} prefix>: the sum of the matching samples
  awk -v m="$2" 'index($0, m) == 1 { s += $NF } END { printf "%.0f", s }' <<<"$1"
}
sample() {
  local prom rss fds
  prom=$(curl -sf -H "Authorization: Bearer $ADMIN" "localhost:$API_PORT/actuator/prometheus" || true)
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$API_PID/status")
  fds=$(ls "/proc/$API_PID/fd" | wc -l)
  # heap after GC: the old generation's use after the last collection (usage-after-GC ratio x its maximum)
  local after max
  after=$(awk 'index($0, "jvm_memory_usage_after_gc{") == 1 && /pool="long-lived"/ {print $NF}' <<<"$prom")
  max=$(awk 'index($0, "jvm_memory_max_bytes{") == 1 && /G1 Old Gen/ {print $NF}' <<<"$prom")
  echo "$1 $rss $(awk -v a="${after:-0}" -v m="${max:-0}" 'BEGIN {printf "%.0f", a * m / 1048576}') \
$(metric "$prom" r2dbc_pool_acquired_connections) $(metric "$prom" r2dbc_pool_idle_connections) $fds"
}

export PATH_TEMPLATE=/articles/%d MIN=1 MAX=20000 AUTH=
LOAD=()
wrk -t1 -c32 -d"${SECONDS_TOTAL}s" --timeout 10s -s "$BENCH_DIR/wrk/get.lua" "http://127.0.0.1:$API_PORT" \
  > "$WORK/wrk.txt" 2>&1 &
LOAD+=($!)
node "$BENCH_DIR/faults/probe.mjs" "http://127.0.0.1:$API_PORT" "$TOKEN" "$SECONDS_TOTAL" 16 "$WORK/probe.json" counts &
LOAD+=($!)
for _ in $(seq 1 8); do
  curl -s -N -o /dev/null --max-time "$SECONDS_TOTAL" "localhost:$API_PORT/articles/events" &
  LOAD+=($!)
done
( end=$(( $(date +%s) + SECONDS_TOTAL - 30 ))
  while [ "$(date +%s)" -lt "$end" ]; do
    curl -s -o /dev/null -H 'Accept: application/x-ndjson' "localhost:$API_PORT/articles" || true
    sleep 30
  done ) &
LOAD+=($!)

SAMPLES="$WORK/samples.txt"
: > "$SAMPLES"
for t in $(seq 10 10 "$SECONDS_TOTAL"); do
  sleep 10
  sample "$t" >> "$SAMPLES"
  echo "t=$(tail -1 "$SAMPLES")" >&2
done
wait "${LOAD[@]}" # the load only: the API is a child of this shell too

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH_DIR/results"
OUT="$BENCH_DIR/results/soak-$STAMP-$COMMIT.md"
first=$(sed -n "${WARMUP_SAMPLES}p" "$SAMPLES"); last=$(tail -1 "$SAMPLES")
col() { awk -v c="$2" '{print $c}' <<<"$1"; }
{
  echo "# Soak $STAMP ($MINUTES min)"
  echo
  echo "- commit: \`$COMMIT\`; $(nproc) cores shared by the API, PostgreSQL, wrk and the probe; JVM flags \`$JVM_FLAGS\`"
  echo "- load: wrk -c32 GET /articles/{id} ($(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' "$WORK/wrk.txt") req/s, non-2xx $(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' "$WORK/wrk.txt")); probe (16 workers, GET /articles?limit=5 and POST /articles) answers by status: \`$(cat "$WORK/probe.json")\`; 8 event subscribers; a full NDJSON listing every 30 s"
  echo "- after warm-up (sample $WARMUP_SAMPLES, t=$(col "$first" 1) s) -> end (t=$(col "$last" 1) s): RSS $(col "$first" 2) -> $(col "$last" 2) MB, heap after GC $(col "$first" 3) -> $(col "$last" 3) MB, open file descriptors $(col "$first" 6) -> $(col "$last" 6)"
  echo
  echo "| t (s) | RSS MB | heap after GC MB | pool acquired | pool idle | open fds |"
  echo "|---|---|---|---|---|---|"
  awk '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$SAMPLES"
} > "$OUT"
cat "$OUT"
echo "written: $OUT" >&2
