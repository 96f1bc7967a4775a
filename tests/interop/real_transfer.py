"""Run inside a venv with the real bittensor (>= 11): sign and submit one transfer to a chain.

usage: python real_transfer.py WS_URL SIGNER_URI DEST_SS58 RAO
Prints one JSON object: whether it succeeded, its fee in rao, and the SDK's message.
"""

import json
import sys

import bittensor as bt
from bittensor.sp_core import Keypair

url, uri, dest, rao = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = bt.Subtensor(url)
result = client.submit_call(bt.calls.Balances.transfer_keep_alive(dest=dest, value=rao), Keypair.create_from_uri(uri))
print(json.dumps({"success": result.success, "fee": result.fee.rao if result.fee is not None else None,
                  "message": result.message}))
