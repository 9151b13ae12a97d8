#!/usr/bin/env bash
# One entry point that sets itself up on a fresh Debian/Ubuntu machine.
#   ./dev.sh demo [DIR]   build the bundled samples into DIR (default: demo-output/)
#   ./dev.sh test         run ruff and the test suite
#   ./dev.sh setup        only install what is missing
# Set-up: system packages (python3-venv, LibreOffice Writer, Liberation fonts, poppler) are
# installed with apt-get when missing and this user may (root, or sudo without a password);
# otherwise the command to run is printed. Python packages go into .venv/.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(python3-venv libreoffice-writer-nogui fonts-liberation2 poppler-utils)

say() { printf '[dev.sh] %s\n' "$*" >&2; }

missing_system_packages() {
  local missing=()
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
  fc-list 2>/dev/null | grep -qi 'Liberation Serif' || missing+=(fonts-liberation2)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  printf '%s\n' "${missing[@]:-}"
}

install_system_packages() {
  local missing
  mapfile -t missing < <(missing_system_packages | sed '/^$/d')
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
  install_system_packages
  setup_venv
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
  test)
    setup
    .venv/bin/ruff check dvk_docs tests tools bench
    set +e
    .venv/bin/python -m pytest "$@"
    rc=$?
    set -e
    # pytest's 5 means "no tests collected": that is a failure here too
    exit $rc
    ;;
  *)
    sed -n '2,8p' "$0"
    exit 2
    ;;
esac
