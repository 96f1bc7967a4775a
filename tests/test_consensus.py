"""Yuma consensus: hand-worked cases, both bond models, and properties that must always hold."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from bittensor_lite.consensus import YumaParams, u16_fraction, weighted_median_col, yuma_epoch
from bittensor_lite.errors import YumaInputError

# Two validators (uids 0, 1; stake 70/30) and two miners (uids 2, 3).
W = [[0, 0, 0.8, 0.2], [0, 0, 0.6, 0.4], [0, 0, 0, 0], [0, 0, 0, 0]]
S = [70.0, 30.0, 0.0, 0.0]


def test_hand_worked_epoch():
    out = yuma_epoch(W, S)
    # Column 2: 0.8 is backed by 70% ≥ κ → C = 0.8. Column 3: 0.4 only by 30%, 0.2 by 100% → C = 0.2.
    assert out.consensus.tolist() == pytest.approx([0, 0, 0.8, 0.2])
    # Clipping cuts validator 1's 0.4 on miner 3 to 0.2: Tv = [1.0, 0.8].
    assert out.validator_trust.tolist() == pytest.approx([1.0, 0.8, 0, 0])
    # R2 = .7·.8 + .3·.6 = .74, R3 = .7·.2 + .3·.2 = .20 → I = R / .94
    assert out.rank.tolist() == pytest.approx([0, 0, 0.74, 0.20])
    assert out.incentive.tolist() == pytest.approx([0, 0, 0.74 / 0.94, 0.20 / 0.94])
    # Yuma 3 first epoch: bonds = 0.1 · W̄ (β = 1, α = 0.1)
    expected = [0, 0, 0.08, 0.02, 0, 0, 0.06, 0.02] + [0] * 8
    assert out.bonds.flatten().tolist() == pytest.approx(expected)
    # D_i ∝ S_i Σ_j share_ij I_j: share of col 2 = 8/14 and 6/14, col 3 = 1/2 each
    i2, i3 = 0.74 / 0.94, 0.20 / 0.94
    d0, d1 = 0.7 * (8 / 14 * i2 + 0.5 * i3), 0.3 * (6 / 14 * i2 + 0.5 * i3)
    assert out.dividends.tolist() == pytest.approx([d0 / (d0 + d1), d1 / (d0 + d1), 0, 0])
    assert out.server_emission.sum().item() == pytest.approx(0.5)
    assert out.validator_emission.sum().item() == pytest.approx(0.5)
    assert out.emission.sum().item() == pytest.approx(1.0)


def test_inputs_may_be_lists_numpy_or_torch():
    a = yuma_epoch(W, S)
    b = yuma_epoch(np.array(W), np.array(S))
    c = yuma_epoch(torch.tensor(W), torch.tensor(S), bonds=torch.zeros(4, 4))
    for x in (b, c):
        assert torch.allclose(a.incentive, x.incentive) and torch.allclose(a.dividends, x.dividends)


def test_self_weight_is_masked():
    w = [[1.0, 0, 0], [0, 0, 0], [0, 0, 0]]
    out = yuma_epoch(w, [1.0, 0, 0])
    assert out.incentive.sum() == 0
    assert out.validator_emission.tolist() == pytest.approx([1.0, 0, 0])  # fallback to stake


@pytest.mark.parametrize(
    "weights, stake, match",
    [
        ([[0, 1], [0, 0]], [1, 0, 0], "weights must have shape"),
        ([[0, 1, 0], [0, 0, 0]], [1, 0, 0], "weights must have shape"),
        ([[0, -1], [0, 0]], [1, 0], ">= 0"),
        ([[0, float("nan")], [0, 0]], [1, 0], "NaN"),
        ([[0, 1], [0, 0]], [1, float("inf")], "NaN or infinity"),
        ([["a", 1], [0, 0]], [1, 0], "not a numeric"),
    ],
)
def test_bad_input_is_a_clear_error(weights, stake, match):
    with pytest.raises(YumaInputError, match=match):
        yuma_epoch(weights, stake)


def test_bad_params_are_rejected():
    with pytest.raises(YumaInputError):
        YumaParams(kappa=1.5)
    with pytest.raises(YumaInputError):
        YumaParams(alpha_low=0.9, alpha_high=0.5)


def test_yuma3_bonds_grow_toward_clipped_weights_by_ema():
    bonds, seen = None, []
    for _ in range(30):
        out = yuma_epoch(W, S, bonds=bonds)
        bonds = out.bonds
        seen.append(bonds[0, 2].item())
    # B_t = 0.8 · (1 − 0.9^t): a 10% step toward W̄ each epoch, never above 1
    assert seen[0] == pytest.approx(0.08)
    assert seen[9] == pytest.approx(0.8 * (1 - 0.9**10))
    assert all(b2 > b1 for b1, b2 in zip(seen, seen[1:], strict=False)) and seen[-1] < 0.8


def test_original_yuma_first_bonder_takes_the_whole_column():
    # Only validator 0 weights miner 3: in the original model it owns 100% of that column at once.
    w = [[0, 0, 0.5, 0.5], [0, 0, 1.0, 0], [0] * 4, [0] * 4]
    out = yuma_epoch(w, [50, 50, 0, 0], params=YumaParams(yuma3=False, kappa=0.4))
    assert out.bonds[0, 3].item() == pytest.approx(1.0)
    assert out.bonds[:, 2].sum().item() == pytest.approx(1.0)  # columns are normalised
    assert out.dividends.sum().item() == pytest.approx(1.0)


def test_bonds_penalty_zero_bonds_on_unclipped_weights():
    out = yuma_epoch(W, S, params=YumaParams(bonds_penalty=0.0))
    assert out.bonds[1, 3].item() == pytest.approx(0.1 * 0.4)  # W, not W̄ = 0.2


def test_liquid_alpha_changes_the_bond_rate():
    base = yuma_epoch(W, S).bonds
    liquid = yuma_epoch(W, S, params=YumaParams(liquid_alpha=True, alpha_low=0.1, alpha_high=0.3)).bonds
    assert not torch.allclose(base, liquid)
    nz = liquid[liquid > 0]
    assert bool(((nz >= 0.1 * 0.2 - 1e-12) & (nz <= 0.3 * 0.8 + 1e-12)).all())


def test_inactive_validator_has_no_say():
    out = yuma_epoch(W, S, active=[True, False, True, True])
    assert out.active_stake.tolist() == pytest.approx([1.0, 0, 0, 0])
    assert out.consensus.tolist() == pytest.approx([0, 0, 0.8, 0.2])
    assert out.dividends[1] == 0


def test_only_validator_rows_are_computed():
    # 3 permitted validators among 200 uids: the work happens on a 3×200 block
    n = 200
    w = torch.rand(n, n)
    stake = torch.zeros(n)
    stake[:3] = torch.tensor([5.0, 3.0, 2.0])
    out = yuma_epoch(w, stake)
    assert out.clipped_rows.shape == (3, n) and out.bond_rows.shape == (3, n)
    assert out.validator_uids.tolist() == [0, 1, 2]
    assert out.clipped_weights.shape == (n, n) and out.clipped_weights[3:].abs().sum() == 0


def test_u16_fraction():
    assert u16_fraction(1.0) == 65535 and u16_fraction(0.5) == 32767 and u16_fraction(-1) == 0


# -- properties -------------------------------------------------------------------------------
@st.composite
def subnets(draw, max_n=7):
    n = draw(st.integers(2, max_n))
    v = draw(st.integers(1, n))
    unit = st.floats(0, 1, allow_nan=False)
    w = [[draw(unit) if i < v else 0.0 for _ in range(n)] for i in range(n)]
    s = [draw(st.floats(0.01, 100)) if i < v else 0.0 for i in range(n)]
    return torch.tensor(w, dtype=torch.float64), torch.tensor(s, dtype=torch.float64)


@settings(max_examples=60, deadline=None)
@given(subnets(), st.booleans())
def test_incentive_sums_to_one_unless_nobody_is_backed(net, yuma3):
    out = yuma_epoch(*net, params=YumaParams(yuma3=yuma3))
    backed = out.rank.sum().item() > 0  # I = R / ΣR, all zero when no rank survives clipping
    assert out.incentive.sum().item() == pytest.approx(1.0 if backed else 0.0)
    assert out.emission.sum().item() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(subnets())
def test_consensus_never_exceeds_a_columns_max_weight(net):
    w, s = net
    out = yuma_epoch(w, s)
    masked = w.clone().fill_diagonal_(0)
    sums = masked.sum(1, keepdim=True)
    normed = torch.where(sums > 0, masked / torch.where(sums > 0, sums, torch.ones_like(sums)), masked)
    assert bool((out.consensus <= normed.max(0).values + 1e-12).all())


def brute_force_median(stake: list[float], rows: list[list[float]], kappa: float) -> list[float]:
    """The definition read literally: per miner, the largest weight whose backers (weight ≥ it) hold ≥ κ."""
    total = sum(stake)
    out = []
    for j in range(len(rows[0])):
        backed = [w[j] for w in rows if sum(s for s, r in zip(stake, rows, strict=True) if r[j] >= w[j]) >= kappa * total - 1e-12]
        out.append(max(backed, default=0.0))
    return out


@settings(max_examples=120, deadline=None)
@given(
    st.integers(1, 9).flatmap(lambda v: st.tuples(
        st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 7.0]), min_size=v, max_size=v),  # zero stakes and ties
        st.lists(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9]), min_size=5, max_size=5), min_size=v, max_size=v),
    )),
    st.sampled_from([0.0, 0.25, 32767 / 65535, 0.5, 0.75, 1.0]),
)
def test_weighted_median_is_the_definition(stake_rows, kappa):
    stake, rows = stake_rows
    s = torch.tensor(stake, dtype=torch.float64)
    s = s / s.sum() if s.sum() > 0 else s
    got = weighted_median_col(s, torch.tensor(rows, dtype=torch.float64), kappa).tolist()
    voters = [(x, r) for x, r in zip(s.tolist(), rows, strict=True) if x > 0]
    want = brute_force_median([x for x, _ in voters], [r for _, r in voters], kappa) if voters else [0.0] * 5
    assert got == pytest.approx(want)


@settings(max_examples=40, deadline=None)
@given(subnets(), st.randoms(use_true_random=False))
def test_permuting_uids_permutes_outputs(net, rnd):
    w, s = net
    n = len(s)
    perm = list(range(n))
    rnd.shuffle(perm)
    p = torch.tensor(perm)
    a = yuma_epoch(w, s)
    b = yuma_epoch(w[p][:, p], s[p])
    for name in ("consensus", "incentive", "dividends", "validator_trust"):
        assert torch.allclose(getattr(a, name)[p], getattr(b, name), atol=1e-9), name


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8), st.lists(st.floats(0.1, 10), min_size=8, max_size=8))
def test_zero_weights_zero_incentive_stake_proportional_validator_emission(n, stakes):
    s = torch.tensor(stakes[:n], dtype=torch.float64)
    out = yuma_epoch(torch.zeros(n, n), s)
    assert out.incentive.sum() == 0
    assert torch.allclose(out.validator_emission, s / s.sum())


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.01, 0.49),
    st.lists(st.floats(0.05, 1.0), min_size=3, max_size=3),
    st.integers(1, 3),
)
def test_minority_cabal_cannot_lift_its_miner(cabal_share, honest_scores, n_honest):
    # validators: n_honest honest ones (total stake 1 − cabal_share) and one cabal validator;
    # miners: 3 honest miners and the cabal's own miner (last uid).
    v = n_honest + 1
    n = v + 4
    w = torch.zeros(n, n, dtype=torch.float64)
    for i in range(n_honest):
        w[i, v:v + 3] = torch.tensor(honest_scores, dtype=torch.float64)
    w[n_honest, n - 1] = 1.0  # the cabal puts everything on its own miner
    s = torch.zeros(n, dtype=torch.float64)
    s[:n_honest] = (1 - cabal_share) / n_honest
    s[n_honest] = cabal_share
    out = yuma_epoch(w, s)
    honest_only = yuma_epoch(w[:, :-1][:-1].clone(), s[:-1].clone())  # the same subnet without the cabal's miner
    assert out.incentive[n - 1].item() == pytest.approx(0.0, abs=1e-12)
    assert out.incentive[n - 1] <= honest_only.incentive.max()
