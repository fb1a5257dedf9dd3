#!/usr/bin/env bash
# Where each microsecond of a request goes, in the project and in the blocking comparator
# (../shared/comparators/mvc-vt/), on ONE embedded PostgreSQL with the bench data set, both JVMs on one JDK 21+
# with the same flags (as side-by-side.sh runs them).
#   from the project's root:  bash bench/profile-side.sh [WORKLOADS] [SECONDS]    (default: "a b e g" 10)
# For each workload, after a warm-up long enough for both JITs (WARM_S, default 30 s per side, twice):
#   ROUNDS (default 3) interleaved wrk rounds at 64 connections: req/s and CPU per request of each JVM (from
#   /proc: user + system time over the round, divided by the requests);
#   then one round per side under async-profiler (CPU samples every millisecond, with the threads), read by
#   profile/layers.mjs into microseconds per request by layer.
# Writes bench/results/profile-<time>-<commit>.md and the collapsed stacks next to it (.collapsed.gz).
# Needs wrk, psql, node, Maven (async-profiler comes from Maven Central) and Linux on x64 or arm64.
set -euo pipefail
WORK=$(mktemp -d)
source "$(dirname "$0")/lib.sh"
LETTERS=(${1:-a b e g}); DUR=${2:-10}; ROUNDS=${ROUNDS:-3}; WARM_S=${WARM_S:-30}
[[ $DUR =~ ^[0-9]+$ ]] || { echo "usage: bash bench/profile-side.sh [\"workloads\"] [seconds]   (workloads as one argument: \"e g\")" >&2; exit 2; }
AP_VERSION=4.2
find_jdk21 || exit 2
for c in wrk psql node mvn; do command -v $c >/dev/null || { echo "$c missing" >&2; exit 2; }; done
case $(uname -m) in x86_64) ARCH=linux-x64 ;; aarch64) ARCH=linux-arm64 ;; *) echo "no async-profiler for $(uname -m)" >&2; exit 2 ;; esac

STAMP=$(date -u +%Y%m%dT%H%M%SZ)-$(git -C "$ROOT" rev-parse --short HEAD)
OUT_DIR=${OUT_DIR:-$BENCH_DIR/results}; mkdir -p "$OUT_DIR"; OUT="$OUT_DIR/profile-$STAMP"
SECRET=profile-side-secret-0123456789abcdef0123456789
API=18301; MVC=18302; PG=55598
JVM="-Xms192m -Xmx192m -XX:+UseG1GC -XX:ReservedCodeCacheSize=64m -Xss512k"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 3; rm -rf "$WORK"; }
trap cleanup EXIT

echo "building the project and the comparator, fetching async-profiler $AP_VERSION (JDK: $JDK21)" >&2
"$ROOT/mvnw" -q -B dependency:get -Dartifact=tools.profiler:async-profiler:$AP_VERSION >"$WORK/ap.log" 2>&1 || { tail "$WORK/ap.log"; exit 1; }
(cd "$WORK" && unzip -q -o "$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar" "$ARCH/libasyncProfiler.so")
AP=$WORK/$ARCH/libasyncProfiler.so
start_pair $API $MVC $PG $SECRET

round_setup $API "$PSQL" profile@bench.test
jcmd_load() { "$JDK21/bin/jcmd" "$1" "JVMTI.agent_load $AP \"$2\"" >/dev/null; }

{
  echo "# Where the microseconds go: project against comparator ($STAMP)"
  echo
  echo "Both JVMs: \`$JDK21\`, \`$JVM\`, one embedded PostgreSQL, wrk -t2 -c64, $DUR s per round, $ROUNDS"
  echo "interleaved rounds per workload after $((2 * WARM_S)) s of warm-up per side; $(nproc) cores; load average at start:"
  echo "$(cut -d' ' -f1-3 /proc/loadavg). CPU per request from /proc (user + system) over each round."
} >"$OUT.md"
for l in "${LETTERS[@]}"; do
  IFS='|' read -r name _ <<<"$(round_workload "$l")"
  echo "warming up ($l) $name" >&2
  for _ in 1 2; do wrk_round $API $API_PID "$l" "$WARM_S" >/dev/null; wrk_round $MVC $MVC_PID "$l" "$WARM_S" >/dev/null; done
  { echo; echo "## ($l) $name"; echo
    echo "| round | project req/s | comparator req/s | ratio | project JVM µs/req | comparator JVM µs/req | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|"; } >>"$OUT.md"
  for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) = 1 ]; then pa=$(wrk_round $API $API_PID "$l" "$DUR"); ma=$(wrk_round $MVC $MVC_PID "$l" "$DUR")
    else ma=$(wrk_round $MVC $MVC_PID "$l" "$DUR"); pa=$(wrk_round $API $API_PID "$l" "$DUR"); fi
    read -r _ prps pj perr _ <<<"$pa"; read -r _ mrps mj merr _ <<<"$ma"
    awk -v r="$r" -v a="$prps" -v b="$mrps" -v pj="$pj" -v mj="$mj" -v e=$((perr + merr)) \
      'BEGIN { printf "| %d | %d | %d | %.2f | %d | %d | %d |\n", r, a, b, a / b, pj, mj, e }' >>"$OUT.md"
    echo "($l) round $r: project $pa, comparator $ma" >&2
  done
  # one profiled round per side: async-profiler's CPU samples (1 ms), with thread names, as collapsed stacks
  for who in project comparator; do
    if [ $who = project ]; then port=$API; pid=$API_PID; else port=$MVC; pid=$MVC_PID; fi
    jcmd_load "$pid" "start,event=cpu,interval=1ms,threads"
    read -r reqs _ <<<"$(wrk_round $port "$pid" "$l" "$DUR")"
    jcmd_load "$pid" "stop,file=$WORK/$who-$l.collapsed,collapsed"
    echo "$reqs" >"$WORK/$who-$l.requests"
  done
  { echo
    echo "Under the profiler (one round each; the profiler adds its own cost), CPU per request by layer: a sample"
    echo "counts for the first frame from the leaf up that belongs to a layer (bench/profile/layers.mjs)."
    echo
    node "$BENCH_DIR/profile/layers.mjs" 1000 \
      "project=$WORK/project-$l.collapsed:$(cat "$WORK/project-$l.requests")" \
      "comparator=$WORK/comparator-$l.collapsed:$(cat "$WORK/comparator-$l.requests")"; } >>"$OUT.md"
  for who in project comparator; do gzip -c "$WORK/$who-$l.collapsed" >"$OUT-$who-$l.collapsed.gz"; done
done
echo "wrote $OUT.md" >&2
cat "$OUT.md"
