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
    ("SubtensorModule", "storage", "BurnHalfLife"), ("SubtensorModule", "storage", "BurnIncreaseMult"),  # spec 425
    # spec 425 items today's SDK reads, and register_limit (call 134)
    *(("SubtensorModule", "storage", name) for name in (
        "MechanismCountCurrent", "SubnetEmaTaoFlow", "SubnetEmaProtocolFlow", "FirstEmissionBlockNumber",
        "LastEpochBlock", "SubnetEpochIndex")),
    ("SubtensorModule", "call", "register_limit"),
    # read by today's SDK before a burned_register (the miner-collateral share, none here); MevShield's
    # submit_encrypted, which that SDK sends burned_register in
    ("SubtensorModule", "storage", "CollateralLockShare"),
    # after spec 425: SDK 11.3 reads the subnet's epoch mode (Yuma / Null) before it sets weights
    ("SubtensorModule", "storage", "SubnetEpochConsensus"),
    *(("AdminUtils", "call", name) for name in (
        "sudo_set_bonds_penalty", "sudo_set_yuma3_enabled", "sudo_set_alpha_sigmoid_steepness", "sudo_set_burn",
        "sudo_set_weights_min_stake", "sudo_set_subnet_owner_cut_local", "sudo_set_burn_half_life",
        "sudo_set_burn_increase_mult")),
    # pallet_commitments' items added after spec 219 (CommitmentOf and LastCommitment are compared with it)
    *(("Commitments", "storage", name) for name in (
        "TimelockedIndex", "LastBondsReset", "RevealedCommitments", "UsedSpaceOf", "MaxSpace")),
    # AdminUtils' errors after spec 219's three, in spec 425's order
    *(("AdminUtils", "error", name) for name in (
        "BondsMovingAverageMaxReached", "NegativeSigmoidSteepness", "ValueNotInBounds",
        "MinAllowedUidsGreaterThanCurrentUids", "MinAllowedUidsGreaterThanMaxAllowedUids",
        "MaxAllowedUidsLessThanMinAllowedUids", "MaxAllowedUidsGreaterThanDefaultMaxAllowedUids", "InvalidValue",
        "NotPermittedOnRootSubnet", "POWRegistrationDisabled", "Deprecated")),
}

# Dynamic TAO (spec 425): the subnets' pools, alpha stake held as shares, the limit orders, the swap pallet.
# Their layout is checked against node-subtensor's source in test_dynamic_tao_storage_is_spec_425s.
DYNAMIC_TAO = {
    *(("SubtensorModule", "storage", name) for name in (
        "SubnetMechanism", "TokenSymbol", "SubnetTAO", "SubnetAlphaIn", "SubnetAlphaOut", "SubnetMovingPrice",
        "SubnetProtocolAlpha", "SubnetTaoFlow", "SubnetProtocolFlow", "SubnetTaoInEmission",
        "SubnetAlphaInEmission", "SubnetAlphaOutEmission", "PendingServerEmission", "PendingValidatorEmission",
        "PendingOwnerCut", "TotalHotkeyAlpha", "TotalHotkeyShares", "Alpha", "TaoWeight", "SubnetMovingAlpha")),
    ("SubtensorModule", "call", "add_stake_limit"), ("SubtensorModule", "call", "remove_stake_limit"),
    # subnet mechanisms (spec 425): one per subnet here
    ("SubtensorModule", "call", "set_mechanism_weights"),
}
NOT_IN_SPEC_219 |= DYNAMIC_TAO
NEW_PALLETS = {"Swap", "MevShield"}  # spec 425's pallet_subtensor_swap (28); pallet_shield (30, later)
# Pallets whose errors we declare in spec 425's order (a client decodes a module error by its index, so one
# order has to win): spec 425 renumbered SubtensorModule's errors. test_subtensor_errors_have_spec_425s_indices
# checks them against node-subtensor's source; here only AdminUtils' are compared with spec 219.
ERRORS_OF_SPEC_425 = {"SubtensorModule", "Commitments"}  # Commitments: test_commitments_pallet_is_spec_425s

