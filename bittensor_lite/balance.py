"""TAO and rao: the network's money, counted exactly.

1 TAO = 10^9 rao. The chain only ever stores integers of rao, so :class:`Balance` keeps an
``int`` of rao and does all arithmetic on it: no floating-point drift, ever.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import total_ordering
from typing import Union

RAO_PER_TAO = 10**9
TAO_SYMBOL = "\u03c4"  # τ
RAO_SYMBOL = "\u03c1"  # ρ

Amount = Union["Balance", int, float, str, Decimal]


def _to_rao_from_tao(tao: float | int | str | Decimal) -> int:
    """Convert a TAO amount to an exact integer of rao (rounding half to even at 1 rao)."""
    try:
        value = Decimal(str(tao)) * RAO_PER_TAO
    except InvalidOperation as exc:
        raise ValueError(f"not a TAO amount: {tao!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite TAO amount: {tao!r}")
    return int(value.to_integral_value())


@total_ordering
class Balance:
    """An amount of TAO, stored as an exact integer number of rao.

    >>> Balance.from_tao(1.5)
    Balance(τ1.500000000)
    >>> Balance.from_tao(1) + Balance.from_rao(1)
    Balance(τ1.000000001)
    """

    __slots__ = ("_rao",)

    def __init__(self, rao: int):
        if isinstance(rao, Balance):
            rao = rao.rao
        if isinstance(rao, bool) or not isinstance(rao, int):
            raise TypeError(
                f"Balance(rao) takes an integer of rao, got {type(rao).__name__}; "
                "use Balance.from_tao(...) for TAO amounts"
            )
        self._rao = rao

    # -- constructors -----------------------------------------------------------------
    @classmethod
    def from_rao(cls, rao: int) -> Balance:
        """An amount given in rao, the chain's smallest unit (10^-9 TAO)."""
        return cls(int(rao))

    @classmethod
    def from_tao(cls, tao: float | int | str | Decimal) -> Balance:
        """An amount given in TAO; converted exactly to rao (via decimal, not binary floats)."""
        return cls(_to_rao_from_tao(tao))

    # -- views ------------------------------------------------------------------------
    @property
    def rao(self) -> int:
        """The amount in rao, as the chain stores it."""
        return self._rao

    @property
    def tao(self) -> float:
        """The amount in TAO as a float (for display and plotting; arithmetic stays in rao)."""
        return self._rao / RAO_PER_TAO

    def __int__(self) -> int:
        return self._rao

    def __float__(self) -> float:
        return self.tao

    def __bool__(self) -> bool:
        return self._rao != 0

    def __hash__(self) -> int:
        return hash(self._rao)

    def __str__(self) -> str:
        sign = "-" if self._rao < 0 else ""
        whole, frac = divmod(abs(self._rao), RAO_PER_TAO)
        return f"{sign}{TAO_SYMBOL}{whole:,}.{frac:09d}"

    def __repr__(self) -> str:
        return f"Balance({self})"

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(self.tao, spec)

    # -- arithmetic (exact, in rao) -------------------------------------------------------
    @staticmethod
    def _coerce(other: object) -> int:
        """Another Balance counts as itself; a bare int is taken as rao (as the chain does)."""
        if isinstance(other, Balance):
            return other.rao
        if isinstance(other, int) and not isinstance(other, bool):
            return other
        raise TypeError(
            f"cannot combine Balance with {type(other).__name__}; "
            "wrap it with Balance.from_tao(...) or Balance.from_rao(...)"
        )

    def __eq__(self, other: object) -> bool:
        try:
            return self._rao == self._coerce(other)
        except TypeError:
            return NotImplemented

    def __lt__(self, other: object) -> bool:
        try:
            return self._rao < self._coerce(other)
        except TypeError:
            return NotImplemented

    def __add__(self, other: object) -> Balance:
        return Balance(self._rao + self._coerce(other))

    __radd__ = __add__

    def __sub__(self, other: object) -> Balance:
        return Balance(self._rao - self._coerce(other))

    def __rsub__(self, other: object) -> Balance:
        return Balance(self._coerce(other) - self._rao)

    def __mul__(self, factor: int) -> Balance:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("a Balance can only be multiplied by an integer; use .scale(x) for fractions")
        return Balance(self._rao * factor)

    __rmul__ = __mul__

    def scale(self, fraction: float | Decimal) -> Balance:
        """This amount times a fraction, floored to whole rao (as the chain floors payouts)."""
        return Balance(int((Decimal(self._rao) * Decimal(str(fraction))).to_integral_value(rounding="ROUND_FLOOR")))

    def __floordiv__(self, other: object) -> Balance | int:
        if isinstance(other, Balance):
            return self._rao // other.rao
        return Balance(self._rao // self._coerce(other))

    def __neg__(self) -> Balance:
        return Balance(-self._rao)

    def __abs__(self) -> Balance:
        return Balance(abs(self._rao))


def tao(amount: float | int | str | Decimal) -> Balance:
    """Shorthand for :meth:`Balance.from_tao`: ``tao(1.5)`` is 1.5 TAO."""
    return Balance.from_tao(amount)


def rao(amount: int) -> Balance:
    """Shorthand for :meth:`Balance.from_rao`: ``rao(10**9)`` is 1 TAO."""
    return Balance.from_rao(amount)
