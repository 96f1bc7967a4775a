"""What we declare, item by item, against the real SDK's generated tables (bittensor 11.3.0, ``_generated/``).

The SDK composes calls and reads storage and runtime APIs by name from tables generated from a real
node's metadata; an argument it knows and we do not would be dropped silently. So every call we
declare must exist there with the same argument names in the same order, every storage item,
constant and runtime API method we declare must exist there, and what the SDK knows that we do not
serve is listed in ``course/real-sdk-coverage.md`` (checked here, so the list cannot go stale).
The tables are read from the SDK installed at test time in its own venv; nothing of them is committed.
"""

from __future__ import annotations

import ast
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from bittensor_lite.chain.metadata import build_metadata
from bittensor_lite.chain.runtime_api import RUNTIME_APIS

pytestmark = pytest.mark.slow  # the real SDK's venv

ROOT = Path(__file__).resolve().parents[1]
COVERAGE = ROOT / "course" / "real-sdk-coverage.md"
# Declared here, absent from SDK 11.3's tables — each for a reason a graduate should know:
NOT_IN_SDK: set[tuple[str, str, str]] = {
    # local knobs, per subnet, at indices no real chain uses (the chain has global StakeThreshold and
    # SubnetOwnerCut, set by sudo_set_stake_threshold / sudo_set_subnet_owner_cut)
    ("AdminUtils", "call", "sudo_set_weights_min_stake"), ("AdminUtils", "call", "sudo_set_subnet_owner_cut_local"),
    ("SubtensorModule", "storage", "LocalWeightsMinStake"), ("SubtensorModule", "storage", "LocalSubnetOwnerCut"),
    # setters spec 425 no longer has (burn bumps and decays by itself; the weight limit is fixed): kept here so
    # lessons and instructors can turn them
    ("AdminUtils", "call", "sudo_set_max_weight_limit"), ("AdminUtils", "call", "sudo_set_burn"),
    # columns spec 425 stopped computing (rank, trust, pruning score): kept, as our metagraph still shows them
    ("SubtensorModule", "storage", "Rank"), ("SubtensorModule", "storage", "Trust"),
    ("SubtensorModule", "storage", "PruningScores"),
    # spec 425 keeps alpha shares in both Alpha/TotalHotkeyShares (U64F64) and the V2 maps (SafeFloat); SDK 11.3's
    # chain has only the V2 maps, which we do not serve: the SDK reads stake through StakeInfoRuntimeApi instead
    ("SubtensorModule", "storage", "Alpha"), ("SubtensorModule", "storage", "TotalHotkeyShares"),
}


def _sdk_dir(real_python: str) -> Path:
    out = subprocess.run([real_python, "-c", "import bittensor, os; print(os.path.dirname(bittensor.__file__))"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip()) / "_generated"


def _named_tuples(path: Path, ctor: str) -> set[tuple[str, str]]:
    """Every ``ctor('Container', 'Name', ...)`` in a generated module, as (container, name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == ctor and len(node.args) >= 2:
            container, name = (a.value for a in node.args[:2])
            found.add((container, name))
    return found


def _sdk_calls(path: Path) -> dict[tuple[str, str], list[str]]:
    """(pallet, call) → argument names, from each builder's ``return Call('Pallet', 'name', {...})``."""
    calls = {}
    for fn in ast.walk(ast.parse(path.read_text())):
        if isinstance(fn, ast.FunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Call":
                    pallet, name = (a.value for a in node.args[:2])
                    calls[(pallet, name)] = [a.arg for a in fn.args.args]
    return calls


@pytest.fixture(scope="module")
def sdk(real_python):
    d = _sdk_dir(real_python)
    return {"call": _sdk_calls(d / "calls.py"), "storage": _named_tuples(d / "storage.py", "Item"),
            "constant": _named_tuples(d / "constants.py", "Item"),
            "api": _named_tuples(d / "runtime_apis.py", "Method")}


@pytest.fixture(scope="module")
def ours():
    calls, storage, constants = {}, set(), set()
    for p in build_metadata().pallets:
        for _index, name, fields in p.calls:
            calls[(p.name, name)] = [f[0] for f in fields]
        storage |= {(p.name, s.name) for s in p.storage}
        constants |= {(p.name, c[0]) for c in p.constants}
    apis = {(a.name, m.name) for a in RUNTIME_APIS for m in a.methods}
    return {"call": calls, "storage": storage, "constant": constants, "api": apis}


def test_every_call_we_declare_is_the_sdks_with_the_same_arguments(sdk, ours):
    missing = [c for c in ours["call"] if c not in sdk["call"] and (*c[:1], "call", c[1]) not in NOT_IN_SDK]
    assert not missing, f"calls the SDK does not know: {missing}"
    differ = {c: (args, sdk["call"][c]) for c, args in ours["call"].items() if c in sdk["call"]
              and args != sdk["call"][c]}
    assert not differ, f"argument names differ (ours, the SDK's): {differ}"


@pytest.mark.parametrize("kind", ["storage", "constant", "api"])
def test_every_item_we_declare_is_in_the_sdks_tables(sdk, ours, kind):
    missing = sorted(i for i in ours[kind] if i not in sdk[kind] and (i[0], kind, i[1]) not in NOT_IN_SDK)
    assert not missing, f"{kind} the SDK does not know: {missing}"


def coverage_text(sdk, ours) -> str:
    """The not-served list as course/real-sdk-coverage.md holds it (its header is free text above the marker)."""
    lines = []
    for kind, title in (("call", "Calls"), ("storage", "Storage items"), ("constant", "Constants"),
                        ("api", "Runtime API methods")):
        have = set(ours[kind])
        by_container = defaultdict(list)
        for container, name in sorted(set(sdk[kind]) - have):
            by_container[container].append(name)
        served = len(set(sdk[kind]) & have)
        lines.append(f"\n## {title}: {served} of {len(sdk[kind])} served\n")
        lines += [f"- **{c}** ({len(n)}): {', '.join(f'`{x}`' for x in n)}" for c, n in sorted(by_container.items())]
    return "\n".join(lines).lstrip("\n") + "\n"


MARKER = "<!-- generated by tests/test_sdk_tables.py: everything below -->\n"


def test_the_coverage_list_is_what_we_do_not_serve(sdk, ours):
    want = coverage_text(sdk, ours)
    text = COVERAGE.read_text(encoding="utf-8")
    assert MARKER in text, f"{COVERAGE} lost its marker line"
    if text.split(MARKER, 1)[1] != want:
        fresh = COVERAGE.with_suffix(".md.new")
        fresh.write_text(text.split(MARKER, 1)[0] + MARKER + want, encoding="utf-8")
        pytest.fail(f"{COVERAGE.name} is stale: the current list is in {fresh} (move it over after a review)")
