#!/usr/bin/env bash
# 10,000 concurrent clients. Usage: bash bench/c10k/run.sh [--quick]   (about 25 minutes, most of it the comparator out of heap; --quick: 1,000 clients)
#   Builds the jar, starts the API (the bench's JVM flags, G1's marking threshold fixed: below) on its own embedded PostgreSQL with the bench data set,
#   then, from one Node process (clients.mjs), holds HELD (9,744) connections while wrk runs at 256 connections on
#   (a) GET /articles/{id}: 10,000 in all.
#   1. events: wrk alone; HELD subscribers of GET /articles/events; wrk with them held; wrk while 100 POST
#      /articles go out 200 ms apart, timing each 201 to its event at every subscriber; wrk alone again.
#   2. idle: wrk alone; HELD idle keep-alive connections (one GET /articles/{id} each); wrk with them held.
#   3. the same idle run against the comparator (../shared/comparators/mvc-vt: Spring MVC, virtual threads, JDBC)
#      on the API's database, the same JDK and JVM flags.
#   Writes bench/results/c10k-<time>-<commit>.md (and .json, every figure).
# Only this script's process tree gets the higher file-descriptor limit (ulimit), nothing system-wide.
set -euo pipefail
C10K_DIR=$(cd "$(dirname "$0")" && pwd)
API_PORT=${API_PORT:-18480}
DB_PORT=${DB_PORT:-15482}
MVC_PORT=${MVC_PORT:-18482}
source "$C10K_DIR/../lib.sh"

QUICK=false
[ "${1:-}" = "--quick" ] && QUICK=true
if $QUICK; then HELD=${HELD:-1000}; SECS=${SECS:-5}; WARMUP=${WARMUP:-5}; POSTS=${POSTS:-20}
else HELD=${HELD:-9744}; SECS=${SECS:-15}; WARMUP=${WARMUP:-30}; POSTS=${POSTS:-100}; fi
WRK_CONNECTIONS=${WRK_CONNECTIONS:-256}
INTERVAL=${INTERVAL:-200}
SOURCES=${SOURCES:-8}
# The bench's flags, and G1's marking threshold fixed at 75% of the heap: 9,744 subscribers are about 65 MB that live
# as long as they do, above the threshold G1 adapts to, so that it marked the heap back to back (8 cycles in 15 s),
# each cycle unloading compiled code that C2 then compiled again: (a) with the subscribers held cost 1,009 us of JVM
# CPU per request against 243 without them, 498 against 287 with the threshold fixed (bench/README.md). And no
# flushing of cold compiled code (the cache is 64 MB, about 34 MB used): C2 recompiled what each cycle unloaded.
JVM_FLAGS=${JVM_FLAGS:--Xms192m -Xmx192m -XX:+UseG1GC -XX:ReservedCodeCacheSize=64m -Xss512k -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=75 -XX:-UseCodeCacheFlushing}
COMPARATOR=${COMPARATOR:-$ROOT/../shared/comparators/mvc-vt}
export DB_POOL_MAX_SIZE=${DB_POOL_MAX_SIZE:-20}
export EVENTS_MAX_SUBSCRIBERS=${EVENTS_MAX_SUBSCRIBERS:-$(( HELD > 10000 ? HELD : 10000 ))}

need wrk wrk
need node nodejs
need psql postgresql-client
need curl curl

# every connection is a descriptor in the clients' process and another in the server's: raise the limit for this
# process tree only (root may raise the hard limit too)
NOFILE=${NOFILE:-65536}
ulimit -Hn "$NOFILE" 2>/dev/null || true
ulimit -Sn "$NOFILE" 2>/dev/null || ulimit -Sn "$(ulimit -Hn)"
if [ "$(ulimit -Sn)" -lt $(( HELD + WRK_CONNECTIONS + 1000 )) ]; then
  echo "ulimit -n is $(ulimit -Sn): too few descriptors for $HELD + $WRK_CONNECTIONS connections" >&2; exit 1
fi
NOFILE=$(ulimit -Sn)

# one JDK 21+ for both servers (the comparator needs virtual threads; the API's jar runs on it as well)
find_jdk21 || exit 1

MVC_PID=
NODE_PID=
stop_bounded() { # SIGTERM (a graceful shutdown), then SIGKILL after 30 s: a JVM that spends its time in full GCs never ends
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  status=$?
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null || true
  stop_bounded "$MVC_PID"
  stop_bounded "$API_PID"; API_PID=
  # the embedded PostgreSQL outlives a JVM that did not shut down (killed, or out of memory)
  if [ -f "$WORK/postgres/postmaster.pid" ]; then
    kill -INT "$(head -1 "$WORK/postgres/postmaster.pid")" 2>/dev/null || true
    sleep 2
  fi
  rm -rf "$WORK/postgres" "$WORK/mvc-vt"
  exit $status
}
trap cleanup EXIT

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)   # the code the jar is built from
if [ -n "${API_JAR:-}" ]; then cp "$API_JAR" "$WORK/api.jar"; JAR=$WORK/api.jar; else build_jar; fi   # API_JAR: bench/run.sh's
# the comparator, built as side-by-side.sh builds it: a copy under $WORK (shared/ may be read-only), or MVC_JAR
if [ -z "${MVC_JAR:-}" ]; then
  echo "building the comparator ($COMPARATOR)" >&2
  cp -r "$COMPARATOR" "$WORK/mvc-vt" && chmod -R u+w "$WORK/mvc-vt" && rm -rf "$WORK/mvc-vt/target"
  (cd "$WORK/mvc-vt" && JAVA_HOME=$JDK21 MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -q -B -DskipTests package) \
    >"$WORK/build-mvc.log" 2>&1 || { tail -20 "$WORK/build-mvc.log" >&2; exit 1; }
  cp "$WORK/mvc-vt/target/mvc-peer.jar" "$WORK/mvc-peer.jar"
  MVC_JAR=$WORK/mvc-peer.jar
