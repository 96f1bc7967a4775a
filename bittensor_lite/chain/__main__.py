"""``python -m bittensor_lite.chain start …``: the same as ``bittensor-lite chain start …``.

Builds only the chain verbs (no wallet or neuron verbs, no torch until a chain starts).
"""

from __future__ import annotations

import sys

from bittensor_lite.cli.chain import build_parser
from bittensor_lite.cli.common import run_parser

if __name__ == "__main__":
    sys.exit(run_parser(build_parser(), sys.argv[1:]))
