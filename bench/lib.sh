# Shared by the bench scripts: build the jar, start the API on its own embedded PostgreSQL, stop it.
# Everything listens on loopback only.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
API_PORT=${API_PORT:-18080}
DB_PORT=${DB_PORT:-15432}
WORK=${WORK:-$(mktemp -d /tmp/articles-bench.XXXXXX)}
API_PID=

need() { # need <command> <debian package>
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "installing $2 (for $1)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q "$2" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
  else sudo apt-get install -y -q "$2" >/dev/null; fi
}

build_jar() {
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package) >&2
  # a copy of its own: a build in the meantime rewrites target/*.jar, and a running JVM that loads a class from
  # a rewritten jar fails (NoClassDefFoundError: a soak lost its HTTP threads that way)
  cp "$(ls "$ROOT"/target/articles-api-*.jar | grep -v plain | head -1)" "$WORK/api.jar"
  JAR="$WORK/api.jar"
}

# start_api <jvm flags...>: the API on a fresh embedded PostgreSQL under $WORK (kept between starts); access
# tokens live a day, so that one log-in serves a whole soak
start_api() {
  # MALLOC_ARENA_MAX=2 caps glibc's per-thread malloc arenas (about 10 MB less resident memory here)
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} EMBEDDED_DB_DIR="$WORK/postgres" EMBEDDED_DB_PORT=$DB_PORT PORT=$API_PORT \
    JWT_SECRET=bench-secret-bench-secret-bench-secret-0123 JWT_EXPIRATION_TIME=${JWT_EXPIRATION_TIME:-86400} \
    java "$@" -jar "$JAR" --logging.level.root=warn >"$WORK/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "localhost:$API_PORT/users/1" >/dev/null 2>&1 && return 0
    kill -0 "$API_PID" 2>/dev/null || { cat "$WORK/api.log" >&2; return 1; }
    sleep 0.5
  done
  echo "the API did not start; see $WORK/api.log" >&2
  return 1
}

stop_api() {
  if [ -n "$API_PID" ]; then
    kill "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  API_PID=
  return 0
}

# sign_in_bench_user: signs up bench@bench.test (once per database) and sets TOKEN to its access token
sign_in_bench_user() {
  curl -sf "localhost:$API_PORT/authentication/sign-up" -H 'Content-Type: application/json' \
    -d '{"email":"bench@bench.test","name":"Bench","password":"bench-password"}' >/dev/null || true
  TOKEN=$(curl -sf -D - -o /dev/null "localhost:$API_PORT/authentication/log-in" -H 'Content-Type: application/json' \
    -d '{"email":"bench@bench.test","password":"bench-password"}' | sed -n 's/^Set-Cookie: Authentication=\([^;]*\);.*/\1/ip')
  [ -n "$TOKEN" ] || { echo "could not log in the bench user" >&2; return 1; }
}

psql_db() { PGPASSWORD= psql -X -q -h localhost -p "$DB_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

peak_rss_mb() { awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$API_PID/status"; }

# find_jdk21: sets JDK21, unless set already, to the newest JDK 21+ under /usr/lib/jvm (the comparator needs
# virtual threads; both servers run on it when compared)
find_jdk21() {
  if [ -z "${JDK21:-}" ]; then
    for j in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
      v=$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
      [ "${v:-0}" -ge 21 ] 2>/dev/null && { JDK21=${j%/}; break; }
    done
  fi
  [ -n "${JDK21:-}" ] || { echo "no JDK 21+ under /usr/lib/jvm; set JDK21" >&2; return 1; }
}

wait_http() { for _ in $(seq 1 180); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done; echo "no answer from $1" >&2; return 1; }

# start_pair <api port> <comparator port> <db port> <jwt secret>: builds the project's jar and the comparator
# (COMPARATOR, default ../shared/comparators/mvc-vt) and starts both on JDK21 with the flags in JVM, on ONE embedded
# PostgreSQL loaded with the bench data set, as side-by-side.sh runs them; sets API_PID, MVC_PID and PSQL, and adds
# both processes to the caller's pids
start_pair() {
  local comparator=${COMPARATOR:-$ROOT/../shared/comparators/mvc-vt}
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package) >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; return 1; }
  cp "$(ls "$ROOT"/target/articles-api-*.jar | grep -v plain | head -1)" "$WORK/api.jar"
  cp -r "$comparator" "$WORK/mvc-vt" && chmod -R u+w "$WORK/mvc-vt"
  (cd "$WORK/mvc-vt" && rm -rf target && JAVA_HOME=$JDK21 mvn -q -B -DskipTests package) >"$WORK/build-mvc.log" 2>&1 \
    || { tail -20 "$WORK/build-mvc.log"; return 1; }
  (EMBEDDED_DB_DIR=$WORK/db EMBEDDED_DB_PORT=$3 JWT_SECRET=$4 JWT_EXPIRATION_TIME=86400 MALLOC_ARENA_MAX=2 \
    exec "$JDK21/bin/java" $JVM -jar "$WORK/api.jar" --server.port=$1 --logging.level.root=warn >"$WORK/api.log" 2>&1) &
  API_PID=$!; pids+=($API_PID)
  wait_http "http://127.0.0.1:$1/actuator/health/readiness"
  PSQL="psql -X -q -h 127.0.0.1 -p $3 -U postgres -d postgres"
  $PSQL -f "$BENCH_DIR/sql/dataset.sql" >/dev/null
  (SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:$3/postgres SPRING_DATASOURCE_USERNAME=postgres \
    JWT_SECRET=$4 PORT=$2 MALLOC_ARENA_MAX=2 exec "$JDK21/bin/java" $JVM -jar "$WORK/mvc-vt/target/mvc-peer.jar" \
    --logging.level.root=warn >"$WORK/mvc.log" 2>&1) &
  MVC_PID=$!; pids+=($MVC_PID)
  wait_http "http://127.0.0.1:$2/articles/1"
}

