"""Lesson 14: from bittensor_lite to the real SDK and btcli; key safety; the checks.

``SDK_MAP`` and ``CLI_MAP`` are the one source of truth for "what is this called for real":
the lesson's tables, the exercise checks and the tests (which look every name up in
``bittensor_lite`` and, when the real SDK is installed, in ``bittensor`` 11) all read them.
Real-SDK names were checked against bittensor 11.3.0 (and the v10 column against 10.2.0's
source); nothing here imports the real SDK.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)

__all__ = [
    "SdkRow",
    "CliRow",
    "SDK_MAP",
    "CLI_MAP",
    "sdk_table",
    "cli_table",
    "v11_name",
    "who_signs",
    "online",
    "wallet_files",
    "key_file_kind",
    "stake_into_pool",
    "HIDDEN_CALLS",
    "REAL_SDK_PIN",
    "real_sdk_python",
    "install_hint",
    "join_with_real_sdk",
    "read_with_real_sdk",
    "join_with_lite",
    "read_with_lite",
    "check_intents",
    "check_server_files",
]


@dataclass(frozen=True)
class SdkRow:
    """One thing you do, written three ways. ``signer`` is the key that signs it ("" for a read)."""

    task: str
    ours: str  # bittensor_lite, as you type it
    v11: str  # the real SDK today (bittensor 11)
    v10: str  # the v10 spelling much subnet code still uses
    signer: str = ""
    ours_name: str = ""  # where the name lives in bittensor_lite ("Subtensor.add_stake")
    v11_name: str = ""  # where it lives in bittensor 11: "AddStake" (bt.*) or "sub.subnets.metagraph"
    note: str = ""


# A write in v11 is an *intent* object handed to ``sub.execute(intent, wallet)``; a read goes
# through a namespace on the Subtensor (``sub.balances``, ``sub.subnets``, ``sub.neurons`` …).
SDK_MAP: tuple[SdkRow, ...] = (
    SdkRow("open a network", 'bl.connect("ws://127.0.0.1:9944")', 'bt.Subtensor("local")',
           'bt.Subtensor(network="local")', "", "connect", "Subtensor",
           'v11 also takes "finney", "test" or any ws:// URL; ours: "mock", "local" or ws://'),
    SdkRow("open a wallet", "bl.Wallet(name, hotkey, path)", "bt.Wallet(name, hotkey, path)",
           "bt.Wallet(name, hotkey, path)", "", "Wallet", "Wallet", "same folder, same files"),
    SdkRow("free balance", "sub.get_balance(address)", "sub.balances.get(address)",
           "sub.get_balance(address)", "", "Subtensor.get_balance", "sub.balances.get"),
    SdkRow("send TAO", "sub.transfer(wallet, dest, amount)",
           "sub.execute(bt.Transfer(dest_ss58, amount_tao), wallet)",
           "sub.transfer(wallet, destination_ss58, amount)", "coldkey", "Subtensor.transfer", "Transfer"),
    SdkRow("create a subnet", "sub.register_network(wallet)", "sub.execute(bt.RegisterSubnet(), wallet)",
           "sub.register_subnet(wallet)", "coldkey", "Subtensor.register_network", "RegisterSubnet",
           "real subnets then need the owner's bt.StartCall(netuid) before emission starts"),
    SdkRow("registration cost", "sub.recycle(netuid)", "sub.subnets.burn(netuid)", "sub.recycle(netuid)",
           "", "Subtensor.recycle", "sub.subnets.burn"),
    SdkRow("register a hotkey", "sub.burned_register(wallet, netuid)",
           "sub.execute(bt.BurnedRegister(netuid), wallet)", "sub.burned_register(wallet, netuid)",
           "coldkey", "Subtensor.burned_register", "BurnedRegister", "the coldkey pays; the hotkey gets the UID"),
    SdkRow("a hotkey's UID", "sub.get_uid_for_hotkey_on_subnet(hotkey, netuid)",
           "sub.neurons.uid(hotkey_ss58, netuid)", "sub.get_uid_for_hotkey_on_subnet(hotkey_ss58, netuid)",
           "", "Subtensor.get_uid_for_hotkey_on_subnet", "sub.neurons.uid"),
    SdkRow("stake", "sub.add_stake(wallet, amount_tao, netuid=netuid)",
           "sub.execute(bt.AddStake(hotkey_ss58, netuid, amount_tao), wallet)",
           "sub.add_stake(wallet, netuid, hotkey_ss58, amount)", "coldkey", "Subtensor.add_stake", "AddStake",
           "both (spec 425): stake sits on a hotkey *on one subnet* and is swapped into that subnet's alpha"),
    SdkRow("unstake", "sub.remove_stake(wallet, amount_alpha, netuid=netuid)",
           "sub.execute(bt.RemoveStake(hotkey_ss58, netuid, amount_alpha), wallet)",
           "sub.unstake(wallet, netuid, hotkey_ss58, amount)", "coldkey", "Subtensor.remove_stake", "RemoveStake",
           "both take the amount in alpha, not TAO"),
    SdkRow("set weights", "sub.set_weights(wallet, netuid, uids, weights)",
           "sub.execute(bt.SetWeights(netuid, uids, weights), wallet)",
           "sub.set_weights(wallet, netuid, uids, weights)", "hotkey", "Subtensor.set_weights", "SetWeights",
           "v11 switches to commit-reveal by itself where the subnet requires it"),
    SdkRow("announce an axon", "sub.serve_axon(wallet, netuid, ip, port)",
           "sub.execute(bt.ServeAxon(netuid, ip, port), wallet)", "sub.serve_axon(netuid, axon)", "hotkey",
           "Subtensor.serve_axon", "ServeAxon", "writes ip:port on chain; starting the server is up to you"),
    SdkRow("hyperparameters", "sub.get_subnet_hyperparameters(netuid)", "sub.subnets.subnet_hyperparameters(netuid)",
           "sub.get_subnet_hyperparameters(netuid)", "", "Subtensor.get_subnet_hyperparameters",
           "sub.subnets.subnet_hyperparameters"),
    SdkRow("metagraph", "sub.metagraph(netuid)", "sub.subnets.metagraph(netuid)", "sub.metagraph(netuid)", "",
           "Subtensor.metagraph", "sub.subnets.metagraph",
           "v11: a list of neurons (mg.neurons[uid].incentive); ours and v10: vectors (mg.S, mg.I …)"),
    SdkRow("wait for an epoch", "sub.wait_for_epoch(netuid)", "sub.wait_for_epoch(netuid)",
           "sub.wait_for_block(block)", "", "Subtensor.wait_for_epoch", "sub.wait_for_epoch"),
    SdkRow("serve a miner", "Axon(wallet, port).attach(forward).start()",
           "your own HTTP server + bt.http_auth.verify(headers, body, …)",
           "bt.Axon(wallet=wallet, port=port).attach(forward).start()", "", "axon.Axon", "http_auth.verify",
           "v11 has no Axon class; our Axon checks btauth/1 exactly as http_auth.verify does"),
    SdkRow("query miners", "Dendrite(wallet).query(axon_info, synapse)",
           "any HTTP client + bt.http_auth.sign(wallet, method=…, path=…, body=…)",
           "bt.Dendrite(wallet=wallet).query(axons, synapse)", "hotkey", "dendrite.Dendrite", "http_auth.sign",
           "requests are signed by the validator's hotkey; v10 signs its own headers, not btauth/1"),
    SdkRow("the request format", "class MyTask(bl.Synapse)", "a JSON body you define", "class MyTask(bt.Synapse)",
           "", "Synapse", "", "v11 leaves the body to you; our Synapse is a pydantic model like v10's"),
)


@dataclass(frozen=True)
class CliRow:
    """One command-line task: btcli (bundled with bittensor 11) and bittensor-lite."""

    task: str
    btcli: str
    ours: str
    note: str = ""


CLI_MAP: tuple[CliRow, ...] = (
    CliRow("make a wallet", "btcli wallet create", "bittensor-lite wallet create"),
    CliRow("show its addresses", "btcli wallet show", "bittensor-lite wallet show"),
    CliRow("list wallets", "btcli wallet list", "bittensor-lite wallet list"),
    CliRow("rebuild from a mnemonic", "btcli wallet regen-coldkey", "bittensor-lite wallet regen --coldkey",
           "hotkey: btcli wallet regen-hotkey / bittensor-lite wallet regen --hotkey-only"),
    CliRow("balance", "btcli wallet balance", "bittensor-lite balance", "btcli also shows stake valued in TAO"),
    CliRow("send TAO", "btcli wallet transfer --dest ADDR --amount X", "bittensor-lite transfer --dest ADDR --amount X"),
    CliRow("list subnets", "btcli subnets list", "bittensor-lite subnet list", "btcli's group is plural"),
    CliRow("create a subnet", "btcli subnets create", "bittensor-lite subnet create"),
    CliRow("register a hotkey", "btcli subnets register --netuid N", "bittensor-lite subnet register --netuid N"),
    CliRow("hyperparameters", "btcli subnets hyperparameters N", "bittensor-lite subnet hyperparameters --netuid N"),
    CliRow("metagraph", "btcli subnets metagraph N", "bittensor-lite metagraph --netuid N"),
    CliRow("stake", "btcli stake add --netuid N --amount X", "bittensor-lite stake add --amount X",
           "btcli stakes on one subnet (and asks which hotkey)"),
    CliRow("unstake", "btcli stake remove --netuid N --amount X", "bittensor-lite stake remove --amount X"),
    CliRow("set weights by hand", "btcli misc weights set --netuid N --uids … --weights …", "",
           "ours: the validator neuron does it from Python (sub.set_weights)"),
    CliRow("announce an axon by hand", "btcli misc axon set", "", "ours: the miner does it from Python (sub.serve_axon)"),
    CliRow("run a local chain", "docker run … ghcr.io/opentensor/subtensor-localnet:devnet-ready",
           "bittensor-lite chain start", "btcli has no chain of its own"),
    CliRow("pick the network", "--network finney|test|local|ws://…", "--network ws://… (default: the local chain)"),
    CliRow("pick the wallet", "-w NAME -H HOTKEY --wallet-path DIR", "--name NAME --hotkey HOTKEY --path DIR",
           "ours also accepts --wallet.name, --wallet.hotkey, --wallet.path"),
)


HIDDEN_CALLS = ("burned_register", "serve_axon", "set_weights")  # lesson 14's exercise: work these rows out


def sdk_table(hide: tuple[str, ...] = ()) -> Any:
    """``SDK_MAP`` as a pandas DataFrame (what you do · bittensor_lite · real SDK v11 · v10 · signed by).

    ``hide`` leaves out the rows of those calls of ours (``"serve_axon"``), for an exercise.
    """
    import pandas as pd

    hidden = {f"Subtensor.{m}" for m in hide}
    rows = [{"task": r.task, "bittensor_lite": r.ours, "bittensor 11": r.v11, "bittensor 10": r.v10,
             "signed by": r.signer or "—", "note": r.note} for r in SDK_MAP if r.ours_name not in hidden]
    return pd.DataFrame(rows).set_index("task")


def cli_table() -> Any:
    """``CLI_MAP`` as a pandas DataFrame."""
    import pandas as pd

    rows = [{"task": r.task, "btcli": r.btcli, "bittensor-lite": r.ours or "—", "note": r.note} for r in CLI_MAP]
    return pd.DataFrame(rows).set_index("task")


def _row_for(method: str) -> SdkRow | None:
    for row in SDK_MAP:
        if row.ours_name in (method, f"Subtensor.{method}"):
            return row
    return None


def v11_name(method: str) -> str:
    """The real SDK v11 name for one of our Subtensor methods (``"add_stake"`` → ``"AddStake"``)."""
    row = _row_for(method)
    if row is None or not row.v11_name:
        raise KeyError(f"no v11 name recorded for {method!r}")
    return row.v11_name.removeprefix("sub.")


def _normalise_name(answer: str) -> str:
    """``"sub.execute(bt.AddStake(hk, 1, 5), w)"`` or ``"bt.AddStake"`` → ``"addstake"``."""
    text = answer.strip()
    inner = re.match(r"^(?:sub|subtensor)\.execute\((.*)\)$", text, re.S)
    if inner:
        text = inner.group(1)
    text = text.split("(", 1)[0].strip()
    for prefix in ("bittensor.", "bt.", "subtensor.", "sub."):
        text = text.removeprefix(prefix)
    return text.lower()


# -- who signs what: watched, not remembered ---------------------------------------------------
_SIGNER_PROBES = ("transfer", "register_network", "burned_register", "add_stake", "remove_stake",
                  "set_weights", "serve_axon")


def who_signs(methods: tuple[str, ...] = _SIGNER_PROBES) -> dict[str, str]:
    """Run each call on a fresh mock network and watch which key our Subtensor hands to the chain.

    Returns ``{"transfer": "coldkey", "set_weights": "hotkey", …}``. Failures (a call the
    chain refuses) do not matter: the signer is seen before the chain judges the call.
    """
    import bittensor_lite as bl
    from bittensor_lite.backends.mock import MockBackend
    from bittensor_lite.dev_wallets import dev_wallet

    wallet = dev_wallet("graduation-probe")
    backend = MockBackend()
    seen: list[str] = []
    original = backend.submit

    def spy(call: str, signer: Any, /, **args: Any) -> Any:
        address = signer if isinstance(signer, str) else signer.ss58_address
        names = {wallet.coldkey.ss58_address: "coldkey", wallet.hotkey.ss58_address: "hotkey"}
        seen.append(names.get(address, "another key"))
        return original(call, signer, **args)

    backend.submit = spy  # type: ignore[method-assign]
    sub = bl.Subtensor(backend)
    sub.dev.set_balance(wallet.coldkey, bl.Balance.from_tao(10_000))
    netuid = sub.register_network(wallet)
    calls = {
        "transfer": lambda: sub.transfer(wallet, dev_wallet("graduation-friend").coldkey, 1.0),
        "register_network": lambda: sub.register_network(wallet),
        "burned_register": lambda: sub.burned_register(wallet, netuid),
        "add_stake": lambda: sub.add_stake(wallet, 1.0, netuid=netuid),
        "remove_stake": lambda: sub.remove_stake(wallet, 0.5, netuid=netuid),
        "set_weights": lambda: sub.set_weights(wallet, netuid, [0], [1.0]),
        "serve_axon": lambda: sub.serve_axon(wallet, netuid, "127.0.0.1", 8091),
    }
    out: dict[str, str] = {}
    for method in methods:
        seen.clear()
        try:
            calls[method]()
        except bl.BittensorLiteError:
            pass  # refused by the chain, but it was signed (and seen) first
        out[method] = seen[0] if seen else "nothing signed"
    sub.close()
    return out


# -- the network outside this notebook -------------------------------------------------------
def online(host: str = "127.0.0.1", port: int = 9944, timeout: float = 0.3, what: str = "") -> bool:
    """True if something accepts a TCP connection on ``host:port``; otherwise print "skipped: …".

    A quick socket connect, nothing more: use it to guard cells that need Docker or the internet.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        reason = f" ({what})" if what else ""
        print(f"skipped: nothing answers on {host}:{port}{reason}")
        return False


