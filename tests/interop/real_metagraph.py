"""Run inside a venv with the real bittensor (>= 11): read a subnet's metagraph, pool, neurons and stake.

usage: python real_metagraph.py WS_URL NETUID COLDKEY HOTKEY
Prints one JSON object of what the real SDK read: the metagraph (with and without commitments), the
subnet's commitments (all, and HOTKEY's, committed and revealed),
subnet info, dynamic info, the alpha price, the lite neurons, the coldkey's stake positions (alone,
in a batch, and on HOTKEY), the next epoch's block and the subnet registration cost;
a read that fails is reported as {"error": "..."} in its place and the next read still runs.
"""

import json
import sys

import bittensor as bt
from _reads import out, read  # this folder is on sys.path when a script runs
from bittensor._generated import runtime_apis as api

url, netuid, coldkey, hotkey = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
client = bt.Subtensor(url)


def metagraph(commitments):
    mg = client.subnets.metagraph(netuid, commitments=commitments)
    return {"n": len(mg), "block": mg.block, "tempo": mg.tempo, "symbol": mg.symbol, "price": mg.price,
            "moving_price": mg.moving_price, "owner_hotkey": mg.owner_hotkey, "last_step": mg.last_step,
            "hotkeys": mg.hotkeys, "coldkeys": mg.coldkeys,
            "alpha_stake": [n.alpha_stake.rao for n in mg], "tao_stake": [n.tao_stake.rao for n in mg],
            "total_stake": [n.total_stake.rao for n in mg], "incentive": [n.incentive for n in mg],
            "dividends": [n.dividends for n in mg], "emission": [n.emission.rao for n in mg],
            "validator_permit": [n.validator_permit for n in mg],
            "axons": [n.axon for n in mg],
            "commitments": {**{str(uid): str(c) for uid, c in mg.commitments.items()},
                            **{hk: str(c) for hk, c in mg.unregistered_commitments.items()}}}


def info():
    i = client.subnets.info(netuid)
    return {"tempo": i.tempo, "burn": i.burn.rao, "neuron_count": i.neuron_count}


def dynamic_info():
    d = client.runtime(api.SubnetInfoRuntimeApi.get_dynamic_info, [netuid])
    return {k: d[k] for k in ("netuid", "tao_in", "alpha_in", "alpha_out", "tempo", "last_step")} | {
        "moving_price_bits": d["moving_price"]["bits"]}


def neurons():
    return [{"uid": n.uid, "hotkey": n.hotkey, "stake": n.total_stake.rao} for n in client.neurons.all(netuid)]


def positions():
    return [{"netuid": p.netuid, "hotkey": p.hotkey, "stake": p.stake.rao, "is_registered": p.is_registered}
            for p in client.staking.positions(coldkey)]


read("metagraph_lean", lambda: metagraph(False))
read("metagraph", lambda: metagraph(True))
read("commitments", lambda: {hk: str(c) for hk, c in client.subnets.commitments(netuid).items()})
read("commitment", lambda: client.read("commitment", netuid=netuid, hotkey_ss58=hotkey))
read("revealed_commitment", lambda: client.read("revealed_commitment", netuid=netuid, hotkey_ss58=hotkey))
read("subnet_info", info)
read("dynamic_info", dynamic_info)
read("alpha_price", lambda: client.prices.alpha_price(netuid)["price_rao"])
read("neurons_lite", neurons)
read("positions", positions)
read("positions_batch", lambda: {ck: len(ps) for ck, ps in client.read("stake_for_coldkeys",
                                                                       coldkey_ss58s=[coldkey]).items()})
read("stake", lambda: client.read("stake", coldkey_ss58=coldkey, hotkey_ss58=hotkey, netuid=netuid).rao)
read("next_epoch_start_block", lambda: client.read("next_epoch_start_block", netuid=netuid))
read("subnet_registration_cost", lambda: client.read("subnet_registration_cost").rao)
print(json.dumps(out, default=str))
