#!/usr/bin/env bash
# The main job on a fresh machine: set up ./.venv, then run the mock-subnet demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/bittensor-lite demo "$@"
