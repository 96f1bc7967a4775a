"""Run inside a venv with the real bittensor (>= 11): time its metagraph read of one subnet.

usage: python _real_sdk_metagraph.py WS_URL NETUID READS

Connects, reads the metagraph once untimed (the metadata fetch, its cache and the runtime's codec
all happen there), then times READS reads of ``client.subnets.metagraph(netuid, commitments=False)``
(one ``SubnetInfoRuntimeApi.get_metagraph`` state_call at the head, decoded, built into a
Metagraph). Prints one JSON object: the seconds of each timed read, the connect and warm-up
seconds, and what the last read held (n, hotkeys) for the caller to check against its own.
"""

import json
import sys
import time

import bittensor as bt

url, netuid, reads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = time.perf_counter()
client = bt.Subtensor(url)
mg = client.subnets.metagraph(netuid, commitments=False)  # warm-up: connect, metadata, codec
warmup_s = time.perf_counter() - t
if mg is None:
    sys.exit(f"the real SDK found no subnet {netuid} at {url}")
times = []
for _ in range(reads):
    t = time.perf_counter()
    mg = client.subnets.metagraph(netuid, commitments=False)
    times.append(time.perf_counter() - t)
client.close()
print(json.dumps({"times": times, "warmup_s": warmup_s, "n": len(mg), "block": mg.block,
                  "hotkeys": [str(hk) for hk in mg.hotkeys]}))
