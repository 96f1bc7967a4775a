"""``python -m bittensor_lite.cli …``: the same as ``bittensor-lite …``."""

import sys

from bittensor_lite.cli import main

sys.exit(main())