fi

export PATH="$JDK21/bin:$PATH"   # start_api runs `java`
# shellcheck disable=SC2086
start_api -Xlog:gc:file="$WORK/gc-api.log" $JVM_FLAGS
echo "loading the data set" >&2
psql_db -f "$BENCH_DIR/sql/dataset.sql" >/dev/null
sign_in_bench_user
CATEGORY=$(psql_db -tAc "SELECT min(id) FROM categories")
MAX_ID=$(psql_db -tAc "SELECT max(id) FROM articles")
POSTMASTER=$(head -1 "$WORK/postgres/postmaster.pid")   # its CPU is counted apart from the JVM's

# The clients stand in for 9,744 machines elsewhere: they get a higher priority than the server and wrk, so that on
# two shared cores the times they record are the server's, not their own wait for a core (root only).
NICE=""; nice -n -5 true 2>/dev/null && NICE="nice -n -5"
clients() { # clients <events|idle> <out.json> key=value...: the Node clients, in the background so that a trap can end them
  $NICE node "$C10K_DIR/clients.mjs" "$1" out="$2" connections="$HELD" wrkConnections="$WRK_CONNECTIONS" seconds="$SECS" \
    maxId="$MAX_ID" sources="$SOURCES" "${@:3}" &
  NODE_PID=$!
  wait "$NODE_PID"
  NODE_PID=
}

clients events "$WORK/events.json" base="http://127.0.0.1:$API_PORT" pid="$API_PID" db="$POSTMASTER" warmup="$WARMUP" gcLog="$WORK/gc-api.log" \
  posts="$POSTS" interval="$INTERVAL" token="$TOKEN" category="$CATEGORY"
api_alive() { kill -0 "$API_PID" 2>/dev/null && curl -sf -o /dev/null --max-time 10 "127.0.0.1:$API_PORT/articles/1"; }
NOTES=""
note_api() { # what went wrong with the API, for the results file
  api_alive && return 0
  local oom; oom=$(grep -c 'OutOfMemoryError' "$WORK/api.log" || true)
  NOTES+="After $1 the API no longer answered GET /articles/1 within 10 s. "
  [ "$oom" -gt 0 ] && NOTES+="Its log names OutOfMemoryError on $oom lines (first: \`$(grep -m1 'OutOfMemoryError' "$WORK/api.log" | cut -c1-200)\`). "
  # a JVM that no longer answers would take the cores from the comparator: gone (its PostgreSQL stays up)
  kill -9 "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; API_PID=
  return 1
}
if note_api "the subscribers"; then
  clients idle "$WORK/idle-api.json" base="http://127.0.0.1:$API_PORT" pid="$API_PID" db="$POSTMASTER" warmup=0 gcLog="$WORK/gc-api.log"
  note_api "the idle connections" || true
fi

# The comparator on the API's database. Tomcat accepts at most 8,192 connections by default (the rest wait in its
# accept queue) and closes a keep-alive connection idle for 60 s: raised so that it holds the same connections the
# API holds (Reactor Netty has neither limit).
MVC_ARGS=(--logging.level.root=warn --server.tomcat.max-connections=$(( HELD + WRK_CONNECTIONS + 1000 ))
          --server.tomcat.keep-alive-timeout=10m)
(SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:$DB_PORT/postgres SPRING_DATASOURCE_USERNAME=postgres \
  JWT_SECRET=bench-secret-bench-secret-bench-secret-0123 PORT=$MVC_PORT MALLOC_ARENA_MAX=2 \
  exec java -Xlog:gc:file="$WORK/gc-mvc.log" $JVM_FLAGS -jar "$MVC_JAR" "${MVC_ARGS[@]}" >"$WORK/mvc.log" 2>&1) &
MVC_PID=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "127.0.0.1:$MVC_PORT/articles/1" && break
  kill -0 "$MVC_PID" 2>/dev/null || { cat "$WORK/mvc.log" >&2; exit 1; }
  sleep 0.5
done
clients idle "$WORK/idle-mvc.json" base="http://127.0.0.1:$MVC_PORT" pid="$MVC_PID" db="$POSTMASTER" warmup="$WARMUP" \
  gcLog="$WORK/gc-mvc.log"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH_DIR/results"
OUT="$BENCH_DIR/results/c10k-$STAMP-$COMMIT"
STAMP=$STAMP COMMIT=$COMMIT CORES=$(nproc) MEMORY=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) \
JVM_VERSION="$(java -version 2>&1 | head -1)" JVM_FLAGS="$JVM_FLAGS" SOURCES=$SOURCES INTERVAL=$INTERVAL NOFILE=$NOFILE \
NOTES="$NOTES" COMPARATOR_DESC="mvc-vt, Tomcat with ${MVC_ARGS[*]:1}" \
  node "$C10K_DIR/report.mjs" "$WORK/events.json" "$WORK/idle-api.json" "$WORK/idle-mvc.json" > "$OUT.md"
node -e 'const fs = require("fs"); const r = {}; for (const [k, f] of [["events", 1], ["idleApi", 2], ["idleComparator", 3]]) r[k] = fs.existsSync(process.argv[f]) ? JSON.parse(fs.readFileSync(process.argv[f], "utf8")) : null; fs.writeFileSync(process.argv[4], JSON.stringify(r, null, 1) + "\n");' \
  "$WORK/events.json" "$WORK/idle-api.json" "$WORK/idle-mvc.json" "$OUT.json"
cat "$OUT.md"
echo "written: $OUT.md and $OUT.json" >&2
