#!/usr/bin/env bash
# The load benchmark. Usage: bash bench/run.sh [--quick] [--c10k] [--side] [--profile]
#   builds the jar, starts the API on its own embedded PostgreSQL, loads the fixed data set, drives each
#   workload with wrk (after a JIT warm-up of 10 s per workload: 64 and 256 connections, 20 s each after a 5 s
#   warm-up; --quick: 5 s, 64 only), runs
#   pgbench on the very statements of the read routes for the database ceiling, and writes a Markdown table and
#   a PNG chart under bench/results/. --c10k: then 10,000 concurrent clients (bench/c10k/run.sh, its own API on the
#   same jar, about 6 more minutes; --quick: 1,000 clients), whose table is appended to the results file.
#   --side: then the project against the blocking comparator (../shared/comparators/side-by-side.sh, as it is:
#   both built, interleaved on one database, about 10 more minutes; --quick: one round of 5 s), whose ratio table
#   is appended to the results file. --profile: then where each microsecond of a request goes in the project and
#   in the comparator (bench/profile-side.sh: CPU per request from /proc and async-profiler by layer, workloads
#   a b e g, about 20 more minutes; --quick: workload a only, one round), appended to the results file.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export BENCH_DIR

QUICK=false; C10K=false; SIDE=false; PROFILE=false
for arg in "$@"; do
  case $arg in --quick) QUICK=true ;; --c10k) C10K=true ;; --side) SIDE=true ;; --profile) PROFILE=true ;;
    *) echo "unknown option $arg" >&2; exit 2 ;; esac
done
if $QUICK; then DURATION=5; WARMUP=2; JIT_WARMUP=3; CONNECTIONS=(64); else DURATION=20; WARMUP=5; JIT_WARMUP=10; CONNECTIONS=(64 256); fi
JVM_FLAGS=${JVM_FLAGS:--Xms192m -Xmx192m -XX:+UseG1GC -XX:ReservedCodeCacheSize=64m -Xss512k}
POOL_SIZE=${DB_POOL_MAX_SIZE:-20}
export DB_POOL_MAX_SIZE=$POOL_SIZE

need wrk wrk
need psql postgresql-client
need pgbench postgresql-15
need gnuplot gnuplot-nox
need curl curl
need bc bc

trap 'status=$?; stop_api; exit $status' EXIT
build_jar
# shellcheck disable=SC2086
start_api $JVM_FLAGS
echo "loading the data set" >&2
psql_db -f "$BENCH_DIR/sql/dataset.sql" >/dev/null

# the signed-in bench user
sign_in_bench_user
export TOKEN
CAT_MIN=$(psql_db -tAc "SELECT min(id) FROM categories"); CAT_MAX=$(psql_db -tAc "SELECT max(id) FROM categories")
USER_MIN=$(psql_db -tAc "SELECT min(id) FROM users WHERE email LIKE 'user%@bench.test'")
USER_MAX=$(psql_db -tAc "SELECT max(id) FROM users WHERE email LIKE 'user%@bench.test'")

# name | script | PATH_TEMPLATE | MIN | MAX | pgbench script (for the ceiling)
WORKLOADS=(
  "a GET /articles/{id}|get.lua|/articles/%d|1|20000|a-article-details.sql"
  "b GET /categories/{id}|get.lua|/categories/%d|$CAT_MIN|$CAT_MAX|b-category-details.sql"
  "c GET /articles?offset=random|get.lua|/articles?limit=20&offset=%d|0|19980|"
  "d GET /articles?after=random|get.lua|/articles?limit=20&after=%d|0|19980|"
  "e GET /articles?authorId=random|get.lua|/articles?authorId=%d|$USER_MIN|$USER_MAX|e-articles-by-author.sql"
  "f POST /articles (2-3 categories)|post-article.lua||$CAT_MIN|$CAT_MAX|"
  "g GET /authentication|get.lua|/authentication%.0s|1|1|"
  "h GET /articles/0 (400 before any database work)|get.lua|/articles/0%.0s|1|1|"
)

RSS_MAX=0
sample_rss() { # keeps the API's largest resident set size while a run goes on
  while kill -0 "$1" 2>/dev/null; do
    r=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$API_PID/status" 2>/dev/null || echo 0)
    echo "$r"
    sleep 1
  done
}

run_wrk() { # run_wrk <script> <connections> <seconds> -> RESULT line
  wrk -t2 -c"$2" -d"${3}s" --timeout 10s -s "$BENCH_DIR/wrk/$1" "http://127.0.0.1:$API_PORT" | grep '^RESULT'
}

# POST /articles adds tens of thousands of articles (2-3 categories each) per run: without this, every later read
# (and the pgbench ceilings) would measure a bigger data set than the one described
drop_posted() {
  psql_db -c "DELETE FROM articles WHERE author_id = (SELECT id FROM users WHERE email = 'bench@bench.test')" \
          -c "VACUUM ANALYZE articles, categories_articles" >/dev/null
}

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)
mkdir -p "$BENCH_DIR/results"
OUT="$BENCH_DIR/results/$STAMP-$COMMIT"
DATA="$WORK/results.dat"
: > "$DATA"
ROWS=()
declare -A CEILING

# the JIT needs a while on two shared cores: every workload once before anything is measured
echo "warming up (${JIT_WARMUP} s per workload)" >&2
for w in "${WORKLOADS[@]}"; do
  IFS='|' read -r name script template min max pgb <<<"$w"
  export PATH_TEMPLATE=$template MIN=$min MAX=$max AUTH=
  [ "${name%% *}" = g ] && AUTH=$TOKEN
  run_wrk "$script" 64 "$JIT_WARMUP" >/dev/null
  if [ "$script" = post-article.lua ]; then drop_posted; fi