# -- key files -----------------------------------------------------------------------------
def key_file_kind(path: str | os.PathLike[str]) -> str:
    """"encrypted secret", "plaintext secret" or "public", judged from the file's bytes (never shown)."""
    data = Path(path).read_bytes()
    if data.startswith((b"$NACL", b"$BT")):  # bittensor-wallet's encrypted key files
        return "encrypted secret"
    try:
        fields = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return "encrypted secret"  # not readable JSON: some other encryption, still a secret
    if isinstance(fields, dict) and ({"privateKey", "secretPhrase", "secretSeed"} & set(fields)):
        return "plaintext secret"
    return "public"


def wallet_files(wallet: Any) -> Any:
    """Every file in a wallet's folder: path (relative), octal mode, size and kind — no contents."""
    import pandas as pd

    root = Path(wallet.path) / wallet.name
    rows = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            rows.append({"file": p.relative_to(root).as_posix(), "mode": oct(stat.S_IMODE(p.stat().st_mode)),
                         "bytes": p.stat().st_size, "kind": key_file_kind(p)})
    return pd.DataFrame(rows).set_index("file")


# -- Dynamic TAO, in miniature ----------------------------------------------------------------
def stake_into_pool(tao_in: float, tao_reserve: float, alpha_reserve: float) -> float:
    """Alpha received for ``tao_in`` TAO from a constant-product pool (a teaching model of a subnet pool).

    The chain's real pool is more elaborate, but the lesson is the same: the bigger the stake
    against the pool, the worse the price (slippage).
    """
    if tao_in < 0 or tao_reserve <= 0 or alpha_reserve <= 0:
        raise ValueError("amounts must be positive")
    return alpha_reserve - tao_reserve * alpha_reserve / (tao_reserve + tao_in)


