#!/usr/bin/env bash
# Set up ./.venv with everything the tests need, then run the whole suite
# (unit and property tests, ruff, and every lesson notebook executed twice).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh course,dev
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 MPLBACKEND=Agg
exec python -m pytest "$@"
