"""Run inside a venv with the real bittensor (>= 11): register a hotkey by burn, as the SDK does it.

usage: python real_register.py WS_URL COLDKEY_URI HOTKEY_URI NETUID
The SDK refuses to send ``burned_register`` in the clear: it encrypts it to ``MevShield.NextKey`` and
submits it inside ``MevShield.submit_encrypted``. Prints one JSON object with the SDK's result.
"""

import json
import sys
from types import SimpleNamespace

import bittensor as bt
from bittensor.intents.registration import BurnedRegister
from bittensor.sp_core import Keypair

url, cold_uri, hot_uri, netuid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cold, hot = Keypair.create_from_uri(cold_uri), Keypair.create_from_uri(hot_uri)
wallet = SimpleNamespace(coldkey=cold, coldkeypub=cold, hotkey=hot)
client = bt.Subtensor(url)
intent = BurnedRegister(netuid=netuid, hotkey_ss58=hot.ss58_address)
assert type(intent).mev_shield_required  # execute() sends it through MevShield.submit_encrypted
result = client.execute(intent, wallet)
data = dict(result.data or {})
print(json.dumps({"success": result.success, "message": result.message,
                  "block_hash": result.block_hash, "extrinsic_id": result.extrinsic_id,
                  "events": [f"{e.get('module_id')}.{e.get('event_id')}" if isinstance(e, dict) else str(e)
                             for e in result.events],
                  "shielded": data.get("shielded"),
                  "inner_extrinsic_hash": data.get("inner_extrinsic_hash")}, default=str))