# Calls whose arguments changed after spec 219 and that we declare as later releases have them:
# register_network takes the owner's hotkey, so the subnet's owner hotkey is known on both transports;
# staking names the subnet, and the stake events say what was paid and bought, where, and the fee.
ARGS_CHANGED_SINCE_219 = {
    ("SubtensorModule", "call", "register_network"): ["hotkey"],
    ("SubtensorModule", "call", "add_stake"): ["hotkey", "netuid", "amount_staked"],
    ("SubtensorModule", "call", "remove_stake"): ["hotkey", "netuid", "amount_unstaked"],
    ("SubtensorModule", "event", "StakeAdded"): [None] * 6,
    ("SubtensorModule", "event", "StakeRemoved"): [None] * 6,
}


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
        if name in NEW_PALLETS:
            assert name not in real_p
            continue
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
        if p["error"] and name not in ERRORS_OF_SPEC_425:
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


# node-subtensor's declarations of the Dynamic TAO items (pallets/subtensor/src/lib.rs and
# pallets/swap/src/pallet/mod.rs, spec 425): (hashers, key, value), written out from the source.
_NETUID = (("Identity",), "u16")
SPEC_425_LAYOUT = {
    **{("SubtensorModule", name): (*_NETUID, value) for name, value in (
        ("SubnetMechanism", "u16"), ("TokenSymbol", "Vec<u8>"), ("SubnetTAO", "u64"), ("SubnetAlphaIn", "u64"),
        ("SubnetAlphaOut", "u64"), ("SubnetMovingPrice", "I96F32"), ("SubnetLocked", "u64"),
        ("SubnetProtocolAlpha", "u64"), ("SubnetTaoFlow", "i64"), ("SubnetProtocolFlow", "i64"),
        ("SubnetTaoInEmission", "u64"), ("SubnetAlphaInEmission", "u64"), ("SubnetAlphaOutEmission", "u64"),
        ("PendingServerEmission", "u64"), ("PendingValidatorEmission", "u64"), ("PendingOwnerCut", "u64"))},
    ("SubtensorModule", "TotalHotkeyAlpha"): (("Blake2_128Concat", "Identity"), "(AccountId32, u16)", "u64"),
    ("SubtensorModule", "TotalHotkeyShares"): (("Blake2_128Concat", "Identity"), "(AccountId32, u16)", "U64F64"),
    ("SubtensorModule", "Alpha"): (("Blake2_128Concat", "Blake2_128Concat", "Identity"),
                                   "(AccountId32, AccountId32, u16)", "U64F64"),
    ("SubtensorModule", "TaoWeight"): ((), None, "u64"),
    ("SubtensorModule", "SubnetMovingAlpha"): ((), None, "I96F32"),
    ("Swap", "FeeRate"): (("Twox64Concat",), "u16", "u16"),
    ("Swap", "SwapBalancer"): (("Twox64Concat",), "u16", "Balancer"),
}


