#!/usr/bin/env bash
# Faults under load. Usage: bash bench/faults.sh [--quick]
#   Runs the API (jar) against a PostgreSQL server of its own (Debian's postgresql-15, started here under the
#   postgres user, on loopback), and for each fault drives a load for RUN seconds: wrk at 64 connections on
#   GET /articles/{id}, plus a probe (bench/faults/probe.mjs, 16 workers: GET /articles?limit=5 and POST /articles)
#   that records every answer. The fault starts at FAULT_AT s. Figures per fault, in bench/results/faults-*.md:
#   time from the fault to the first 503, time from the database's return to the first 2xx, the slowest answer,
#   5xx other than 503 (must be 0), requests with no answer, and acknowledged writes lost (every 201 POST /articles
#   must be in the table afterwards: must be 0).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export BENCH_DIR

QUICK=false
[ "${1:-}" = "--quick" ] && QUICK=true
if $QUICK; then RUN=16; STALL=6; else RUN=30; STALL=12; fi
FAULT_AT=5
PG_BIN=/usr/lib/postgresql/15/bin
JVM_FLAGS=${JVM_FLAGS:--Xms192m -Xmx192m -XX:+UseG1GC}

need wrk wrk
need psql postgresql-client
need "$PG_BIN/pg_ctl" postgresql-15
need node nodejs
need curl curl

chmod 755 "$WORK"
PGDATA="$WORK/pg"
pg() { runuser -u postgres -- "$PG_BIN/$1" "${@:2}"; }
pg_start() {
  pg pg_ctl -D "$PGDATA" -l "$WORK/sock/pg.log" -w -t 60 \
    -o "-p $DB_PORT -k $WORK/sock -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
}
postmaster() { head -1 "$PGDATA/postmaster.pid"; }
pg_processes() { local p; p=$(postmaster); echo "$p" $(pgrep -P "$p" || true); }

mkdir -p "$WORK/sock" && chown postgres "$WORK/sock"
install -d -o postgres "$PGDATA"
pg initdb -D "$PGDATA" -A trust -U postgres >/dev/null
pg_start

cleanup() {
  status=$?
  jobs -p | xargs -r kill 2>/dev/null || true
  stop_api
  kill -CONT $(pg_processes 2>/dev/null) 2>/dev/null || true
  pg pg_ctl -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  exit $status
}
trap cleanup EXIT

export DATABASE_URL="postgresql://postgres@127.0.0.1:$DB_PORT/postgres" SERVER_ADDRESS=127.0.0.1 \
  ADMIN_EMAIL=admin@bench.test ADMIN_PASSWORD=bench-admin-password \
  STREAMS_MAX_LISTINGS=${STREAMS_MAX_LISTINGS:-32} EVENTS_MAX_SUBSCRIBERS=${EVENTS_MAX_SUBSCRIBERS:-200} \
  SIGNUP_MAX_PER_ADDRESS=1000
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)   # the code the jar is built from, not the HEAD at the end
build_jar
# shellcheck disable=SC2086
start_api $JVM_FLAGS

sign_in_bench_user
psql_db -c "INSERT INTO articles (title, content, author_id)
            SELECT 'Article ' || g, repeat('Body of article ' || g || '. ', 40), 1 FROM generate_series(1, 5000) g" \
        -c "VACUUM ANALYZE articles" >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# run_fault <name> <inject function> : the load, the fault at FAULT_AT s; the inject function prints the ms (since
# the probe began) at which the database was back, or the fault ended
run_fault() {
  local name=$1 inject=$2
  export PATH_TEMPLATE=/articles/%d MIN=1 MAX=5000 AUTH=
  wrk -t1 -c64 -d"${RUN}s" --timeout 10s -s "$BENCH_DIR/wrk/get.lua" "http://127.0.0.1:$API_PORT" \
    > "$WORK/wrk-$name.txt" 2>&1 &
  local wrk_pid=$!
  local start; start=$(now_ms)
  node "$BENCH_DIR/faults/probe.mjs" "http://127.0.0.1:$API_PORT" "$TOKEN" "$RUN" 16 "$WORK/probe-$name.jsonl" &
  local probe=$!
  sleep "$FAULT_AT"
  local fault_at=$(( $(now_ms) - start ))
  local back_at; back_at=$("$inject" "$start" "$WORK/$name.extra")
  wait "$probe"; wait "$wrk_pid" || true
  psql_db -tAc "SELECT id FROM articles" > "$WORK/stored-$name.txt"
  local summary wrk_result
  summary=$(node "$BENCH_DIR/faults/summary.mjs" "$WORK/probe-$name.jsonl" "$fault_at" "$back_at" "$WORK/stored-$name.txt")
  wrk_result=$(grep '^RESULT' "$WORK/wrk-$name.txt" || echo "RESULT none")
  local extra; extra=$(cat "$WORK/$name.extra" 2>/dev/null || true)
  echo "$name: $summary | wrk $wrk_result $extra" >&2
  ROWS+=("$name|$summary|$wrk_result|$extra")
}

