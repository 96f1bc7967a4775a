"""Axon and Dendrite over btauth/1: a round trip, and every kind of bad request refused or contained."""

import asyncio
import time

import httpx
import pytest

import bittensor_lite as bl
from bittensor_lite import btauth
from bittensor_lite.axon import INPROCESS_AXONS, Axon, PriorityGate
from bittensor_lite.dendrite import Dendrite
from bittensor_lite.metagraph import AxonInfo
from bittensor_lite.synapse import Echo, TextPrompt

MINER = bl.dev_wallet("axon-test-miner")
VALIDATOR = bl.dev_wallet("axon-test-validator")
STRANGER = bl.dev_wallet("axon-test-stranger")


def echo(s: Echo) -> Echo:
    s.echoed = s.text.upper()
    return s


@pytest.fixture()
def inproc(free_port):
    port = free_port()
    axon = Axon(MINER, port=port, timeout=0.5).attach(echo)
    axon.start(inprocess=True)
    yield axon
    axon.stop()


def signed(path, body, *, wallet=VALIDATOR, receiver=None, nonce_ns=None):
    h = btauth.sign(wallet.hotkey, method="POST", path=path, body=body,
                    receiver=receiver or MINER.hotkey.ss58_address, nonce_ns=nonce_ns)
    return {"Content-Type": "application/json", **h}


async def raw_post(app, path, body, headers):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        return await c.post(path, content=body, headers=headers)


def post(axon, path, body, headers):
    return asyncio.run(raw_post(axon.app, path, body, headers))


def test_round_trip_in_process(inproc):
    d = Dendrite(VALIDATOR)
    out = d.query(inproc.info(), Echo(text="hello"))
    assert out.is_success and out.echoed == "HELLO"
    assert out.dendrite.axon_hotkey == MINER.hotkey.ss58_address and out.dendrite.process_time > 0
    many = d.query([inproc.info()] * 5, Echo(text="x"))
    assert [m.echoed for m in many] == ["X"] * 5


def test_round_trip_on_a_real_port(free_port):
    axon = Axon(MINER, port=free_port()).attach(echo).start()
    try:
        out = Dendrite(VALIDATOR).query(axon.info(), Echo(text="over tcp"), timeout=5)
        assert out.dendrite.status_code == 200 and out.echoed == "OVER TCP"
    finally:
        axon.stop()
    dead = Dendrite(VALIDATOR).query(axon.info(), Echo(text="anyone?"), timeout=2)
    assert dead.dendrite.status_code == 503 and dead.echoed is None


def test_forged_signature_is_401(inproc):
    body = Echo(text="a").body()
    headers = signed("/Echo", body)
    r = post(inproc, "/Echo", Echo(text="b").body(), headers)  # body swapped after signing
    assert r.status_code == 401 and "BadSignature" in r.json()["message"]


def test_replayed_request_is_401(inproc):
    body = Echo(text="a").body()
    headers = signed("/Echo", body)
    assert post(inproc, "/Echo", body, headers).status_code == 200
    r = post(inproc, "/Echo", body, headers)
    assert r.status_code == 401 and "ReplayedRequest" in r.json()["message"]


def test_stale_and_future_nonces_are_401(inproc):
    body = Echo(text="a").body()
    old = signed("/Echo", body, nonce_ns=time.time_ns() - 11 * 10**9)
    future = signed("/Echo", body, nonce_ns=time.time_ns() + 5 * 10**9)
    for h in (old, future):
        r = post(inproc, "/Echo", body, h)
        assert r.status_code == 401 and "StaleRequest" in r.json()["message"]


def test_wrong_receiver_is_403(inproc):
    body = Echo(text="a").body()
    r = post(inproc, "/Echo", body, signed("/Echo", body, receiver=STRANGER.hotkey.ss58_address))
    assert r.status_code == 403 and "WrongReceiver" in r.json()["message"]


def test_missing_headers_are_401(inproc):
    r = post(inproc, "/Echo", b"{}", {"Content-Type": "application/json"})
    assert r.status_code == 401 and "MalformedAuth" in r.json()["message"]


def test_unknown_synapse_is_404_and_bad_body_is_400(inproc):
    assert post(inproc, "/Nope", b"{}", signed("/Nope", b"{}")).status_code == 404
    body = b'{"text": 5}'
    assert post(inproc, "/Echo", body, signed("/Echo", body)).status_code == 400


def test_oversize_body_is_413(free_port):
    axon = Axon(MINER, port=free_port(), max_body_bytes=1000).attach(echo)
    body = Echo(text="x" * 5000).body()
    r = post(axon, "/Echo", body, signed("/Echo", body))
    assert r.status_code == 413


def test_unregistered_hotkey_is_403_with_a_metagraph(free_port):
    sub = bl.connect("mock")
    alice = bl.dev_wallet("Alice")
    netuid = sub.register_network(alice)
    sub.dev.set_balance(VALIDATOR.coldkey.ss58_address, 10**12)
    sub.burned_register(VALIDATOR, netuid)
    axon = Axon(MINER, port=free_port(), metagraph=sub.metagraph(netuid)).attach(echo)
    body = Echo(text="a").body()
    assert post(axon, "/Echo", body, signed("/Echo", body)).status_code == 200
    r = post(axon, "/Echo", body, signed("/Echo", body, wallet=STRANGER))
    assert r.status_code == 403 and "not registered" in r.json()["message"]