done

for c in "${CONNECTIONS[@]}"; do
  for w in "${WORKLOADS[@]}"; do
    IFS='|' read -r name script template min max pgb <<<"$w"
    export PATH_TEMPLATE=$template MIN=$min MAX=$max AUTH=
    [ "${name%% *}" = g ] && AUTH=$TOKEN
    run_wrk "$script" "$c" "$WARMUP" >/dev/null
    sample_rss $$ > "$WORK/rss" &
    sampler=$!
    result=$(run_wrk "$script" "$c" "$DURATION")
    if [ "$script" = post-article.lua ]; then drop_posted; fi
    kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
    rss=$(sort -n "$WORK/rss" | tail -1); rss=${rss:-0}
    [ "$rss" -gt "$RSS_MAX" ] && RSS_MAX=$rss
    rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$result")
    p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$result")
    p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$result")
    non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$result")
    errs=$(sed -n 's/.*socket_errors=\([0-9]*\).*/\1/p' <<<"$result")
    echo "$name @ $c: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $non2xx, socket errors $errs, RSS max $rss MB" >&2
    ROWS+=("$c|$name|$rps|$p50|$p99|$non2xx|$errs|$rss|$pgb")
    echo "\"${name%% *} / $c\" $rps" >> "$DATA"
  done
done

# the database ceiling: pgbench on the same statements, 16 clients, same duration, same two cores
for w in "${WORKLOADS[@]}"; do
  IFS='|' read -r name script template min max pgb <<<"$w"
  [ -n "$pgb" ] || continue
  tps=$(PGPASSWORD= pgbench -n -M prepared -c 16 -j 2 -T "$DURATION" -h localhost -p "$DB_PORT" -U postgres \
        -f "$BENCH_DIR/sql/$pgb" postgres 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | tail -1)
  CEILING[$pgb]=$tps
  echo "ceiling for $name: $tps tps" >&2
done

{
  echo "# Benchmark $STAMP"
  echo
  echo "- commit: \`$COMMIT\`"
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); the API, PostgreSQL and wrk share them"
  echo "- JVM: \`$(java -version 2>&1 | head -1)\`, flags \`$JVM_FLAGS\`, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}"
  echo "- r2dbc pool max size: $POOL_SIZE; embedded PostgreSQL $(psql_db -tAc 'SHOW server_version') with its defaults"
  echo "- wrk: 2 threads, ${DURATION} s per run after a ${WARMUP} s warm-up (and ${JIT_WARMUP} s per workload before the first run); pgbench: -M prepared, 16 clients, ${DURATION} s"
  echo "- API peak resident memory during the runs: ${RSS_MAX} MB"
  echo
  echo "| connections | workload | req/s | p50 ms | p99 ms | non-2xx | socket errors | API RSS MB | DB ceiling tps | fraction of ceiling |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r c name rps p50 p99 non2xx errs rss pgb <<<"$row"
    ceiling=""; fraction=""
    if [ -n "$pgb" ] && [ -n "${CEILING[$pgb]:-}" ]; then
      ceiling=${CEILING[$pgb]}
      fraction=$(printf '%.2f' "$(echo "$rps / $ceiling" | bc -l)")
    fi
    echo "| $c | $name | $rps | $p50 | $p99 | $non2xx | $errs | $rss | $ceiling | $fraction |"
  done
} > "$OUT.md"

gnuplot <<PLOT
set terminal png size 1100,500 noenhanced
set output "$OUT.png"
set title "articles-api: requests/s per workload / connections (commit $COMMIT; a-h as in the table)"
set style data histograms
set style fill solid 0.8
set boxwidth 0.8
set xtics rotate by -30
set ylabel "requests/s"
set grid ytics
plot "$DATA" using 2:xtic(1) notitle
PLOT

if $C10K; then
  stop_api   # the cores and the ports for the c10k run's own API
  c10k_args=(); $QUICK && c10k_args=(--quick)
  API_JAR=$JAR bash "$BENCH_DIR/c10k/run.sh" "${c10k_args[@]}" > "$WORK/c10k.md"
  { echo; echo "## 10,000 concurrent clients (bench/c10k/run.sh)"; echo; sed '1,2d' "$WORK/c10k.md"; } >> "$OUT.md"
fi

if $SIDE; then
  stop_api
  SIDE_BY_SIDE="$ROOT/../shared/comparators/side-by-side.sh"
  [ -f "$SIDE_BY_SIDE" ] || { echo "no comparator at $SIDE_BY_SIDE" >&2; exit 2; }
  side_args=(); $QUICK && side_args=(1 5)
  (cd "$ROOT" && bash "$SIDE_BY_SIDE" "${side_args[@]}") > "$WORK/side.txt"
  { echo; echo "## Against the blocking comparator (../shared/comparators/side-by-side.sh)"; echo
    echo "Median req/s per side of interleaved wrk rounds on one database; ratio = project / comparator."; echo
    echo '```'; cat "$WORK/side.txt"; echo '```'; } >> "$OUT.md"
fi

if $PROFILE; then
  stop_api
  if $QUICK; then (cd "$ROOT" && ROUNDS=1 WARM_S=10 OUT_DIR="$WORK" bash "$BENCH_DIR/profile-side.sh" a 5) > "$WORK/profile.md"
  else (cd "$ROOT" && OUT_DIR="$WORK" bash "$BENCH_DIR/profile-side.sh") > "$WORK/profile.md"; fi
  { echo; sed 's/^## /### /; 1s/^# /## /' "$WORK/profile.md"; } >> "$OUT.md"
fi

cat "$OUT.md"
echo "written: $OUT.md and $OUT.png" >&2