no_fault() { echo $(( $(now_ms) - $1 )); }
stall() { # SIGSTOP every PostgreSQL process (a frozen host), SIGCONT after STALL s
  local procs; procs=$(pg_processes)
  kill -STOP $procs
  sleep "$STALL"
  kill -CONT $procs
  echo $(( $(now_ms) - $1 ))
}
kill9() { # SIGKILL the server and every backend, then start it again (crash recovery)
  kill -9 $(pg_processes)
  sleep 2
  rm -f "$PGDATA/postmaster.pid"
  pg_start
  echo $(( $(now_ms) - $1 ))
}
terminate() { # pg_terminate_backend of every client connection, twice, 2 s apart
  local n
  n=$(psql_db -tAc "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
  sleep 2
  n2=$(psql_db -tAc "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
  echo "terminated=$n+$n2" > "$2"
  echo $(( $(now_ms) - $1 ))
}
too_many_streams() { # EVENTS_MAX_SUBSCRIBERS + 50 subscribers and STREAMS_MAX_LISTINGS + 16 slow listings at once
  local dir="$WORK/streams"; mkdir -p "$dir"
  for i in $(seq 1 $(( EVENTS_MAX_SUBSCRIBERS + 50 ))); do
    curl -s -o /dev/null -w '%{http_code}\n' -N --max-time 8 "localhost:$API_PORT/articles/events" >> "$dir/events" &
  done
  for i in $(seq 1 $(( STREAMS_MAX_LISTINGS + 16 ))); do
    curl -s -o /dev/null -w '%{http_code}\n' --limit-rate 1k --max-time 8 -H 'Accept: application/x-ndjson' \
      "localhost:$API_PORT/articles" >> "$dir/listings" &
  done
  local rss_before rss_peak=0 r
  rss_before=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$API_PID/status")
  for _ in 1 2 3 4 5 6 7 8 9; do
    r=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$API_PID/status"); [ "$r" -gt "$rss_peak" ] && rss_peak=$r
    sleep 1
  done
  wait
  echo "subscribers: $(grep -c '^200' "$dir/events" || true) x 200, $(grep -c '^503' "$dir/events" || true) x 503;" \
       "1 KB/s listings: $(grep -c '^200' "$dir/listings" || true) x 200, $(grep -c '^503' "$dir/listings" || true) x 503;" \
       "API RSS ${rss_before} -> ${rss_peak} MB" > "$2"
  echo $(( $(now_ms) - $1 ))
}

ROWS=()
run_fault baseline no_fault
run_fault stall stall
run_fault kill9 kill9
run_fault terminate terminate
run_fault streams too_many_streams

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH_DIR/results"
OUT="$BENCH_DIR/results/faults-$STAMP-$COMMIT.md"
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
{
  echo "# Faults under load $STAMP"
  echo
  echo "- commit: \`$COMMIT\`; $(nproc) cores shared by the API, PostgreSQL $(psql_db -tAc 'SHOW server_version'), wrk and the probe"
  echo "- each run ${RUN} s: wrk -c64 on GET /articles/{id} and a 16-worker probe (GET /articles?limit=5, POST /articles); the fault at ${FAULT_AT} s; stall = SIGSTOP for ${STALL} s"
  echo "- the API's bounds at their defaults (REQUEST_TIMEOUT 4500ms, DB_STALL_TIMEOUT 3s, ...); STREAMS_MAX_LISTINGS=$STREAMS_MAX_LISTINGS, EVENTS_MAX_SUBSCRIBERS=$EVENTS_MAX_SUBSCRIBERS"
  echo
  echo "| fault | probe requests | 2xx | 503 | fault -> first 503 (s) | database back -> first 2xx (s) | slowest answer (s) | 5xx other than 503 | no answer | acknowledged writes | lost | wrk req/s | wrk non-2xx | notes |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name s w extra <<<"$row"
    echo "| $name | $(field requests "$s") | $(field ok "$s") | $(field s503 "$s") | $(field first503_s "$s") | $(field first2xx_after_recovery_s "$s") | $(field slowest_s "$s") | $(field other5xx "$s") | $(field no_answer "$s") | $(field acknowledged_writes "$s") | $(field lost_writes "$s") | $(field rps "$w") | $(field non2xx "$w") | $extra |"
  done
} > "$OUT"
cat "$OUT"
echo "written: $OUT" >&2