# -- checks -----------------------------------------------------------------------------------
def check_intents(answers: Any) -> CheckResult:
    """Exercise: for calls whose rows were hidden, the v11 intent class and the key that signs it.

    ``answers`` maps our method to ``(intent, signer)``: ``{"add_stake": ("bt.AddStake", "coldkey")}``.
    Names are checked against ``SDK_MAP`` (which the real-SDK test checks against bittensor 11);
    signers against what our Subtensor is *seen* to sign with (:func:`who_signs`).
    """
    name = "intents"

    def body() -> CheckResult:
        if is_placeholder(answers) or not isinstance(answers, dict):
            return not_attempted(name, "Fill in the dict")
        if any(is_placeholder(v) or (isinstance(v, tuple) and any(is_placeholder(x) for x in v))
               for v in answers.values()):
            return not_attempted(name, "Replace every `...` in the dict")
        for ours, given in answers.items():
            row = _row_for(str(ours))
            if row is None or not row.signer:
                return failed(name, f"{ours!r} is not one of the writes asked about; keep the keys as given.")
            if not (isinstance(given, tuple | list) and len(given) == 2):
                return failed(name, f"{ours}: give a pair (intent, signer), e.g. (\"bt.AddStake\", \"coldkey\").")
            intent, signer = (str(x) for x in given)
            if _normalise_name(intent) in {_normalise_name(row.v10), _normalise_name(row.ours)}:
                return failed(name, f"{ours}: that is the v10 (and our) spelling. In v11 a write is an intent "
                                    "class named after the chain's call: bt.SomethingLikeThis.")
            if _normalise_name(intent) != v11_name(row.ours_name).lower():
                return failed(name, f"{ours}: look at the rows you can see: transfer → bt.Transfer, add_stake → "
                                    "bt.AddStake. The intent is the chain call's name in CamelCase.")
        truth = who_signs(tuple(answers))
        for ours, (_, signer) in answers.items():
            if str(signer).strip().lower() != truth[ours]:
                why = ("the coldkey pays the burn; the hotkey only receives the UID" if ours == "burned_register"
                       else "does it spend or move TAO (coldkey), or is it the neuron doing its job (hotkey)?")
                return failed(name, f"{ours} is signed by the {truth[ours]}: {why}")
        return passed(name, "Right: v11 writes are intents named after the chain's calls, and each knows its "
                            "signer: money (and paying for a UID) needs the coldkey, a neuron's work its hotkey.")

    return run_check(name, body)


