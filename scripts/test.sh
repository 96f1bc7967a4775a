#!/usr/bin/env bash
# Set up ./.venv with everything the tests need, then run the whole suite
# (unit and property tests, ruff, every lesson notebook executed twice, the course site build
# and lesson 00 driven in a real chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh course,dev
# The browser test (tests/test_browser.py) drives Debian's chromium; install it where we can.
if [ ! -x /usr/bin/chromium ] && [ -z "${BITTENSOR_LITE_CHROMIUM:-}" ] && command -v apt-get >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  if ! { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; }; then
    echo "could not install chromium with apt-get: tests/test_browser.py will fail" >&2
  fi
fi
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 MPLBACKEND=Agg
exec python -m pytest "$@"
