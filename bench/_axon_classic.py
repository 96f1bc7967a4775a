"""Reference for bench/axon.py, run in a venv with bittensor==10.5.0: its classic Axon and Dendrite.

usage: python _axon_classic.py serve PORT        (prints "ready" once listening)
       python _axon_classic.py client PORT N C   (prints one JSON line of results)
"""

import asyncio
import json
import sys
import tempfile
import time

import bittensor as bt
from bittensor.utils import networking

# The classic Dendrite asks public web services for this machine's IP when it is created; the
# benchmark is offline and on loopback, so answer for them.
networking.get_external_ip = lambda: "127.0.0.1"


class Echo(bt.Synapse):
    text: str = ""
    echoed: str | None = None


def wallet(name: str) -> "bt.Wallet":
    w = bt.Wallet(name=name, hotkey="default", path=tempfile.mkdtemp())
    w.create_new_coldkey(use_password=False, overwrite=True, suppress=True)
    w.create_new_hotkey(use_password=False, overwrite=True, suppress=True)
    return w


def serve(port: int) -> None:
    def echo(synapse: Echo) -> Echo:
        synapse.echoed = synapse.text
        return synapse

    axon = bt.Axon(wallet=wallet("miner"), port=port, ip="127.0.0.1", external_ip="127.0.0.1")
    axon.attach(forward_fn=echo)
    axon.start()
    with open(f"{tempfile.gettempdir()}/bench-classic-{port}.json", "w") as f:
        json.dump({"hotkey": axon.wallet.hotkey.ss58_address}, f)
    print("ready", flush=True)
    while True:
        time.sleep(3600)


async def client(port: int, requests: int, concurrency: int) -> dict:
    with open(f"{tempfile.gettempdir()}/bench-classic-{port}.json") as f:
        hotkey = json.load(f)["hotkey"]
    d = bt.Dendrite(wallet=wallet("validator"))
    info = bt.AxonInfo(version=0, ip="127.0.0.1", port=port, ip_type=4, hotkey=hotkey,
                       coldkey=hotkey)
    for _ in range(20):
        await d.forward(info, Echo(text="warm"), deserialize=False)
    lat, ok = [], 0
    for i in range(requests // 2):
        t = time.perf_counter()
        ans = await d.forward(info, Echo(text=f"hello {i}"), deserialize=False)
        lat.append(time.perf_counter() - t)
        ok += ans.dendrite.status_code == 200 and ans.echoed == f"hello {i}"
    rounds = max(1, requests // concurrency)
    t = time.perf_counter()
    for _ in range(rounds):
        answers = await d.forward([info] * concurrency, Echo(text="load"), deserialize=False)
        ok += sum(a.dendrite.status_code == 200 for a in answers)
    elapsed = time.perf_counter() - t
    lat.sort()
    return {"rps": rounds * concurrency / elapsed, "p50_ms": lat[len(lat) // 2] * 1e3,
            "p99_ms": lat[int(len(lat) * 0.99)] * 1e3, "ok": ok, "sent": requests // 2 + rounds * concurrency}


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    else:
        print(json.dumps(asyncio.run(client(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))))
