#!/usr/bin/env bash
# The main job: set up ./.venv with the course, then open JupyterLab on lesson 00.
#   bash scripts/course.sh                 # prints the lesson's URL; open it in your browser
# It serves on 127.0.0.1 only (nobody else on the network can reach it), so it asks for no token.
# Stop it with Ctrl-C. Settings, all optional:
#   BITTENSOR_LITE_PORT=8899               the port (default: the first free one from 8888)
#   BITTENSOR_LITE_NO_BROWSER=1            never open a browser (headless machines need not set it)
#   BITTENSOR_LITE_SKIP_SETUP=1            reuse the installed environment as it is
#   BITTENSOR_LITE_PYTHON=/path/to/python  the environment's python (default: .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${BITTENSOR_LITE_SKIP_SETUP:-}" ] || bash scripts/setup.sh course
python="${BITTENSOR_LITE_PYTHON:-.venv/bin/python}"
lesson="notebooks/00_start_here.ipynb"

port="${BITTENSOR_LITE_PORT:-$("$python" - <<'PY'
import socket
for port in range(8888, 8988):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
)}"
[ -n "$port" ] || { echo "no free port between 8888 and 8987; set BITTENSOR_LITE_PORT" >&2; exit 1; }

browser=()
if [ -n "${BITTENSOR_LITE_NO_BROWSER:-}" ] || { [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; }; then
  browser=(--no-browser)  # headless (a server, a container, CI): just print the URL
fi

[ "$(id -u)" != 0 ] || browser+=(--allow-root)  # a container's root user (Docker, some CI)

url="http://127.0.0.1:${port}/lab/tree/${lesson}"
echo
echo "  The course is starting. Open lesson 00 at:"
echo "      ${url}"
echo "  (first time: read it top to bottom, run each cell with Shift-Enter; Ctrl-C here stops the server)"
echo
exec "$python" -m jupyterlab ${browser[@]+"${browser[@]}"} \
  --ServerApp.ip=127.0.0.1 --ServerApp.port="$port" --ServerApp.port_retries=0 \
  --IdentityProvider.token= --ServerApp.password= --ServerApp.answer_yes=True \
  --ServerApp.root_dir="$PWD" --LabApp.default_url="/lab/tree/${lesson}" \
  --LabApp.news_url= --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate
