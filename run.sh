#!/usr/bin/env bash
# imt-roi's two commands, each setting up what it needs on a fresh machine:
#   ./run.sh serve        serve the dashboards with Voila on http://127.0.0.1:8866
#   ./run.sh test [ARGS]  lint (ruff), build the docs (mkdocs --strict), run every test (pytest ARGS passed through)
set -euo pipefail
cd "$(dirname "$0")"

setup_python() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  # The exact versions the suite was last run against, checked by hash (requirements-lock.txt), then the
  # project itself; again only when the lock or pyproject.toml changed since the last install.
  if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] \
     || [ requirements-lock.txt -nt .venv/.installed ]; then
    .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-lock.txt
    .venv/bin/python -m pip install --quiet --no-deps -e .
    touch .venv/.installed
  fi
}

setup_browser() {
  # Browser tests drive Debian's Chromium (playwright cannot download a browser here).
  if [ ! -x /usr/bin/chromium ]; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -q chromium >/dev/null 2>&1 \
      || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q chromium >/dev/null; }
  fi
}

case "${1:-}" in
  serve)
    setup_python
    shift
    exec .venv/bin/imt-roi serve "$@"
    ;;
  test)
    shift
    setup_python
    setup_browser
    .venv/bin/ruff check .
    # Build the docs strictly so a broken link or an unrenderable docstring fails; into a temp dir, not the repo.
    site_dir="$(mktemp -d)"
    NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet --site-dir "$site_dir"
    rm -rf "$site_dir"
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: ./run.sh serve | ./run.sh test [pytest args]" >&2
    exit 2
    ;;
esac
