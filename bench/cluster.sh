#!/usr/bin/env bash
# A load-balanced cluster, drilled. Usage: bash bench/cluster.sh [--quick]
#   On loopback: a PostgreSQL 15 primary and a streaming replica (Debian's postgresql-15, pg_basebackup -R, run as
#   the postgres user), three API instances from the jar (DATABASE_URL: the primary; DATABASE_READ_URL: the
#   replica), HAProxy in front (bench/cluster/haproxy.cfg: health checks on /actuator/health/readiness).
#   Under a mixed load through HAProxy (wrk on GET /articles/{id}; bench/cluster/load.mjs: writers with
#   Idempotency-Key and If-Match, 500 event subscribers resuming with Last-Event-ID), three drills:
#   (a) a rolling restart: each instance stopped with SIGTERM, started again, ready in HAProxy, then the next;
#   (b) kill -9 of one instance, then started again; (c) the replica stopped, then started.
#   Then the throughput of 3, 2 and 1 instances behind HAProxy, and pgbench on the primary with the API's write
#   statements. Results: bench/results/cluster-<time>-<commit>.md. About 6 minutes (--quick: about 3).
set -euo pipefail
# ports of their own (the other bench scripts use 15432 and 18080)
DB_PORT=${DB_PORT:-25432}
source "$(dirname "$0")/lib.sh"
export BENCH_DIR

QUICK=false
[ "${1:-}" = "--quick" ] && QUICK=true
if $QUICK; then SETTLE=4; ROUND=5; PGBENCH_S=5; SUBSCRIBERS=${SUBSCRIBERS:-500}; else SETTLE=10; ROUND=15; PGBENCH_S=15; SUBSCRIBERS=${SUBSCRIBERS:-500}; fi
PG_BIN=/usr/lib/postgresql/15/bin
JVM_FLAGS=${JVM_FLAGS:--Xms192m -Xmx192m -XX:+UseG1GC -XX:TieredStopAtLevel=1}
LB_PORT=28080
REPLICA_PORT=$((DB_PORT + 1))
API_PORTS=(28081 28082 28083)
WRK_CONNECTIONS=${WRK_CONNECTIONS:-16}

need wrk wrk
need psql postgresql-client
need pgbench postgresql-client
need "$PG_BIN/pg_ctl" postgresql-15
need haproxy haproxy
need node nodejs
need curl curl

