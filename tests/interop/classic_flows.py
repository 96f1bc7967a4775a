"""Run inside a venv with bittensor 10.5.0 (the classic SDK): a miner's and a validator's writes and reads.

usage: python classic_flows.py WS_URL WALLET_DIR NETUID AXON_PORT
Alice (a dev account) funds a new miner and validator; the miner registers by burn and serves its
classic ``bt.Axon``; the validator registers, stakes 1 τ, and, once the test has run an epoch,
queries the miner with the classic ``bt.Dendrite`` and sets weights. Prints one JSON object per
step so the test can read each effect back from the chain between steps; reads a line on stdin
("go") before the validator's weights so the test can run that epoch.
"""

import json
import sys

import bittensor as bt
from bittensor.utils import networking
from bittensor_wallet import Keypair, Wallet

networking.get_external_ip = lambda: "127.0.0.1"  # the classic Dendrite asks a web service for its address: offline

url, wallet_dir, netuid, port = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
st = bt.Subtensor(network=url)


def say(**kw):
    print(json.dumps(kw, default=str), flush=True)


def wallet(name, cold_uri=None):
    w = Wallet(name=name, hotkey="default", path=wallet_dir)
    if cold_uri:
        w.set_coldkey(Keypair.create_from_uri(cold_uri), encrypt=False, overwrite=True)
        w.set_coldkeypub(Keypair.create_from_uri(cold_uri), overwrite=True)
        w.set_hotkey(Keypair.create_from_uri(cold_uri), overwrite=True)
    else:
        w.create_if_non_existent(coldkey_use_password=False, hotkey_use_password=False, suppress=True)
    return w


class Echo(bt.Synapse):
    text: str = ""
    echoed: str = ""


def echo(synapse: Echo) -> Echo:
    synapse.echoed = synapse.text.upper()
    return synapse


alice, miner, validator = wallet("alice", "//Alice"), wallet("miner"), wallet("validator")
for w in (miner, validator):
    r = st.transfer(alice, w.coldkeypub.ss58_address, bt.Balance.from_tao(50), wait_for_finalization=True)
    say(step="transfer", to=w.coldkeypub.ss58_address, success=r.success, message=r.message)
say(step="balance", miner=st.get_balance(miner.coldkeypub.ss58_address).rao)

for name, w in (("miner", miner), ("validator", validator)):
    r = st.burned_register(w, netuid)
    say(step="burned_register", who=name, hotkey=w.hotkey.ss58_address, success=r.success, message=r.message)

axon = bt.Axon(wallet=miner, port=port, ip="127.0.0.1", external_ip="127.0.0.1")
axon.attach(forward_fn=echo)
r = st.serve_axon(netuid, axon)
axon.start()
say(step="serve_axon", success=r.success, message=r.message)

r = st.add_stake(validator, netuid, validator.hotkey.ss58_address, bt.Balance.from_tao(1))
say(step="add_stake", success=r.success, message=r.message,
    stake=st.get_stake(validator.coldkeypub.ss58_address, validator.hotkey.ss58_address, netuid).rao)

sys.stdin.readline()  # the test runs an epoch: validator permits are handed out by stake
mg = st.metagraph(netuid)
uid = mg.hotkeys.index(miner.hotkey.ss58_address)
answers = bt.Dendrite(wallet=validator).query([mg.axons[uid]], Echo(text="from a classic validator"), timeout=10)
ok = answers[0].echoed == "FROM A CLASSIC VALIDATOR"
r = st.set_weights(validator, netuid, uids=[uid], weights=[1.0 if ok else 0.0], wait_for_finalization=True)
say(step="set_weights", answered=ok, status=answers[0].dendrite.status_code, success=r.success, message=r.message,
    n=int(mg.n), hotkeys=list(mg.hotkeys), stake=[float(s) for s in mg.S])
axon.stop()
