"""Commit-reveal weights: a validator first commits a hash of its weights, then reveals them an epoch later.

Copying another validator's weights only pays if you can see them; with commit-reveal on
(``CommitRevealWeightsEnabled``), weights are hidden for ``RevealPeriodEpochs`` epochs.
``commit_weights`` stores ``blake2_256(SCALE(hotkey, netuid, uids, values, salt, version_key))``;
``reveal_weights`` must arrive exactly ``reveal_period`` epochs later with data that hashes
to it, and then counts as ``set_weights``. This is the chain's hash-based flow (calls 96/97).

Epochs are counted per subnet (``epoch_index``, bumped each time the subnet's epoch runs). A
call here runs before the block's own epoch, where the chain runs it after; so a call in a
block whose epoch fires already belongs to the next epoch, as the chain's look-ahead says.
Not modelled: the timelocked variant (``commit_timelocked_weights``, revealed by drand pulses).
"""

from __future__ import annotations

from collections.abc import Sequence

from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.registration import subnet
from bittensor_lite.runtime.schedule import is_epoch_block
from bittensor_lite.runtime.state import ChainState, SubnetState
from bittensor_lite.runtime.weights import apply_weights, check_rate_limit
from bittensor_lite.scale import account_bytes, blake2_256, encode_compact, is_address

MAX_UNREVEALED_COMMITS = 10


def _account_id(hotkey: str) -> bytes:
    """The 32 bytes the chain hashes for an account (a plain test name stands in by its own hash)."""
    return account_bytes(hotkey) if is_address(hotkey) else blake2_256(hotkey.encode())


def _vec_u16(values: Sequence[int]) -> bytes:
    return encode_compact(len(values)) + b"".join(int(v).to_bytes(2, "little") for v in values)


def commit_hash(hotkey: str, netuid: int, uids: Sequence[int], values: Sequence[int], salt: Sequence[int],
                version_key: int) -> str:
    """The hash a validator commits: blake2_256 of SCALE(hotkey, netuid, uids, values, salt, version_key)."""
    data = (_account_id(hotkey) + int(netuid).to_bytes(2, "little") + _vec_u16(uids) + _vec_u16(values)
            + _vec_u16(salt) + int(version_key).to_bytes(8, "little"))
    return "0x" + blake2_256(data).hex()


def current_epoch(state: ChainState, net: SubnetState) -> int:
    """The epoch a commit or reveal made now belongs to (counting the epoch this block fires)."""
    return net.epoch_index + (1 if is_epoch_block(net.netuid, net.hyper.tempo, state.block + 1) else 0)


def _live_commits(state: ChainState, net: SubnetState, hotkey: str) -> tuple[list[list], list[str]]:
    """The hotkey's commits still inside their reveal window, and the hashes of those that expired."""
    commits = [list(c) for c in net.weight_commits.get(hotkey, [])]
    epoch, period = current_epoch(state, net), net.hyper.reveal_period
    expired = [c[0] for c in commits if epoch > c[1] + period]
    return [c for c in commits if epoch <= c[1] + period], expired


def commit_weights(state: ChainState, hotkey: str, netuid: int, commit_hash: str) -> None:
    """``commit_weights``: record a hash of the weights to reveal later."""
    net = subnet(state, netuid)
    if not net.hyper.commit_reveal_weights_enabled:
        raise fail("CommitRevealDisabled", f"subnet {netuid} takes set_weights directly")
    uid = net.uid_of(hotkey)
    if uid is None:
        raise fail("HotKeyNotRegisteredInSubNet", f"{hotkey} has no uid on subnet {netuid}")
    if not check_rate_limit(state, net, uid, hotkey):
        raise fail("CommittingWeightsTooFast", f"wait {net.hyper.weights_rate_limit} blocks between commits")
    commits, _expired = _live_commits(state, net, hotkey)
    if len(commits) >= MAX_UNREVEALED_COMMITS:
        raise fail("TooManyUnrevealedCommits", f"at most {MAX_UNREVEALED_COMMITS} commits wait to be revealed")
    commits.append([commit_hash, current_epoch(state, net), state.block, 0])
    net.weight_commits[hotkey] = commits
    net.neurons["last_update"][uid] = state.block
    emit(state, "SubtensorModule", "WeightsCommitted", hotkey, netuid, commit_hash)


def reveal_weights(state: ChainState, hotkey: str, netuid: int, uids: Sequence[int], values: Sequence[int],
                   salt: Sequence[int], version_key: int) -> None:
    """``reveal_weights``: show the committed weights; in their reveal epoch they count as set_weights."""
    net = subnet(state, netuid)
    if not net.hyper.commit_reveal_weights_enabled:
        raise fail("CommitRevealDisabled", f"subnet {netuid} takes set_weights directly")
    if hotkey not in net.weight_commits:
        raise fail("NoWeightsCommitFound", f"{hotkey} has nothing committed on subnet {netuid}")
    commits, expired = _live_commits(state, net, hotkey)
    provided = commit_hash(hotkey, netuid, uids, values, salt, version_key)
    hashes = [c[0] for c in commits]
    if provided not in hashes:
        if provided in expired:
            raise fail("ExpiredWeightCommit", f"the commit's reveal epoch has passed (reveal period "
                                              f"{net.hyper.reveal_period})")
        if not commits:
            raise fail("NoWeightsCommitFound", "every commit of this hotkey has expired")
        raise fail("InvalidRevealCommitHashNotMatch", "these uids, values, salt and version key are not what "
                                                      "was committed")
    position = hashes.index(provided)
    if current_epoch(state, net) != commits[position][1] + net.hyper.reveal_period:
        raise fail("RevealTooEarly", f"reveal in epoch {commits[position][1] + net.hyper.reveal_period}, "
                                     f"this is epoch {current_epoch(state, net)}")
    apply_weights(state, net, hotkey, list(uids), list(values), version_key)  # may fail: then nothing changes
    remaining = commits[position + 1:]
    if remaining:
        net.weight_commits[hotkey] = remaining
    else:
        del net.weight_commits[hotkey]
    emit(state, "SubtensorModule", "WeightsRevealed", hotkey, netuid, provided)