def check_server_files(answer: Any, wallet: Any) -> CheckResult:
    """Exercise: the files of ``wallet`` (relative paths) to copy to the server that runs your miner."""
    name = "server_files"

    def body() -> CheckResult:
        if is_placeholder(answer):
            return not_attempted(name)
        if isinstance(answer, str):
            return failed(name, "Give a set of paths, e.g. {\"coldkeypub.txt\"}, not one string.")
        chosen = {str(p).strip().strip("/") for p in answer}
        kinds = {row: kind for row, kind in wallet_files(wallet)["kind"].items()}
        missing = sorted(p for p in chosen if p not in kinds)
        if missing:
            return failed(name, f"{missing[0]!r} is not a file in the wallet: use paths from the table above.")
        if any(kinds[p] == "encrypted secret" for p in chosen):
            return failed(name, "Never put the coldkey on a server: whoever takes it (password guessed or "
                                "read from memory) can move all your TAO. The miner does not need it.")
        needed = {p for p, k in kinds.items() if k == "plaintext secret"}
        if not needed <= chosen:
            return failed(name, "The miner signs responses, weights and its axon announcement: it needs "
                                "its hotkey's private file.")
        return passed(name, "Right: the hotkey (plus, if you like, the public files). The coldkey stays "
                            "offline; a stolen hotkey cannot move your TAO.")

    return run_check(name, body)


