#!/usr/bin/env bash
# Capacity at a latency target: for each workload, the highest fixed request rate at which the p99 latency stays
# under TARGET_MS (default 50), for the project and the blocking comparator (../shared/comparators/mvc-vt) in one
# run, on ONE embedded PostgreSQL with the bench data set, both JVMs on one JDK 21+ with the same flags.
#   from the project's root:  bash bench/capacity.sh [WORKLOADS] [SECONDS]    (default: "a e g" 5)
# Open loop (capacity/open-loop.mjs): requests are due at a fixed rate over up to CONNS (default 256) keep-alive
# connections, and each latency counts from when its request was due, so a server that falls behind shows it
# (wrk's closed loop would slow down with it). A rate passes when every answer was a 2xx within 5 s and the p99 is
# under TARGET_MS. Search per side and workload: from START (default 500/s) doubling while it passes, then BISECT
# (default 3) halvings of the interval; each probe: SECONDS counted after 2 s. Before each workload, WARM_S (default
# 30) s of wrk per side (the JITs warm). Debian's h2load is not used: it counts the comparator's status line
# ("HTTP/1.1 200 ", no reason phrase) as a failure. The generator (Node) shares the 2 cores with both servers.
# Writes bench/results/capacity-<time>-<commit>.md.
set -euo pipefail
WORK=$(mktemp -d)
source "$(dirname "$0")/lib.sh"
LETTERS=(${1:-a e g}); DUR=${2:-5}
TARGET_MS=${TARGET_MS:-50}; CONNS=${CONNS:-256}; START=${START:-500}; BISECT=${BISECT:-3}; WARM_S=${WARM_S:-30}
find_jdk21 || exit 2
need wrk wrk; need psql postgresql-client; need node nodejs
command -v mvn >/dev/null || { echo "mvn missing (the comparator builds with Maven)" >&2; exit 2; }

STAMP=$(date -u +%Y%m%dT%H%M%SZ)-$(git -C "$ROOT" rev-parse --short HEAD)
OUT_DIR=${OUT_DIR:-$BENCH_DIR/results}; mkdir -p "$OUT_DIR"; OUT="$OUT_DIR/capacity-$STAMP.md"
SECRET=capacity-secret-0123456789abcdef0123456789abcdef
API=18401; MVC=18402; PG=55698
JVM="-Xms192m -Xmx192m -XX:+UseG1GC -XX:ReservedCodeCacheSize=64m -Xss512k"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 3; rm -rf "$WORK"; }
trap cleanup EXIT

echo "building and starting the project and the comparator (JDK: $JDK21)" >&2
start_pair $API $MVC $PG $SECRET
round_setup $API "$PSQL" capacity@bench.test

# probe <letter> <port> <rate>: "p99_ms passes" of one open-loop run
probe() {
  local name path min max cookie; IFS='|' read -r name path min max cookie <<<"$(round_workload "$1")"
  awk -v t="$path" -v lo="$min" -v hi="$max" \
    'BEGIN { srand(7); for (i = 0; i < 20000; i++) printf t "\n", lo + int(rand() * (hi - lo + 1)) }' >"$WORK/uris"
  node "$BENCH_DIR/capacity/open-loop.mjs" url="http://127.0.0.1:$2" uris="$WORK/uris" rate="$3" seconds="$DUR" \
    conns="$CONNS" cookie="$cookie" | tee -a "$WORK/probes.jsonl" |
    node -e 'let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => { const r = JSON.parse(s);
      console.log(r.p99_ms, r.errors === 0 && r.non2xx === 0 && r.done === r.due && r.p99_ms < Number(process.argv[1])); })' "$TARGET_MS"
}

# capacity <letter> <port>: "rate p99_ms" of the highest passing rate found ("0 -" when none)
capacity() {
  local lo=0 hi=$START best="0 -" p99 ok
  while :; do
    read -r p99 ok <<<"$(probe "$1" "$2" "$hi")"; echo "  ($1) port $2 at $hi/s: p99 $p99 ms $ok" >&2
    if [ "$ok" = true ]; then lo=$hi; best="$hi $p99"; hi=$((hi * 2)); else break; fi
    [ "$hi" -gt 100000 ] && break
  done
  for _ in $(seq 1 "$BISECT"); do
    local mid=$(((lo + hi) / 2)); [ "$mid" -le "$lo" ] && break
    read -r p99 ok <<<"$(probe "$1" "$2" "$mid")"; echo "  ($1) port $2 at $mid/s: p99 $p99 ms $ok" >&2
    if [ "$ok" = true ]; then lo=$mid; best="$mid $p99"; else hi=$mid; fi
  done
  echo "$best"
}

{
  echo "# Capacity at p99 < $TARGET_MS ms, open loop: project against comparator ($STAMP)"
  echo
  echo "Both JVMs: \`$JDK21\`, \`$JVM\`, one embedded PostgreSQL with \`bench/sql/dataset.sql\`; requests due at a"
  echo "fixed rate over up to $CONNS keep-alive connections, latency from when each was due, $DUR s counted per probe"
  echo "after 2 s; $WARM_S s of wrk per side before each workload; doubling from $START/s, then $BISECT bisections."
  echo "2 cores shared by both servers, PostgreSQL and the generator."
  echo
  echo "| workload | project req/s | comparator req/s | project/comparator | project p99 ms | comparator p99 ms |"
  echo "|---|---|---|---|---|---|"
} >"$OUT"
for l in "${LETTERS[@]}"; do
  IFS='|' read -r name _ <<<"$(round_workload "$l")"
  wrk_round $API $API_PID "$l" "$WARM_S" >/dev/null; wrk_round $MVC $MVC_PID "$l" "$WARM_S" >/dev/null
  read -r pr pp <<<"$(capacity "$l" $API)"
  read -r mr mp <<<"$(capacity "$l" $MVC)"
  ratio=$(awk -v a="$pr" -v b="$mr" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  echo "| ($l) $name | $pr | $mr | $ratio | $pp | $mp |" >>"$OUT"
  echo "($l) project $pr/s, comparator $mr/s" >&2
done
{ echo; echo "Every probe (JSON lines, in order):"; echo; echo '```'; cat "$WORK/probes.jsonl"; echo '```'; } >>"$OUT"
cat "$OUT"
echo "written: $OUT" >&2
