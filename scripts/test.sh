#!/usr/bin/env bash
# Install what the test suite needs (a venv with the package and its test extras, Debian's
# Chromium for the browser tests) and run the whole suite. Safe to run again: installed
# parts are kept. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 MPLBACKEND=Agg PIP_DISABLE_PIP_VERSION_CHECK=1
export MPLCONFIGDIR="${MPLCONFIGDIR:-$(mktemp -d)}"

need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v npm >/dev/null || need="$need nodejs npm"
command -v java >/dev/null || need="$need default-jre-headless" # the Nu Html Checker (tests/test_audit.py)
if [ -n "$need" ]; then
  echo "installing Debian's$need (browser tests, front-end assets)" >&2
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
log="$(mktemp)"
quiet() { "$@" >"$log" 2>&1 || { cat "$log" >&2; echo "failed: $*" >&2; exit 1; }; }
quiet .venv/bin/python -m pip install --upgrade pip
quiet .venv/bin/python -m pip install -e ".[test]"
.venv/bin/python -c "import gallery, pytest" # fail here, clearly, if the install did not work

exec .venv/bin/python -m pytest "$@"
