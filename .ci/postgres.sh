# Sourced by .ci/run: a throwaway PostgreSQL on 127.0.0.1 for the store tests.
# start_test_postgres exports REDLINE_TEST_PG and stops the server at exit; when PostgreSQL cannot be
# installed or started, it says so and returns 0, and the PostgreSQL store tests skip.

_pg_bindir() {
  { ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true; } | sort -V | tail -n 1
}

start_test_postgres() {
  if [ -n "${REDLINE_TEST_PG:-}" ]; then
    return 0
  fi
  local bindir
  bindir="$(_pg_bindir)"
  if [ -z "$bindir" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1; then
      echo "PostgreSQL could not be installed; the PostgreSQL store tests will skip" >&2
    fi
    bindir="$(_pg_bindir)"
  fi
  if [ -z "$bindir" ]; then
    echo "PostgreSQL is not available; the PostgreSQL store tests will skip" >&2
    return 0
  fi
  # initdb refuses to run as root: the server runs as the postgres user the package created
  local as_owner=()
  if [ "$(id -u)" = 0 ]; then
    as_owner=(runuser -u postgres --)
  fi
  PG_TEST_DIR="$(mktemp -d)"
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_TEST_DIR"
  fi
  if "${as_owner[@]}" "$bindir/initdb" -D "$PG_TEST_DIR/data" -U redline --auth=trust >"$PG_TEST_DIR/initdb.log" 2>&1 \
    && "${as_owner[@]}" "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w \
         -o "-h 127.0.0.1 -p $port -k $PG_TEST_DIR -F" start >/dev/null 2>&1 \
    && "$bindir/createdb" -h 127.0.0.1 -p "$port" -U redline redline_test >/dev/null 2>&1; then
    PG_TEST_BINDIR="$bindir"
    PG_TEST_OWNER=("${as_owner[@]}")
    trap stop_test_postgres EXIT
    export REDLINE_TEST_PG="postgresql+psycopg://redline@127.0.0.1:$port/redline_test"
    echo "PostgreSQL for the store tests on 127.0.0.1:$port" >&2
  else
    echo "PostgreSQL could not be started; the PostgreSQL store tests will skip" >&2
    tail -n 5 "$PG_TEST_DIR"/*.log >&2 2>/dev/null || true
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
  return 0
}

stop_test_postgres() {
  "${PG_TEST_OWNER[@]}" "$PG_TEST_BINDIR/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
}
