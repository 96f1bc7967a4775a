"""Balance: exact rao arithmetic and the familiar τ formatting."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bittensor_lite import Balance, BittensorLiteError, rao, tao
from bittensor_lite.balance import RAO_PER_TAO


def test_one_tao_is_a_billion_rao():
    assert Balance.from_tao(1).rao == RAO_PER_TAO == 10**9
    assert Balance.from_rao(10**9) == Balance.from_tao(1)


def test_formatting_matches_the_sdk():
    assert str(Balance.from_tao(1)) == "τ1.000000000"
    assert str(Balance.from_rao(1)) == "τ0.000000001"
    assert str(Balance.from_tao("1234.5")) == "τ1,234.500000000"
    assert str(-Balance.from_tao(2)) == "-τ2.000000000"
    assert repr(tao(1.5)) == "Balance(τ1.500000000)"
    assert f"{tao(1.5):.2f}" == "1.50"


def test_float_tao_is_converted_exactly_not_by_binary_float():
    # 0.1 + 0.2 != 0.3 in binary floats; in rao it must be exact
    assert tao(0.1) + tao(0.2) == tao(0.3)
    assert tao(0.3).rao == 300_000_000
    assert tao(Decimal("0.000000001")).rao == 1


def test_arithmetic_and_comparisons():
    a, b = tao(3), tao("1.25")
    assert (a - b).rao == 1_750_000_000
    assert a > b and b < a and a >= a and b <= b
    assert a + 5 == Balance(3 * 10**9 + 5)  # a bare int counts as rao, as on chain
    assert 2 * b == tao("2.5")
    assert a // b == 2
    assert tao(1).scale(0.18) == rao(180_000_000)
    assert tao(10).scale(1 / 3).rao == 3_333_333_333  # floored, like the chain's payouts
    assert sum([tao(1), tao(2)], Balance(0)) == tao(3)
    assert not Balance(0) and bool(rao(1))


def test_bad_input_is_a_clear_error():
    with pytest.raises(TypeError, match="from_tao"):
        Balance(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tao(1) + 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        tao(1) * 0.5  # type: ignore[operator]
    with pytest.raises(ValueError):
        tao("lots")
    with pytest.raises(ValueError):
        tao(float("nan"))


def test_errors_share_one_root():
    from bittensor_lite.errors import ChainError

    err = ChainError("stake more first", name="NotEnoughBalanceToStake")
    assert isinstance(err, BittensorLiteError)
    assert err.name == "NotEnoughBalanceToStake"
    assert "SubtensorModule.NotEnoughBalanceToStake" in str(err)


@given(st.integers(-(10**20), 10**20), st.integers(-(10**20), 10**20))
def test_addition_is_exact_integer_arithmetic(x, y):
    assert (rao(x) + rao(y)).rao == x + y
    assert (rao(x) - rao(y)).rao == x - y
    assert (rao(x) < rao(y)) == (x < y)


@given(st.integers(0, 10**18))
def test_string_form_round_trips(r):
    s = str(rao(r)).lstrip("τ").replace(",", "")
    assert tao(s).rao == r
