"""``python -m bittensor_lite.chain start …``: the same as ``bittensor-lite chain start …``."""

from __future__ import annotations

import sys

from bittensor_lite.cli import main

if __name__ == "__main__":
    sys.exit(main(["chain", *sys.argv[1:]]))