# round_setup <api port> <psql command> <email>: signs a user up and in through the API and reads the id ranges of
# the data set, for round_workload and wrk_round (COOKIE, CAT_MIN, CAT_MAX, U_MIN, U_MAX)
round_setup() {
  curl -fs "http://127.0.0.1:$1/authentication/sign-up" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$3\",\"name\":\"Rounds\",\"password\":\"rounds-password\"}" >/dev/null
  COOKIE=$(curl -fs -D - -o /dev/null "http://127.0.0.1:$1/authentication/log-in" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$3\",\"password\":\"rounds-password\"}" | sed -n 's/^[Ss]et-[Cc]ookie: \(Authentication=[^;]*\);.*/\1/p')
  CAT_MIN=$($2 -tAc "select min(id) from categories"); CAT_MAX=$($2 -tAc "select max(id) from categories")
  U_MIN=$($2 -tAc "select min(id) from users where email like 'user%@bench.test'")
  U_MAX=$($2 -tAc "select max(id) from users where email like 'user%@bench.test'")
}

# round_workload <letter>: "name|path template|MIN|MAX|cookie" of a workload that two servers are compared on
round_workload() {
  case $1 in
    a) echo "GET /articles/{id}|/articles/%d|1|20000|" ;;
    b) echo "GET /categories/{id}|/categories/%d|$CAT_MIN|$CAT_MAX|" ;;
    e) echo "GET /articles?authorId|/articles?authorId=%d|$U_MIN|$U_MAX|" ;;
    g) echo "GET /authentication|/authentication%.0s|1|1|$COOKIE" ;;
    *) echo "unknown workload $1" >&2; exit 2 ;;
  esac
}

# wrk_round <port> <pid> <letter> <seconds>: one round of wrk -t2 -c64; prints "requests rps jvm_us errors p99_ms",
# jvm_us being the process's CPU (user + system, from /proc) per request over the round
wrk_round() {
  local name path min max cookie; IFS='|' read -r name path min max cookie <<<"$(round_workload "$3")"
  local hz j0 j1 res reqs dur errs p99; hz=$(getconf CLK_TCK)
  j0=$(awk '{print $14 + $15}' "/proc/$2/stat")
  res=$(PATH_TEMPLATE=$path MIN=$min MAX=$max COOKIE=$cookie wrk -t2 -c64 -d"${4}s" --timeout 30s \
    -s "$BENCH_DIR/wrk/rounds.lua" "http://127.0.0.1:$1" 2>&1 | sed -n 's/^RESULT //p')
  j1=$(awk '{print $14 + $15}' "/proc/$2/stat")
  read -r reqs dur errs p99 <<<"$res"
  awk -v n="$reqs" -v d="$dur" -v e="$errs" -v p="$p99" -v j=$((j1 - j0)) -v hz="$hz" \
    'BEGIN { printf "%d %.0f %.0f %d %d\n", n, n / (d / 1e6), j * 1e6 / hz / n, e, p }'
}
