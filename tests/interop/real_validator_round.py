"""Run inside a venv with the real bittensor (>= 11): one validator round, the way a v11 validator does it.

usage: python real_validator_round.py WS_URL NETUID COLDKEY_URI VALIDATOR_HOTKEY_URI
Reads the metagraph, calls every served axon's POST /Echo signed with ``bt.http_auth``, scores each
miner 1 if it echoed correctly (else 0), and sets those weights with the ``SetWeights`` intent.
Prints one JSON object: the scores by uid and the SetWeights result.
"""

import json
import sys
import urllib.error
import urllib.request
from types import SimpleNamespace

import bittensor as bt
from bittensor.intents import SetWeights
from bittensor.sp_core import Keypair

url, netuid, cold_uri, hot_uri = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
cold, hot = Keypair.create_from_uri(cold_uri), Keypair.create_from_uri(hot_uri)
client = bt.Subtensor(url)
mg = client.subnets.metagraph(netuid)


def score(neuron) -> float:
    """1.0 when the miner answers the challenge correctly and signs in as the hotkey we called."""
    if not neuron.axon or neuron.hotkey == hot.ss58_address:
        return 0.0
    text = f"challenge for uid {neuron.uid}"
    body = json.dumps({"text": text}).encode()
    headers = bt.http_auth.sign(hot, method="POST", path="/Echo", body=body, receiver_ss58=neuron.hotkey)
    req = urllib.request.Request(f"http://{neuron.axon}/Echo", data=body, method="POST",
                                 headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            answer = json.loads(resp.read())
    except (urllib.error.URLError, ValueError):
        return 0.0
    return 1.0 if answer.get("echoed", "").startswith(text.upper()) else 0.0


scores = {n.uid: score(n) for n in mg}
uids = [uid for uid, s in scores.items() if s > 0]
wallet = SimpleNamespace(coldkey=cold, coldkeypub=cold, hotkey=hot)
result = client.execute(SetWeights(netuid=netuid, uids=uids, weights=[scores[u] for u in uids]), wallet)
print(json.dumps({"scores": scores, "success": result.success, "message": result.message}, default=str))