def test_dynamic_tao_storage_is_spec_425s():
    md = build_metadata()
    for (pallet, item), (hashers, key, value) in SPEC_425_LAYOUT.items():
        decl = md.storage(pallet, item)
        assert (decl.hashers, decl.key, decl.value) == (hashers, key, value), f"{pallet}.{item}"
    # the spec-219 stake items are gone with the stake they held
    for item in ("Stake", "TotalHotkeyStake", "TotalColdkeyStake", "PendingEmission"):
        with pytest.raises(KeyError):
            md.storage("SubtensorModule", item)
    assert md.pallet("Swap").index == 28  # construct_runtime!: Swap: pallet_subtensor_swap = 28
    assert md.pallet("Swap").errors == (
        "FeeRateTooHigh", "InsufficientInputAmount", "InsufficientLiquidity", "PriceLimitExceeded",
        "InsufficientBalance", "InvalidTickRange", "InvalidLiquidityValue", "ReservesTooLow",
        "MechanismDoesNotExist", "SubtokenDisabled", "ReservesOutOfBalance", "SwapInputTooLarge", "Deprecated")
    # the chain's defaults for an absent key: DefaultUnicodeVecU8 (𝜏), DefaultFeeRate (33), Balancer::default (½),
    # DefaultTaoWeight (SubtensorInitialTaoWeight)
    assert md.storage("SubtensorModule", "TokenSymbol").default == b"\x10\xf0\x9d\x9c\x8f"
    assert md.storage("Swap", "FeeRate").default == (33).to_bytes(2, "little")
    assert md.storage("Swap", "SwapBalancer").default == (10**18 // 2).to_bytes(8, "little")
    assert md.storage("SubtensorModule", "TaoWeight").default == (971_718_665_099_567_868).to_bytes(8, "little")


# Indices of SubtensorModule errors in spec 425 (pallets/subtensor/src/macros/errors.rs, read from
# node-subtensor's source: the enum's position, commented-out variants not counted), spread over the enum.
SPEC_425_ERROR_INDEX = {
    "RootNetworkDoesNotExist": 0, "NotEnoughStake": 8, "NotEnoughBalanceToStake": 12,
    "HotKeyAlreadyRegisteredInSubNet": 21, "NewHotKeyNotCleanForRootSwap": 23, "SettingWeightsTooFast": 29,
    "UidsLengthExceedUidsInSubNet": 32, "SubNetRegistrationDisabled": 37, "NoWeightsCommitFound": 51,
    "CommitRevealEnabled": 53, "MechanismDoesNotExist": 74, "SubnetNotExists": 76, "RevealTooEarly": 79,
    "AmountTooLow": 82, "InsufficientLiquidity": 83, "SlippageTooHigh": 84, "SubtokenDisabled": 94,
    "InsufficientBalance": 97, "Deprecated": 128, "RegistrationPriceLimitExceeded": 134,
    "AccountRejectsLockedAlpha": 146,
}
SPEC_425_ERROR_COUNT = 147
SPEC_425_ADMIN_ERRORS = (
    "SubnetDoesNotExist", "MaxValidatorsLargerThanMaxUIds", "MaxAllowedUIdsLessThanCurrentUIds",
    "BondsMovingAverageMaxReached", "NegativeSigmoidSteepness", "ValueNotInBounds",
    "MinAllowedUidsGreaterThanCurrentUids", "MinAllowedUidsGreaterThanMaxAllowedUids",
    "MaxAllowedUidsLessThanMinAllowedUids", "MaxAllowedUidsGreaterThanDefaultMaxAllowedUids", "InvalidValue",
    "NotPermittedOnRootSubnet", "POWRegistrationDisabled", "Deprecated")


def test_subtensor_errors_have_spec_425s_indices(ours):
    """The error enum a client decodes a failed extrinsic with is spec 425's, in the encoded metadata too."""
    ot = Types(ours)
    declared = _pallets(ours)
    sub = {name: v["index"] for name, v in ot.variants(declared["SubtensorModule"]["error"]["ty"]).items()}
    assert len(sub) == SPEC_425_ERROR_COUNT and sorted(sub.values()) == list(range(SPEC_425_ERROR_COUNT))
    assert {name: sub[name] for name in SPEC_425_ERROR_INDEX} == SPEC_425_ERROR_INDEX
    for gone in ("SubNetworkDoesNotExist", "StakeToWithdrawIsZero", "NotSenateMember", "ColdkeyIsInArbitration"):
        assert gone not in sub  # spec-219 errors spec 425 dropped
    admin = sorted(ot.variants(declared["AdminUtils"]["error"]["ty"]).values(), key=lambda v: v["index"])
    assert tuple(v["name"] for v in admin) == SPEC_425_ADMIN_ERRORS
    assert [v["name"] for v in ot.variants(declared["Sudo"]["error"]["ty"]).values()] == ["RequireSudo"]


def test_spec_425_items_a_client_reads_have_the_chains_layout():
    """Hashers, key and value types as pallets/subtensor/src/lib.rs (spec 425) declares them."""
    md = build_metadata()
    layout = {  # item: (hashers, value, OptionQuery)
        "MechanismCountCurrent": (("Twox64Concat",), "u8", False),  # MechId(u8), DefaultMechanismCount = 1
        "SubnetEmaTaoFlow": (("Identity",), "(u64, I64F64)", True),
        "SubnetEmaProtocolFlow": (("Identity",), "(u64, I64F64)", True),
        "FirstEmissionBlockNumber": (("Identity",), "u64", True),
        "CommitRevealWeightsEnabled": (("Identity",), "bool", False),
        "SubnetOwner": (("Identity",), "AccountId32", False),
        "NetworksAdded": (("Identity",), "bool", False),
        "LastEpochBlock": (("Identity",), "u64", False),
        "SubnetEpochIndex": (("Identity",), "u64", False),
    }
    for item, (hashers, value, optional) in layout.items():
        decl = md.storage("SubtensorModule", item)
        assert (decl.hashers, decl.key, decl.value, decl.optional) == (hashers, "u16", value, optional), item
    assert md.storage("SubtensorModule", "MechanismCountCurrent").default == b"\x01"
    calls = {name: (index, [a[0] for a in args]) for index, name, args in md.pallet("SubtensorModule").calls}
    assert calls["register_limit"] == (134, ["netuid", "hotkey", "limit_price"])  # dispatches.rs call_index(134)


# pallet_commitments as spec 425 declares it (pallets/commitments/src/lib.rs and types.rs; its index in
# runtime/src/lib.rs's construct_runtime!): every map is a StorageDoubleMap<Identity NetUid, Twox64Concat
# AccountId, _, OptionQuery>; item: (hashers, key, value, OptionQuery), in the pallet's order.
_BY_HOTKEY = (("Identity", "Twox64Concat"), "(u16, AccountId32)")
SPEC_425_COMMITMENTS = {
    "TimelockedIndex": ((), None, "BTreeSet<(u16, AccountId32)>", False),  # StorageValue, ValueQuery
    "CommitmentOf": (*_BY_HOTKEY, "Registration", True),  # Registration<BalanceOf<T>, MaxFields, BlockNumber>
    "LastCommitment": (*_BY_HOTKEY, "u32", True),  # BlockNumberFor<T>
    "LastBondsReset": (*_BY_HOTKEY, "u32", True),
    "RevealedCommitments": (*_BY_HOTKEY, "Vec<(Vec<u8>, u64)>", True),  # (data, reveal block)
    "UsedSpaceOf": (*_BY_HOTKEY, "UsageTracker", True),
    "MaxSpace": ((), None, "u32", False),  # ValueQuery, DefaultMaxSpace = 3100
}


def test_commitments_pallet_is_spec_425s():
    """The real SDK's default metagraph reads CommitmentOf and RevealedCommitments: they exist, empty."""
    md = build_metadata()
    p = md.pallet("Commitments")
    assert (p.index, p.module) == (18, "pallet_commitments")  # Commitments: pallet_commitments = 18
    assert [s.name for s in p.storage] == list(SPEC_425_COMMITMENTS)
    for item, (hashers, key, value, optional) in SPEC_425_COMMITMENTS.items():
        decl = md.storage("Commitments", item)
        assert (decl.hashers, decl.key, decl.value, decl.optional) == (hashers, key, value, optional), item
    assert md.storage("Commitments", "MaxSpace").default == (3100).to_bytes(4, "little")
    assert p.errors == ("TooManyFieldsInCommitmentInfo", "AccountNotAllowedCommit", "SpaceLimitExceeded",
                        "UnexpectedUnreserveLeftover")
    # MaxCommitFieldsInner = 3; CommitmentInitialDeposit and CommitmentFieldDeposit are zero (free)
    assert p.constants == (("MaxFields", "u32", (3).to_bytes(4, "little")), ("InitialDeposit", "u64", bytes(8)),
                           ("FieldDeposit", "u64", bytes(8)))
    assert not p.calls  # set_commitment is not modelled: nothing is ever committed here

    ot = Types(_decode(md.encoded))
    value = {s["name"]: s["type"] for s in _pallets(_decode(md.encoded))["Commitments"]["storage"]["entries"]}
    reg = ot(value["CommitmentOf"]["Map"]["value"])
    assert reg.startswith("pallet_commitments::types::Registration{deposit: u64, block: u32, info: "
                          "pallet_commitments::types::CommitmentInfo{fields: bounded_collections::bounded_vec::"
                          "BoundedVec{None: Vec<pallet_commitments::types::Data>}}}"), reg
    assert ot(value["UsedSpaceOf"]["Map"]["value"]) == \
        "pallet_commitments::types::UsageTracker{last_epoch: u64, used_space: u64}"
    # Data: None, Raw0..Raw128 (a length byte 1..129), four hashes, TimelockEncrypted, ResetBondsFlag, BigRaw
    data = next(t for t in _decode(md.encoded)["types"]["types"] if t["type"]["path"][-1:] == ["Data"])
    variants = {v["name"]: v["index"] for v in data["type"]["def"]["variant"]["variants"]}
    assert len(variants) == 137 and sorted(variants.values()) == list(range(137))
    assert (variants["None"], variants["Raw0"], variants["Raw128"], variants["BlakeTwo256"]) == (0, 1, 129, 130)
    assert (variants["TimelockEncrypted"], variants["ResetBondsFlag"], variants["BigRaw"]) == (134, 135, 136)
