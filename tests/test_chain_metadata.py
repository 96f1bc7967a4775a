"""Our runtime metadata against node-subtensor's real metadata (mainnet spec 219).

The real metadata ships as hex inside the npm package ``@bitgo/sdk-coin-tao``; the test fetches
it with ``npm pack`` at test time (it is never committed), decodes both with scalecodec and
compares every pallet, call, storage item, event and error we declare, item by item.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile

import pytest
from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
from scalecodec.type_registry import load_type_registry_preset

from bittensor_lite.chain.metadata import build_metadata

pytestmark = pytest.mark.slow  # fetches node-subtensor's metadata with npm

PACKAGE = "@bitgo/sdk-coin-tao@1.16.4"
# Items we declare that spec 219 does not have: added to subtensor later, or local to bittensor_lite.
NOT_IN_SPEC_219 = {
    ("SubtensorModule", "storage", "SubnetOwnerHotkey"), ("SubtensorModule", "storage", "BondsPenalty"),
    ("SubtensorModule", "storage", "Yuma3On"), ("SubtensorModule", "storage", "AlphaSigmoidSteepness"),
    ("SubtensorModule", "storage", "LocalWeightsMinStake"), ("SubtensorModule", "storage", "LocalSubnetOwnerCut"),
    ("SubtensorModule", "error", "AmountTooLow"),
    ("SubtensorModule", "storage", "BurnHalfLife"), ("SubtensorModule", "storage", "BurnIncreaseMult"),  # spec 425
    *(("AdminUtils", "call", name) for name in (
        "sudo_set_bonds_penalty", "sudo_set_yuma3_enabled", "sudo_set_alpha_sigmoid_steepness", "sudo_set_burn",
        "sudo_set_weights_min_stake", "sudo_set_subnet_owner_cut_local", "sudo_set_burn_half_life",
        "sudo_set_burn_increase_mult")),
}

# Calls whose arguments changed after spec 219 and that we declare as later releases have them:
# register_network takes the owner's hotkey, so the subnet's owner hotkey is known on both transports.
ARGS_CHANGED_SINCE_219 = {("SubtensorModule", "call", "register_network"): ["hotkey"]}


def _decode(hex_or_bytes):
    rc = RuntimeConfigurationObject()
    rc.update_type_registry(load_type_registry_preset("core"))
    data = ScaleBytes(hex_or_bytes if isinstance(hex_or_bytes, str) else bytearray(hex_or_bytes))
    md = rc.create_scale_object("MetadataVersioned", data=data)
    md.decode()
    return md.value[1]["V14"]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    npm = shutil.which("npm")
    assert npm, "npm is needed to fetch node-subtensor's metadata (apt-get install npm)"
    work = tmp_path_factory.mktemp("npm")
    out = subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=work, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    tgz = next(work.glob("*.tgz"))
    with tarfile.open(tgz) as tar:
        member = tar.extractfile("package/dist/src/resources/mainnet.js")
        source = member.read().decode()
    assert re.search(r"specVersion:\s*'?219", source)
    return _decode(re.search(r"metadata:\s*'(0x[0-9a-f]+)'", source).group(1))


@pytest.fixture(scope="module")
def ours():
    return _decode(build_metadata().encoded)


class Types:
    """Canonical, comparable descriptions of a registry's types."""

    def __init__(self, md):
        self.t = {t["id"]: t["type"] for t in md["types"]["types"]}

    def __call__(self, type_id, depth=0):
        t = self.t[type_id]
        kind, d = next(iter(t["def"].items()))
        path = "::".join(t["path"])
        if kind == "primitive":
            return d
        if kind == "compact":
            return f"Compact<{self(d['type'], depth)}>"
        if kind == "sequence":
            return f"Vec<{self(d['type'], depth)}>"
        if kind == "array":
            return f"[{self(d['type'], depth)}; {d['len']}]"
        if kind == "tuple":
            return "(" + ", ".join(self(x, depth) for x in d) + ")"
        if kind == "composite":
            if depth >= 3:
                return path
            return path + "{" + ", ".join(f"{f['name']}: {self(f['type'], depth + 1)}" for f in d["fields"]) + "}"
        if t["path"] and t["path"][-1] in ("Option", "Result"):
            return path + "<" + ", ".join(self(p["type"], depth) for p in t["params"]) + ">"
        return path

    def variants(self, type_id):
        return {v["name"]: v for v in self.t[type_id]["def"]["variant"]["variants"]}


