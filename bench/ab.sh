#!/usr/bin/env bash
# A/B of two builds of the API in one run. Usage: bash bench/ab.sh <base ref> [workloads...]   (default: a g)
#   builds the working tree's jar (B) and <base ref>'s (A, in a temporary git worktree), starts A on its own embedded
#   PostgreSQL with the fixed data set and B on the same database, warms each side 2 x WARM_S s (default 20) per
#   workload, then ROUNDS (default 3) interleaved rounds of DUR s (default 10) at 64 connections, the order reversed
#   every other round (whoever goes first in a round has the quieter machine), each JVM's CPU per request from /proc.
#   OWNER=b: B starts the database and A uses it. FLAGS_A, FLAGS_B: JVM flags added to one side's (A/B of a flag:
#   the working tree against HEAD with FLAGS_B set).
#   Prints one line per round and side and the medians; writes them to bench/results/ab-<time>-<base>-<head>.md.
#   Workloads: a GET /articles/{id}, b GET /categories/{id}, e GET /articles?authorId, g GET /authentication.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: bash bench/ab.sh <base ref> [workloads...]" >&2; exit 2; }
BASE=$1; shift
LETTERS=("$@"); [ ${#LETTERS[@]} -gt 0 ] || LETTERS=(a g)
WARM_S=${WARM_S:-20}; ROUNDS=${ROUNDS:-3}; DUR=${DUR:-10}
need wrk wrk
need psql postgresql-client
need curl curl

BASE_SHA=$(git -C "$ROOT" rev-parse --short "$BASE")
HEAD_SHA=$(git -C "$ROOT" rev-parse --short HEAD)$([ -z "$(git -C "$ROOT" status --porcelain -- src pom.xml db)" ] || echo "+")
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/results/ab-$STAMP-$BASE_SHA-$HEAD_SHA.md"
SECRET=ab-secret-ab-secret-ab-secret-0123456789abcdef
PORT_A=18401; PORT_B=18402; PG=55599
JVM="-Xms192m -Xmx192m -XX:+UseG1GC -XX:ReservedCodeCacheSize=64m -Xss512k"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 3
  git -C "$ROOT" worktree remove --force "$WORK/base" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building $HEAD_SHA (B) and $BASE_SHA (A)" >&2
(cd "$ROOT" && ./mvnw -q -B -DskipTests package) >"$WORK/build-b.log" 2>&1 || { tail -20 "$WORK/build-b.log"; exit 1; }
cp "$(ls "$ROOT"/target/articles-api-*.jar | grep -v plain | head -1)" "$WORK/b.jar"
git -C "$ROOT" worktree add --detach "$WORK/base" "$BASE" >/dev/null 2>&1
(cd "$WORK/base" && "$ROOT/mvnw" -q -B -DskipTests package) >"$WORK/build-a.log" 2>&1 || { tail -20 "$WORK/build-a.log"; exit 1; }
cp "$(ls "$WORK"/base/target/articles-api-*.jar | grep -v plain | head -1)" "$WORK/a.jar"

# one side (OWNER: a, the default, or b) starts the embedded database; the other uses it as an external one (on
# loopback, with the same admin account): run both ways to see what owning the database costs
OWNER=${OWNER:-a}
start_side() { # start_side <jar> <port> <log> <owner: true|false> <extra JVM flags>
  if $4; then
    (EMBEDDED_DB_DIR=$WORK/db EMBEDDED_DB_PORT=$PG JWT_SECRET=$SECRET JWT_EXPIRATION_TIME=86400 MALLOC_ARENA_MAX=2 \
      exec java $JVM $5 -jar "$1" --server.port=$2 --logging.level.root=warn >"$3" 2>&1) & pids+=($!)
  else
    (DATABASE_URL=postgresql://postgres@127.0.0.1:$PG/postgres SERVER_ADDRESS=127.0.0.1 ADMIN_EMAIL=admin@articles.local \
      ADMIN_PASSWORD=admin-password JWT_SECRET=$SECRET JWT_EXPIRATION_TIME=86400 MALLOC_ARENA_MAX=2 \
      exec java $JVM $5 -jar "$1" --server.port=$2 --logging.level.root=warn >"$3" 2>&1) & pids+=($!)
  fi
  LAST_PID=$!
  wait_http "http://127.0.0.1:$2/actuator/health/readiness"
}
PSQL="psql -X -q -h 127.0.0.1 -p $PG -U postgres -d postgres"
if [ "$OWNER" = b ]; then
  start_side "$WORK/b.jar" $PORT_B "$WORK/b.log" true "${FLAGS_B:-}"; PID_B=$LAST_PID
  $PSQL -f "$BENCH_DIR/sql/dataset.sql" >/dev/null
  start_side "$WORK/a.jar" $PORT_A "$WORK/a.log" false "${FLAGS_A:-}"; PID_A=$LAST_PID
else
  start_side "$WORK/a.jar" $PORT_A "$WORK/a.log" true "${FLAGS_A:-}"; PID_A=$LAST_PID
  $PSQL -f "$BENCH_DIR/sql/dataset.sql" >/dev/null
  start_side "$WORK/b.jar" $PORT_B "$WORK/b.log" false "${FLAGS_B:-}"; PID_B=$LAST_PID
fi

round_setup $PORT_A "$PSQL" ab@bench.test
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

{
  echo "# A/B: $BASE_SHA (A) against $HEAD_SHA (B), $STAMP"
  echo
  echo "Both jars on one embedded PostgreSQL (started by side $OWNER) with bench/sql/dataset.sql, \`java $JVM\` ($(java -version 2>&1 | head -1)),"
  echo "wrk -t2 -c64, $((2 * WARM_S)) s of warm-up per side and workload, then $ROUNDS interleaved rounds of $DUR s"
  echo "(the order reversed every other round); $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "CPU: the JVM's user + system time per request over the round."
  echo
  echo "| workload | round | A req/s | B req/s | A us/req | B us/req | A p99 ms | B p99 ms | errors A/B |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$OUT"
for l in "${LETTERS[@]}"; do
  IFS='|' read -r name _ <<<"$(round_workload "$l")"
  echo "warming up ($l) $name" >&2
  for _ in 1 2; do wrk_round $PORT_A $PID_A "$l" "$WARM_S" >/dev/null; wrk_round $PORT_B $PID_B "$l" "$WARM_S" >/dev/null; done
  : >"$WORK/a-$l"; : >"$WORK/b-$l"
  for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) -eq 1 ]; then ra=$(wrk_round $PORT_A $PID_A "$l" "$DUR"); rb=$(wrk_round $PORT_B $PID_B "$l" "$DUR")
    else rb=$(wrk_round $PORT_B $PID_B "$l" "$DUR"); ra=$(wrk_round $PORT_A $PID_A "$l" "$DUR"); fi
    read -r _ a_rps a_us a_err a_p99 <<<"$ra"; read -r _ b_rps b_us b_err b_p99 <<<"$rb"
    echo "$a_rps" >>"$WORK/a-$l"; echo "$b_rps" >>"$WORK/b-$l"
    echo "| ($l) $name | $r | $a_rps | $b_rps | $a_us | $b_us | $a_p99 | $b_p99 | $a_err/$b_err |" | tee -a "$OUT" >&2
  done
  ma=$(median <"$WORK/a-$l"); mb=$(median <"$WORK/b-$l")
  echo "| ($l) $name | median | $ma | $mb | | | | | B/A $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", b / a}') |" \
    | tee -a "$OUT" >&2
done
echo "$OUT"