def test_blacklist_is_403(free_port):
    axon = Axon(MINER, port=free_port()).attach(echo, blacklist=lambda s: (s.text == "spam", "no spam"))
    body = Echo(text="spam").body()
    r = post(axon, "/Echo", body, signed("/Echo", body))
    assert r.status_code == 403 and "no spam" in r.json()["message"]


def test_hanging_and_crashing_miners_are_contained(free_port):
    async def hang(s: TextPrompt) -> TextPrompt:
        await asyncio.sleep(30)
        return s

    def crash(s: Echo) -> Echo:
        raise RuntimeError("boom with a secret-looking message")

    port = free_port()
    axon = Axon(MINER, port=port, timeout=0.3).attach(hang).attach(crash).start(inprocess=True)
    try:
        d = Dendrite(VALIDATOR)
        slow = d.query(axon.info(), TextPrompt(prompt="hi"), timeout=5)
        # the axon's own timeout (0.3 s) answered, not the dendrite's (5 s)
        assert slow.dendrite.status_code == 408
        assert "forward took longer than 0.3 s" in slow.dendrite.status_message
        broken = d.query(axon.info(), Echo(text="x"))
        assert broken.dendrite.status_code == 500 and "boom" not in broken.dendrite.status_message
        # the dendrite's own timeout bounds a miner that never answers
        quick = d.query(axon.info(), TextPrompt(prompt="hi"), timeout=0.1)
        assert quick.dendrite.status_code == 408
        assert quick.dendrite.status_message == "no answer within 0.1 s"
    finally:
        axon.stop()


def test_garbage_and_huge_answers_are_contained():
    from fastapi import FastAPI
    from fastapi.responses import Response

    app = FastAPI()

    @app.post("/Echo")
    async def garbage() -> Response:
        return Response(b"<html>not a synapse</html>", media_type="text/html")

    @app.post("/TextPrompt")
    async def huge() -> Response:
        return Response(b"x" * 50_000_000, media_type="application/json")

    INPROCESS_AXONS[("10.0.0.9", 1)] = app
    try:
        where = AxonInfo(ip="10.0.0.9", port=1, hotkey=MINER.hotkey.ss58_address)
        d = Dendrite(VALIDATOR)
        assert d.query(where, Echo(text="a")).dendrite.status_code == 502
        big = d.query(where, TextPrompt(prompt="a"), timeout=30)
        assert big.dendrite.status_code == 502 and "larger" in big.dendrite.status_message
    finally:
        INPROCESS_AXONS.pop(("10.0.0.9", 1))


def test_priority_gate_serves_the_highest_first():
    async def scenario():
        gate = PriorityGate(1)
        order = []
        await gate.acquire(0)

        async def waiter(p):
            await gate.acquire(p)
            order.append(p)
            gate.release()

        tasks = [asyncio.create_task(waiter(p)) for p in (1, 5, 3)]
        await asyncio.sleep(0.01)
        gate.release()
        await asyncio.gather(*tasks)
        return order

    assert asyncio.run(scenario()) == [5, 3, 1]


def test_attach_needs_a_synapse_annotation():
    with pytest.raises(bl.BittensorLiteError, match="annotate"):
        Axon(MINER).attach(lambda s: s)


def test_no_secret_in_reprs_or_messages(inproc):
    secrets = {MINER.hotkey.private_key.hex(), VALIDATOR.hotkey.private_key.hex(),
               MINER.coldkey.private_key.hex()}
    texts = [repr(inproc), repr(Dendrite(VALIDATOR)), repr(MINER), str(inproc.info())]
    body = Echo(text="a").body()
    texts.append(post(inproc, "/Echo", body, signed("/Echo", body, receiver=STRANGER.hotkey.ss58_address)).text)
    for t in texts:
        for s in secrets:
            assert s not in t and s[:16] not in t


def test_sync_queries_reuse_connections_and_work_inside_a_running_loop(free_port):
    """query() runs on one background loop whose keep-alive client is reused (fewer TCP connects),
    from plain code and from inside a running event loop (as in Jupyter)."""
    from bittensor_lite import dendrite as dmod

    axon = Axon(MINER, port=free_port()).attach(echo).start()
    try:
        d = Dendrite(VALIDATOR)
        assert d.query(axon.info(), Echo(text="a"), timeout=5).echoed == "A"
        client = dmod._SHARED_CLIENTS[("127.0.0.1", axon.port)]
        for i in range(5):
            assert d.query(axon.info(), Echo(text=str(i)), timeout=5).echoed == str(i)
        assert dmod._SHARED_CLIENTS[("127.0.0.1", axon.port)] is client  # same client, same open connection

        async def notebook_cell():
            return d.query(axon.info(), Echo(text="in a loop"), timeout=5)  # sync call inside a running loop

        assert asyncio.run(notebook_cell()).echoed == "IN A LOOP"
    finally:
        axon.stop()


@pytest.mark.timeout(60)
def test_a_forward_that_queries_another_axon_does_not_deadlock(inproc, free_port):
    """A miner whose forward asks another miner (lessons 06 and 10) runs on the dendrite's own loop."""
    d = Dendrite(VALIDATOR)

    def relay(s: TextPrompt) -> TextPrompt:
        s.completion = d.query(inproc.info(), Echo(text=s.prompt), timeout=5).echoed
        return s

    relay_axon = Axon(bl.dev_wallet("relay"), port=free_port()).attach(relay).start(inprocess=True)
    try:
        out = d.query(relay_axon.info(), TextPrompt(prompt="pass it on"), timeout=10)
        assert out.dendrite.status_code == 200 and out.completion == "PASS IT ON"
    finally:
        relay_axon.stop()
