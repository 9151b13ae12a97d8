#!/usr/bin/env bash
# One entry point that sets itself up on a fresh Debian/Ubuntu machine.
#   ./dev.sh demo [DIR]   build the bundled samples into DIR (default: demo-output/)
#   ./dev.sh serve [ARGS] set up and start the web app on the two samples (--demo)
#   ./dev.sh test         run ruff and the test suite (web tests on SQLite and PostgreSQL,
#                         then the README's shared-server section with tools/check_shared_server.py)
#   ./dev.sh setup        only install what is missing
# Set-up: system packages (python3-venv, LibreOffice Writer, Liberation fonts, poppler) are
# installed with apt-get when missing and this user may (root, or sudo without a password);
# otherwise the command to run is printed. Python packages go into .venv/.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(python3-venv libreoffice-writer-nogui fonts-liberation2 poppler-utils)

# only for ./dev.sh test: the browser of the end-to-end test and a throw-away database server
TEST_APT_PACKAGES=(chromium postgresql)

say() { printf '[dev.sh] %s\n' "$*" >&2; }

missing_system_packages() {
  local missing=()
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
  fc-list 2>/dev/null | grep -qi 'Liberation Serif' || missing+=(fonts-liberation2)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  printf '%s\n' "${missing[@]:-}"
}

pg_bin() {
  # Debian keeps initdb/pg_ctl out of PATH, under /usr/lib/postgresql/<version>/bin
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

missing_test_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  pg_bin >/dev/null || missing+=(postgresql)
  printf '%s\n' "${missing[@]:-}"
}

install_system_packages() {
  local missing
  mapfile -t missing < <( { missing_system_packages; [ "${1:-}" = test ] && missing_test_packages; } \
    | sed '/^$/d')
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      say "missing system packages: ${missing[*]}"
      say "install them with: sudo apt-get install -y ${missing[*]}"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here; please install: ${missing[*]}"
    return 0
  fi
  say "installing ${missing[*]} (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

setup_venv() {
  local stamp=.venv/.dvk-installed
  local want
  want=$(cat pyproject.toml | sha1sum | cut -d' ' -f1)
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    python3 -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing dvk-docs and its dependencies into .venv"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e '.[test,web]'
    echo "$want" > "$stamp"
  fi
}

setup() {
  install_system_packages "${1:-}"
  setup_venv
}

PG_DIR=""
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

as_pg() {
  # initdb refuses to run as root: use the postgres account then
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A throw-away PostgreSQL cluster in a temporary folder, reached over a Unix socket only;
# sets PG_URL (a DATABASE_URL), left empty when PostgreSQL is not installed or fails.
PG_URL=""
start_postgres() {
  local bin
  bin=$(pg_bin) || { say "PostgreSQL not installed: web tests run on SQLite only"; return 0; }
  PG_DIR=$(mktemp -d /tmp/dvk-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
  as_pg "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    >"$PG_DIR/initdb.log" 2>&1 || { say "initdb failed: $(tail -3 "$PG_DIR/initdb.log")"; return 0; }
  as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-k $PG_DIR -c listen_addresses='' -F" start >/dev/null \
    || { say "PostgreSQL did not start: $(tail -3 "$PG_DIR/server.log")"; return 0; }
  PG_URL="postgresql://postgres@$(printf '%s' "$PG_DIR" | sed 's|/|%2F|g')/postgres"
}

cmd=${1:-help}
shift || true
case "$cmd" in
  setup)
    setup
    ;;
  demo)
    setup
    out=${1:-demo-output}
    .venv/bin/dvk-docs demo -o "$out" --force
    say "done: open the .docx files in $out/"
    ;;
  serve)
    setup
    exec .venv/bin/dvk-docs serve --demo "$@"
    ;;
  test)
    setup test
    .venv/bin/ruff check dvk_docs tests tools bench
    set +e
    if [ $# -eq 0 ]; then
      # the whole suite on every core (a worker that runs out of tests takes some of the
      # other's)
      .venv/bin/python -m pytest -n auto --dist worksteal
    else
      .venv/bin/python -m pytest "$@"
    fi
    rc=$?
    set -e
    # pytest's 5 means "no tests collected": that is a failure here too
    [ $rc -ne 0 ] && exit $rc
    if [ $# -eq 0 ]; then
      # the web application's database tests once more, on a real PostgreSQL server
      trap stop_postgres EXIT
      start_postgres
      if [ -n "$PG_URL" ]; then
        say "web tests on PostgreSQL ($PG_DIR)"
        set +e
        DVK_TEST_DATABASE_URL="$PG_URL" .venv/bin/python -m pytest -q tests/web -m "not pdf and not e2e" \
          --ignore=tests/web/test_commands.py -n auto --dist worksteal
        rc=$?
        # the README's shared-server section, command by command (its own cluster, gunicorn
        # with 3 workers, the job worker)
        if [ $rc -eq 0 ]; then
          say "README shared-server section (tools/check_shared_server.py)"
          .venv/bin/python tools/check_shared_server.py
          rc=$?
        fi
        set -e
      elif [ "${CI:-}" = "true" ]; then
        say "CI: the PostgreSQL tests could not run (see above); failing"
        exit 1
      fi
    fi
    exit $rc
    ;;
  *)
    sed -n '2,8p' "$0"
    exit 2
    ;;
esac
