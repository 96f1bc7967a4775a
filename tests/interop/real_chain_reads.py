"""Run inside a venv with the real bittensor (>= 11): connect to a chain and read what a wallet reads first.

usage: python real_chain_reads.py WS_URL ADDRESS...
Prints one JSON object: the block number, the spec version, and each address's free balance in
rao, as the real SDK read them; a read that fails is reported as {"error": "..."} in its place.
"""

import json
import sys

import bittensor as bt
from _reads import out, read  # this folder is on sys.path when a script runs

url, addresses = sys.argv[1], sys.argv[2:]
client = bt.Subtensor(url)


read("block", lambda: client.block)
read("spec_version", lambda: client.spec_version)
for address in addresses:
    read(address, lambda a=address: client.balances.get(a).rao)
print(json.dumps(out))
