"""Lesson 14's miner, driven by the real ``bittensor`` SDK (v11): run by *that* SDK's Python, not ours.

usage: python real_sdk_miner.py join URL NETUID COLD_URI HOT_URI IP PORT INTENTS_JSON
       python real_sdk_miner.py read URL NETUID HOT_SS58

``join``: ``//Alice`` sends the coldkey 5 TAO (``Transfer``), the coldkey registers the hotkey by burn
and the hotkey announces its axon; the two intent classes are the learner's answers
(``{"burned_register": "BurnedRegister", "serve_axon": "ServeAxon"}``), looked up on ``bt``.
``read``: the hotkey's UID, incentive and stake from the SDK's metagraph.
Prints one JSON object. This file imports only the real SDK and the standard library, so it
runs in a virtual environment that has ``bittensor`` and not ``bittensor_lite``.
"""

import json
import sys
from types import SimpleNamespace


def _result(res):
    return {"success": bool(res.success), "message": str(res.message or "")}


def join(url, netuid, cold_uri, hot_uri, ip, port, intents):
    """Fund, register and serve with the real SDK's intents; ``intents`` names the classes to use."""
    import bittensor as bt
    from bittensor.sp_core import Keypair

    cold, hot = Keypair.create_from_uri(cold_uri), Keypair.create_from_uri(hot_uri)
    wallet = SimpleNamespace(coldkey=cold, coldkeypub=cold, hotkey=hot)
    faucet = Keypair.create_from_uri("//Alice")
    sub = bt.Subtensor(url)
    out = {"sdk": bt.__version__, "steps": {}}
    out["steps"]["Transfer"] = _result(sub.execute(bt.Transfer(dest_ss58=cold.ss58_address, amount_tao=5),
                                                   SimpleNamespace(coldkey=faucet, coldkeypub=faucet, hotkey=faucet)))
    for call, make in (("burned_register", lambda cls: cls(netuid=netuid, hotkey_ss58=hot.ss58_address)),
                       ("serve_axon", lambda cls: cls(netuid=netuid, ip=ip, port=port))):
        name = str(intents.get(call, "")).removeprefix("bt.")
        cls = getattr(bt, name, None) if name.isidentifier() else None
        if cls is None:
            out["steps"][call] = {"success": False, "message": f"bittensor has no intent called {name!r}"}
            break
        out["steps"][call] = {"intent": name, "signer": getattr(cls, "signer", "")} | _result(sub.execute(make(cls), wallet))
        if not out["steps"][call]["success"]:
            break
    out["uid"] = sub.neurons.uid(hot.ss58_address, netuid)
    out["balance"] = sub.balances.get(cold.ss58_address).tao
    print(json.dumps(out, default=str))


def read(url, netuid, hot_ss58):
    """What the real SDK's metagraph says about one hotkey."""
    import bittensor as bt

    mg = bt.Subtensor(url).subnets.metagraph(netuid)
    uid = mg.hotkeys.index(hot_ss58)
    n = mg.neurons[uid] if hasattr(mg, "neurons") else list(mg)[uid]
    print(json.dumps({"sdk": bt.__version__, "uid": uid, "n": len(mg), "incentive": n.incentive,
                      "stake_rao": n.alpha_stake.rao, "axon": n.axon}, default=str))


if __name__ == "__main__":
    phase, args = sys.argv[1], sys.argv[2:]
    if phase == "join":
        join(args[0], int(args[1]), args[2], args[3], args[4], int(args[5]), json.loads(args[6]))
    elif phase == "read":
        read(args[0], int(args[1]), args[2])
    else:
        raise SystemExit(f"unknown phase {phase!r}: use join or read")
