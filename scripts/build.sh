#!/usr/bin/env bash
# Install what the build needs (a venv with the package; the front-end assets come from npm
# inside the build) and build the site into build/site. Extra arguments go to build.py,
# e.g. `bash scripts/build.sh --serve` or `--only tonic-spiking,rs-2003`.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 MPLBACKEND=Agg PIP_DISABLE_PIP_VERSION_CHECK=1

if ! command -v npm >/dev/null; then
  echo "installing Debian's nodejs and npm for the front-end assets (KaTeX, uPlot)" >&2
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
log="$(mktemp)"
quiet() { "$@" >"$log" 2>&1 || { cat "$log" >&2; echo "failed: $*" >&2; exit 1; }; }
quiet .venv/bin/python -m pip install --upgrade pip
quiet .venv/bin/python -m pip install -e .
.venv/bin/python -c "import gallery" # fail here, clearly, if the install did not work

exec .venv/bin/python build.py "$@"