chmod 755 "$WORK"
mkdir -p "$WORK/sock" && chown postgres "$WORK/sock"
pg() { runuser -u postgres -- "$PG_BIN/$1" "${@:2}"; }
pg_start() { # pg_start <data dir> <port>
  pg pg_ctl -D "$1" -l "$WORK/sock/$(basename "$1").log" -w -t 60 \
    -o "-p $2 -k $WORK/sock -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
}
pg_stop() { pg pg_ctl -D "$1" -m "${2:-fast}" -w stop >/dev/null; }
psql_primary() { psql -X -q -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql_replica() { psql -X -q -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

PIDS=(0 0 0)
HAPROXY_PID=
LOAD_PIDS=()
cleanup() {
  status=$?
  for p in "${LOAD_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do [ "$p" != 0 ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do [ "$p" != 0 ] && wait "$p" 2>/dev/null || true; done
  [ -n "$HAPROXY_PID" ] && kill "$HAPROXY_PID" 2>/dev/null || true
  pg pg_ctl -D "$WORK/replica" -m immediate stop >/dev/null 2>&1 || true
  pg pg_ctl -D "$WORK/primary" -m immediate stop >/dev/null 2>&1 || true
  exit $status
}
trap cleanup EXIT

# the primary (initdb's trust for local and loopback, replication included), then the replica from its base copy
install -d -o postgres "$WORK/primary"
pg initdb -D "$WORK/primary" -A trust -U postgres >/dev/null
pg_start "$WORK/primary" "$DB_PORT"
install -d -o postgres -m 700 "$WORK/replica"
pg pg_basebackup -h 127.0.0.1 -p "$DB_PORT" -U postgres -D "$WORK/replica" -R -X stream -c fast
pg_start "$WORK/replica" "$REPLICA_PORT"


COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)   # the code the jar is built from, not the HEAD at the end
build_jar

# every instance alike but for its port; SHUTDOWN_DELAY (when the API knows it) keeps an instance serving, not
# ready, while HAProxy notices (fall 2 x inter 1 s)
export DATABASE_URL="postgresql://postgres@127.0.0.1:$DB_PORT/postgres" \
  DATABASE_READ_URL="postgresql://postgres@127.0.0.1:$REPLICA_PORT/postgres" SERVER_ADDRESS=127.0.0.1 \
  ADMIN_EMAIL=admin@bench.test ADMIN_PASSWORD=bench-admin-password JWT_SECRET=bench-secret-bench-secret-bench-secret-0123 \
  JWT_EXPIRATION_TIME=86400 SIGNUP_MAX_PER_ADDRESS=1000 SHUTDOWN_DELAY=${SHUTDOWN_DELAY:-3s} \
  DB_POOL_MAX_SIZE=${DB_POOL_MAX_SIZE:-10}
api_start() { # api_start <0..2>
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 PORT=${API_PORTS[$1]} java $JVM_FLAGS -jar "$JAR" --logging.level.root=warn \
    --server.forward-headers-strategy=framework >>"$WORK/api$(($1 + 1)).log" 2>&1 &
  PIDS[$1]=$!
}
api_ready() { # api_ready <0..2>: until the instance itself answers ready
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:${API_PORTS[$1]}/actuator/health/readiness" && return 0
    kill -0 "${PIDS[$1]}" 2>/dev/null || { tail -50 "$WORK/api$(($1 + 1)).log" >&2; return 1; }
    sleep 0.25
  done
  echo "api$(($1 + 1)) not ready" >&2; return 1
}
# HAProxy's view of a server, from its stats page: UP, DOWN, ...
lb_state() { { curl -fs "http://127.0.0.1:28404/stats;csv" || true; } | awk -F, -v s="api$(($1 + 1))" '$1 == "api" && $2 == s {print $18}'; }
lb_wait() { # lb_wait <0..2> <UP|DOWN>: UP (not "UP 1/2", going down), DOWN (or "DOWN 1/2", coming up)
  local s
  for _ in $(seq 1 240); do
    s=$(lb_state "$1"); { [ "$2" = UP ] && [ "$s" = UP ]; } || { [ "$2" = DOWN ] && [[ "$s" == DOWN* ]]; } && return 0
    sleep 0.25
  done
  echo "HAProxy never saw api$(($1 + 1)) $2" >&2; return 1
}

api_start 0
api_ready 0
psql_primary -f "$BENCH_DIR/sql/dataset.sql" >/dev/null
api_start 1
api_start 2
api_ready 1
api_ready 2

# HAProxy with the shared configuration, plus a stats page for this script
cat "$BENCH_DIR/cluster/haproxy.cfg" - > "$WORK/haproxy.cfg" <<'EOF'

frontend stats
    bind 127.0.0.1:28404
    stats enable
    stats uri /stats
EOF
BIND=127.0.0.1:$LB_PORT API1=127.0.0.1:${API_PORTS[0]} API2=127.0.0.1:${API_PORTS[1]} API3=127.0.0.1:${API_PORTS[2]} \
  haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
sleep 0.5; kill -0 "$HAPROXY_PID" || { cat "$WORK/haproxy.log" >&2; exit 1; }
for i in 0 1 2; do lb_wait "$i" UP; done
API_PORT=$LB_PORT sign_in_bench_user

now_s() { date +%s.%N; }
REPLICA_LAG=
# drill <name> <function>: the load through HAProxy, SETTLE s, the disturbance, SETTLE s, the figures
drill() {
  local name=$1 out="$WORK/load-$1.json" from
  from=$(psql_primary -tAc "SELECT COALESCE(max(id), 0) FROM article_events")
  node "$BENCH_DIR/cluster/load.mjs" base="http://127.0.0.1:$LB_PORT" token="$TOKEN" out="$out" from="$from" \
    subscribers="$SUBSCRIBERS" writers=4 tag="$name" 2>>"$WORK/load.log" &
  local load=$!; LOAD_PIDS+=("$load")
  for _ in $(seq 1 600); do [ -f "$out.started" ] && break; sleep 0.1; done
  PATH_TEMPLATE=/articles/%d MIN=1 MAX=20000 AUTH= wrk -t1 -c"$WRK_CONNECTIONS" -d600s --timeout 10s \
    -s "$BENCH_DIR/wrk/get.lua" "http://127.0.0.1:$LB_PORT" >"$WORK/wrk-$name.txt" 2>&1 &
  local wrk=$!
  sleep "$SETTLE"
  local t0; t0=$(now_s)
  "$2" >"$WORK/$name.extra"
  local took; took=$(awk -v a="$t0" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }')
  sleep "$SETTLE"
  kill -INT "$wrk"; wait "$wrk" || true
  kill -TERM "$load"
  for _ in $(seq 1 600); do [ -f "$out.ready" ] && break; sleep 0.1; done
  psql_primary -tAc "SELECT id FROM article_events WHERE id > $from ORDER BY id" >"$out.expected.tmp"
  psql_primary -tAc "SELECT id, version FROM articles WHERE title LIKE 'Cluster $name %' OR title LIKE 'Patched $name %'" \
    | tr '|' ' ' >"$out.stored.tmp"
  mv "$out.expected.tmp" "$out.expected"; mv "$out.stored.tmp" "$out.stored"
  wait "$load" || true
  local w; w=$(grep '^RESULT' "$WORK/wrk-$name.txt" || echo "RESULT none")
  echo "$name ($took s): $(cat "$out") | wrk $w | $(cat "$WORK/$name.extra")" | tr '\n' ' ' >&2; echo >&2
  ROWS+=("$name|$took|$w|$(tr '\n' ' ' <"$WORK/$name.extra")")
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

rolling_restart() { # each instance: SIGTERM, gone, started, UP in HAProxy; then the next
  local i t notes=""
  for i in 0 1 2; do
    t=$(now_ms)
    kill -TERM "${PIDS[$i]}"
    wait "${PIDS[$i]}" || true
    local down=$(( $(now_ms) - t ))
    lb_wait "$i" DOWN
    api_start "$i"
    lb_wait "$i" UP
    notes+="api$((i + 1)): stopped in ${down} ms, back in HAProxy after $(( $(now_ms) - t )) ms; "
  done
  echo "$notes"
}
kill9() { # kill -9 of api2 under load, then started again
  local t; t=$(now_ms)
  kill -9 "${PIDS[1]}"
  wait "${PIDS[1]}" 2>/dev/null || true
  lb_wait 1 DOWN
  local seen=$(( $(now_ms) - t ))
  api_start 1
  lb_wait 1 UP
  echo "HAProxy saw api2 DOWN after ${seen} ms; back UP after $(( $(now_ms) - t )) ms"
}
replica_restart() { # the replica stopped (fast) for SETTLE s, then started; its lag when back
  pg_stop "$WORK/replica" fast
  sleep "$SETTLE"
  pg_start "$WORK/replica" "$REPLICA_PORT"
  local lag
  lag=$(psql_replica -tAc "SELECT GREATEST(0, COALESCE(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000), 0))")
  echo "replica down ${SETTLE} s; replay lag when back: ${lag} ms"
}

ROWS=()
drill rolling-restart rolling_restart
drill kill-9 kill9
drill replica-stop replica_restart

# throughput behind HAProxy with 3, 2 and 1 instances (api3, then api2 stopped), GET /articles/{id}
THROUGHPUT=()
for n in 3 2 1; do
  wrk_round "$LB_PORT" "${PIDS[0]}" a 2 >/dev/null   # warm-up
  read -r reqs rps _ errs p99 <<<"$(wrk_round "$LB_PORT" "${PIDS[0]}" a "$ROUND")"
  THROUGHPUT+=("$n|$rps|$errs|$p99")
  echo "$n instance(s): $rps req/s, $errs errors, p99 $p99 ms" >&2
  if [ "$n" -gt 1 ]; then
    kill -TERM "${PIDS[$((n - 1))]}"; wait "${PIDS[$((n - 1))]}" || true; PIDS[$((n - 1))]=0
    lb_wait $((n - 1)) DOWN
  fi
done

# the primary's write ceiling: the API's INSERT of POST /articles and UPDATE of PATCH /articles/{id}, as the
# test suite records them (src/test/resources/sql), with pgbench's variables for the parameters
SQL_DIR="$ROOT/src/test/resources/sql"
U_MIN=$(psql_primary -tAc "SELECT min(id) FROM users WHERE email LIKE 'user%@bench.test'")
C_MIN=$(psql_primary -tAc "SELECT min(id) FROM categories")
{ echo "\\set author random($U_MIN, $((U_MIN + 999)))"; echo "\\set c random($C_MIN, $((C_MIN + 49)))"
  sed -e "s/\$1::bigint\[\]/ARRAY[:c::bigint]/; s/\$2/:author::bigint/; s/\$3/'pgbench title'/; s/\$4/'pgbench content of a few words'/" \
    "$SQL_DIR/article-insert.sql"; echo ";"; } >"$WORK/pgbench-insert.sql"
{ echo "\\set id random(1, 20000)"; echo "\\set c random($C_MIN, $((C_MIN + 49)))"
  sed -e "s/\$1::bigint\[\]/ARRAY[:c::bigint]/; s/\$2/'pgbench patched'/; s/\$3/NULL::text/; s/\$4/:id::bigint/g; s/\$5/false/g" \
    "$SQL_DIR/article-update.sql"; echo ";"; } >"$WORK/pgbench-update.sql"
PGBENCH=()
for script in insert update; do
  tps=$(pgbench -n -M prepared -c 8 -j 2 -T "$PGBENCH_S" -h 127.0.0.1 -p "$DB_PORT" -U postgres \
    -f "$WORK/pgbench-$script.sql" postgres 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
  PGBENCH+=("$script|$tps")
  echo "pgbench $script: $tps tps" >&2
done
tps=$(pgbench -n -M prepared -c 8 -j 2 -T "$PGBENCH_S" -h 127.0.0.1 -p "$DB_PORT" -U postgres \
  -f "$WORK/pgbench-insert.sql@1" -f "$WORK/pgbench-update.sql@1" postgres 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
PGBENCH+=("half and half|$tps")

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH_DIR/results"
OUT="$BENCH_DIR/results/cluster-$STAMP-$COMMIT.md"
j() { node -e "const r = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); console.log($2)" "$WORK/load-$1.json"; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
{
  echo "# A load-balanced cluster, drilled: $STAMP"
  echo
  $QUICK && echo "**A --quick run** (${SETTLE} s of load before and after each disturbance, ${ROUND} s throughput rounds)." && echo
  echo "- commit \`$COMMIT\`; $(nproc) cores shared by everything below (and whatever else runs on the machine): HAProxy $(haproxy -v | sed -n 's/^HAProxy version \([^ ]*\).*/\1/p'), PostgreSQL $(psql_primary -tAc 'SHOW server_version') primary and streaming replica, three API instances (\`java $JVM_FLAGS\`, \`SHUTDOWN_DELAY=$SHUTDOWN_DELAY\`, \`DB_POOL_MAX_SIZE=$DB_POOL_MAX_SIZE\`), wrk and the Node load"
  echo "- load through HAProxy during each drill: wrk -c$WRK_CONNECTIONS on GET /articles/{id}; 4 writers (POST /articles with Idempotency-Key, then PATCH with If-Match, each retried with the same key / If-Match after no answer, 503 or 409); $SUBSCRIBERS event subscribers resuming with Last-Event-ID; ${SETTLE} s of load, the disturbance, ${SETTLE} s more"
  echo "- failed: an answer other than 2xx, 503, 409, 412, or none (refused, reset, closed). wrk counts every non-2xx/3xx"
  echo
  echo "| drill | took (s) | wrk requests | wrk non-2xx | wrk socket errors | writer requests | writer failed | acknowledged writes (POST + PATCH) | lost | events | missed | duplicated | out of order | subscriber reconnects | until all subscribers back (ms, each time) | notes |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name took w extra <<<"$row"
    echo "| $name | $took | $(field requests "$w") | $(field non2xx "$w") | $(field socket_errors "$w") | $(j "$name" r.requests) | $(j "$name" r.failed) | $(j "$name" "r.acknowledgedPosts + ' + ' + r.acknowledgedPatches") | $(j "$name" r.lost) | $(j "$name" r.events) | $(j "$name" r.missed) | $(j "$name" r.duplicated) | $(j "$name" r.outOfOrder) | $(j "$name" r.reconnects) | $(j "$name" "r.allBackMs.join(', ') || '-'") | $extra |"
  done
  echo
  echo "Writer answers per drill (method status: count), and the first failures:"
  echo
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name _ <<<"$row"
    echo "- $name: $(j "$name" "Object.entries(r.statuses).map(([k, v]) => k + ': ' + v).join(', ')")$(j "$name" "r.failures.length ? '; failures: ' + r.failures.slice(0, 5).map((f) => f.t + ' ms ' + f.method + ' ' + f.status + ' ' + (f.detail || '').replace(/[|\n]/g, ' ').slice(0, 80)).join('; ') : ''")"
  done
  echo
  echo "Reads right after each acknowledged PATCH, through the balancer (any instance): the writer's with the write's"
  echo "Read-After (a stale one, an older ETag than the PATCH answered, must never happen), another reader's without it"
  echo "(it may read the replica's older version, within DATABASE_READ_MAX_LAG):"
  echo
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name _ <<<"$row"
    echo "- $name: $(j "$name" "'writer ' + r.readsAfterWrite.writer + ' reads, ' + r.readsAfterWrite.writerStale + ' stale; other ' + r.readsAfterWrite.other + ' reads, ' + r.readsAfterWrite.otherStale + ' stale; ' + r.readsAfterWrite.failed + ' not 200'")"
  done
  echo
  echo "Throughput behind HAProxy (GET /articles/{id}, wrk -t2 -c64, ${ROUND} s after 2 s of warm-up; the same 2 cores for every instance count):"
  echo
  echo "| instances | req/s | errors | p99 (ms) |"
  echo "|---|---|---|---|"
  for row in "${THROUGHPUT[@]}"; do IFS='|' read -r n rps errs p99 <<<"$row"; echo "| $n | $rps | $errs | $p99 |"; done
  echo
  echo "The primary's write ceiling (pgbench -M prepared -c 8 -j 2, ${PGBENCH_S} s each, the API's statements from src/test/resources/sql on this machine's primary, with its replica streaming):"
  echo
  echo "| statements | transactions/s |"
  echo "|---|---|"
  for row in "${PGBENCH[@]}"; do IFS='|' read -r s tps <<<"$row"; printf '| %s | %.0f |\n' "$s" "$tps"; done
} >"$OUT"
cat "$OUT"
echo "written: $OUT" >&2
