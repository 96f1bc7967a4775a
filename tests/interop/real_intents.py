"""Run inside a venv with the real bittensor (>= 11): execute v11 intents in order, as one wallet.

usage: python real_intents.py WS_URL COLDKEY_URI HOTKEY_URI 'JSON [[IntentName, {field: value}], ...]'
``$HOTKEY`` in a field's value stands for the hotkey's ss58 address. Prints one JSON list: each intent's
success, message, the error's chain name if it failed, and whether it went through the MEV shield.
"""

import json
import sys
from types import SimpleNamespace

import bittensor as bt
from bittensor import intents
from bittensor.sp_core import Keypair

url, cold_uri, hot_uri, plan = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
cold, hot = Keypair.create_from_uri(cold_uri), Keypair.create_from_uri(hot_uri)
wallet = SimpleNamespace(coldkey=cold, coldkeypub=cold, hotkey=hot)
results = []
for name, fields in plan:
    fields = {k: hot.ss58_address if v == "$HOTKEY" else v for k, v in fields.items()}
    # One client per intent, as btcli runs one per command: SDK 11.3.0 pins a shielded submission's carrier
    # nonce (n) after its inner one (n + 1), so the same client's next shielded intent would reuse n + 1 and
    # be rejected as Stale on any chain (pallets/shield: the inner extrinsic consumes a nonce of its own).
    client = bt.Subtensor(url)
    result = client.execute(getattr(intents, name)(**fields), wallet)
    error = getattr(result, "error", None)
    results.append({"intent": name, "success": result.success, "message": result.message,
                    "error": getattr(error, "name", None) if error else None,
                    "shielded": bool(dict(result.data or {}).get("shielded"))})
print(json.dumps(results, default=str))
