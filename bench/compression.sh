#!/usr/bin/env bash
# Bytes on the wire and the API's CPU per request, gzip-compressed and not, for GET /categories/{id} (a category of
# about 1,000 articles) and a page of 100 articles (GET /articles?limit=100), on the bench data set, at each zlib
# level of LEVELS (COMPRESSION_LEVEL; default "1 6": the fastest and the API's default).
# For each level the API starts afresh; identity and gzip alternate in ROUNDS rounds of SECONDS each per workload,
# so that the machine's noise falls on both, after a warm-up round of each. The CPU is the JVM's (user + system,
# from /proc/<pid>/stat, as bench/lib.sh's wrk_round) over each round, divided by the requests it answered; bytes
# are curl's count of one answer as sent (body + headers).
# Usage: bash bench/compression.sh [seconds per round, default 10] [rounds, default 3]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-3}
CONNECTIONS=${CONNECTIONS:-8}
LEVELS=${LEVELS:-1 6}
trap 'status=$?; stop_api; exit $status' EXIT
need psql postgresql-client
need curl curl
need wrk wrk

HZ=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$API_PID/stat"; }

# run <path> <Accept-Encoding>: prints "requests cpu_ticks"
run() {
  local c0 c1 out
  c0=$(cpu)
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" -H "Accept-Encoding: $2" "http://127.0.0.1:$API_PORT$1")
  c1=$(cpu)
  if grep -q 'Non-2xx' <<<"$out"; then echo "errors on $1 ($2): $out" >&2; exit 1; fi
  echo "$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$out") $((c1 - c0))"
}

build_jar
loaded=
echo "$(date -u +%FT%TZ), commit $(cd "$ROOT" && git rev-parse --short HEAD), $(nproc) cores, wrk -t1 -c$CONNECTIONS, $ROUNDS rounds of ${SECONDS_PER_ROUND} s"
echo
printf '| answer | level | encoding | bytes (body + headers) | requests | JVM CPU per request (us) |\n|---|---|---|---|---|---|\n'
for level in $LEVELS; do
  COMPRESSION_LEVEL=$level start_api -Xmx512m
  if [ -z "$loaded" ]; then psql_db -f "$BENCH_DIR/sql/dataset.sql" >/dev/null; loaded=yes; fi
  CAT=$(psql_db -tAc "select min(id) from categories")
  for path in "/categories/$CAT" "/articles?limit=100"; do
    run "$path" identity >/dev/null; run "$path" gzip >/dev/null
    declare -A reqs=([identity]=0 [gzip]=0) ticks=([identity]=0 [gzip]=0)
    for _ in $(seq 1 "$ROUNDS"); do
      for enc in identity gzip; do
        read -r n t <<<"$(run "$path" "$enc")"
        reqs[$enc]=$((reqs[$enc] + n)); ticks[$enc]=$((ticks[$enc] + t))
      done
    done
    for enc in identity gzip; do
      bytes=$(curl -s -o /dev/null -H "Accept-Encoding: $enc" -w '%{size_download} + %{size_header}' \
        "http://127.0.0.1:$API_PORT$path")
      awk -v p="$path" -v l="$level" -v e="$enc" -v b="$bytes" -v n="${reqs[$enc]}" -v t="${ticks[$enc]}" -v hz="$HZ" \
        'BEGIN { printf "| GET %s | %s | %s | %s | %d | %.0f |\n", p, l, e, b, n, t * 1e6 / hz / n }'
    done
    unset reqs ticks
  done
  stop_api
done