# -- the real SDK, run against our chain -------------------------------------------------------
REAL_SDK_PIN = "bittensor==11.3.0"  # the release our interop tests run against
_SCRIPT = Path(__file__).with_name("real_sdk_miner.py")


def real_sdk_python() -> str | None:
    """A Python with the real ``bittensor`` (>= 11), or None: ``$BITTENSOR_LITE_REAL_SDK_PYTHON``, the
    repository's ``.venv-real-sdk`` (the tests build it), or this very Python if it imports ``bittensor``.

    Looks only; never installs anything.
    """
    root = Path(__file__).resolve().parents[2]
    for candidate in (os.environ.get("BITTENSOR_LITE_REAL_SDK_PYTHON"), root / ".venv-real-sdk" / "bin" / "python"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    if importlib.util.find_spec("bittensor") is not None:
        return sys.executable
    return None


def install_hint() -> str:
    """How to install the real SDK beside the course (the lesson itself never downloads anything)."""
    return ("The real SDK is not installed here. To run this section with it, in a terminal at the course's folder:\n"
            f"    python -m venv .venv-real-sdk && .venv-real-sdk/bin/pip install '{REAL_SDK_PIN}'\n"
            "then run this cell again. Meanwhile the same steps run with bittensor_lite:")


def _uris(wallet: Any) -> tuple[str, str]:
    """The dev URIs of a ``bl.dev_wallet`` (checked against its keys, so a changed rule fails loudly)."""
    from substrateinterface import Keypair

    cold, hot = f"//{wallet.name}", f"//{wallet.name}/{wallet.hotkey_name}"
    if (Keypair.create_from_uri(cold).ss58_address, Keypair.create_from_uri(hot).ss58_address) != (
            wallet.coldkey.ss58_address, wallet.hotkey.ss58_address):
        raise ValueError("this is not a bl.dev_wallet: the real SDK script needs its dev URIs")
    return cold, hot


def _run_real(python: str, *args: str) -> dict[str, Any]:
    cache = tempfile.mkdtemp(prefix="bt-real-sdk-")
    env = {**os.environ, "BITTENSOR_RUNTIME_CACHE_DIR": cache, "HOME": cache}  # nothing lands in your ~/.bittensor
    out = subprocess.run([python, str(_SCRIPT), *args], capture_output=True, text=True, timeout=240, env=env, cwd=cache)
    if out.returncode != 0:
        raise RuntimeError(f"the real SDK script failed:\n{out.stderr[-1500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def join_with_real_sdk(python: str, url: str, netuid: int, wallet: Any, ip: str, port: int,
                       intents: dict[str, str]) -> dict[str, Any]:
    """Fund (``bt.Transfer`` from //Alice), register and announce ``wallet``'s miner with the real SDK v11.

    ``intents`` names the classes to use for ``burned_register`` and ``serve_axon`` (your answers).
    """
    cold, hot = _uris(wallet)
    return _run_real(python, "join", url, str(netuid), cold, hot, ip, str(port), json.dumps(intents))


def read_with_real_sdk(python: str, url: str, netuid: int, wallet: Any) -> dict[str, Any]:
    """The real SDK's metagraph on ``wallet``'s hotkey: UID, incentive, stake (alpha, rao), axon."""
    return _run_real(python, "read", url, str(netuid), wallet.hotkey.ss58_address)


def join_with_lite(sub: Any, wallet: Any, netuid: int, ip: str, port: int) -> dict[str, Any]:
    """The same three steps as :func:`join_with_real_sdk`, with bittensor_lite (when the real SDK is absent)."""
    from bittensor_lite.dev_wallets import dev_wallet

    sub.transfer(dev_wallet("Alice"), wallet.coldkey.ss58_address, 5)
    uid = sub.burned_register(wallet, netuid)
    sub.serve_axon(wallet, netuid, ip, port)
    return {"sdk": "bittensor_lite", "steps": {s: {"success": True} for s in ("Transfer", "burned_register", "serve_axon")},
            "uid": uid, "balance": sub.get_balance(wallet.coldkey.ss58_address).tao}


def read_with_lite(sub: Any, netuid: int, wallet: Any) -> dict[str, Any]:
    """The same read as :func:`read_with_real_sdk`, with bittensor_lite's metagraph."""
    mg = sub.metagraph(netuid)
    uid = mg.hotkeys.index(wallet.hotkey.ss58_address)
    return {"sdk": "bittensor_lite", "uid": uid, "n": mg.n, "incentive": float(mg.I[uid]),
            "stake_rao": int(sub.get_stake(wallet.hotkey.ss58_address, netuid=netuid).rao),
            "axon": f"{mg.axons[uid].ip}:{mg.axons[uid].port}"}