def _pallets(md):
    return {p["name"]: p for p in md["pallets"]}


def test_every_declared_item_matches_node_subtensor(real, ours):
    rt, ot = Types(real), Types(ours)
    real_p, checked = _pallets(real), 0
    for name, p in _pallets(ours).items():
        assert name in real_p, f"pallet {name} is not in node-subtensor"
        r = real_p[name]
        assert p["index"] == r["index"], f"{name}: pallet index {p['index']} != {r['index']}"
        for what, key in (("call", "calls"), ("event", "event")):
            if not p[key]:
                continue
            real_v = rt.variants(r[key]["ty"])
            for vname, v in ot.variants(p[key]["ty"]).items():
                if (name, what, vname) in NOT_IN_SPEC_219:
                    assert vname not in real_v
                    continue
                assert vname in real_v, f"{name}.{vname} ({what}) is not in node-subtensor"
                rv = real_v[vname]
                assert v["index"] == rv["index"], f"{name}.{vname}: index {v['index']} != {rv['index']}"
                ours_args, real_args = [f["name"] for f in v["fields"]], [f["name"] for f in rv["fields"]]
                if (name, what, vname) in ARGS_CHANGED_SINCE_219:
                    assert ours_args == ARGS_CHANGED_SINCE_219[(name, what, vname)] != real_args
                    continue
                assert ours_args == real_args, f"{name}.{vname} args"
                assert [ot(f["type"]) for f in v["fields"]] == [rt(f["type"]) for f in rv["fields"]], \
                    f"{name}.{vname} argument types"
                checked += 1
        if p["error"]:
            real_errors = [v["name"] for v in sorted(rt.variants(r["error"]["ty"]).values(), key=lambda v: v["index"])]
            for vname, v in ot.variants(p["error"]["ty"]).items():
                if (name, "error", vname) in NOT_IN_SPEC_219:
                    continue
                assert real_errors.index(vname) == v["index"], f"{name} error {vname} has another index"
                checked += 1
        if p["storage"]:
            real_s = {s["name"]: s for s in r["storage"]["entries"]}
            for s in p["storage"]["entries"]:
                if (name, "storage", s["name"]) in NOT_IN_SPEC_219:
                    assert s["name"] not in real_s
                    continue
                assert s["name"] in real_s, f"storage {name}.{s['name']} is not in node-subtensor"
                rs = real_s[s["name"]]
                (kind, ty), (rkind, rty) = next(iter(s["type"].items())), next(iter(rs["type"].items()))
                assert kind == rkind, f"{name}.{s['name']}: {kind} vs {rkind}"
                if kind == "Plain":
                    assert ot(ty) == rt(rty), f"{name}.{s['name']} value type"
                else:
                    assert ty["hashers"] == rty["hashers"], f"{name}.{s['name']} hashers"
                    assert ot(ty["key"]) == rt(rty["key"]), f"{name}.{s['name']} key type"
                    assert ot(ty["value"]) == rt(rty["value"]), f"{name}.{s['name']} value type"
                assert s["modifier"] == rs["modifier"] or s["name"] in ("Uids", "Axons", "Prometheus", "Key")
                checked += 1
    assert checked > 150  # calls, events, errors and storage items really were compared


def test_signed_extensions_are_the_chains(real, ours):
    rt, ot = Types(real), Types(ours)
    assert [e["identifier"] for e in ours["extrinsic"]["signed_extensions"]] == \
        [e["identifier"] for e in real["extrinsic"]["signed_extensions"]]
    for o, r in zip(ours["extrinsic"]["signed_extensions"], real["extrinsic"]["signed_extensions"], strict=True):
        assert ot(o["additional_signed"]) == rt(r["additional_signed"]), o["identifier"]
    assert ours["extrinsic"]["version"] == real["extrinsic"]["version"] == 4


def test_a_wrong_declaration_would_be_caught(real, ours):
    """The comparison is not vacuous: a changed call index or argument type is detected."""
    import copy

    broken = copy.deepcopy(ours)
    ot = Types(broken)
    sub = _pallets(broken)["SubtensorModule"]
    for v in broken["types"]["types"]:
        if v["id"] == sub["calls"]["ty"]:
            for variant in v["type"]["def"]["variant"]["variants"]:
                if variant["name"] == "add_stake":
                    variant["index"] = 99
    with pytest.raises(AssertionError, match="add_stake: index"):
        test_every_declared_item_matches_node_subtensor(real, broken)
    assert ot  # the broken registry still described types
