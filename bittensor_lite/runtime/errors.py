"""The pallet's errors, one class each, named exactly as node-subtensor names them.

A call that fails raises one of these *before* it changes anything. Catch them by class
(``except NotEnoughBalanceToStake``), by the common base :class:`~bittensor_lite.ChainError`,
or by ``err.name`` — the same string the chain reports in a failed extrinsic's event.
"""

from __future__ import annotations

from bittensor_lite.errors import ChainError


class SubtensorError(ChainError):
    """An error of the ``SubtensorModule`` pallet."""

    pallet = "SubtensorModule"


class BalancesError(ChainError):
    """An error of the ``Balances`` pallet."""

    pallet = "Balances"


class SystemError_(ChainError):  # noqa: N801 - "SystemError" is a Python builtin
    """A dispatch error raised before any pallet runs (e.g. a wrong origin)."""

    pallet = "System"


def _subtensor(name: str, doc: str) -> type[SubtensorError]:
    return type(name, (SubtensorError,), {"__doc__": doc, "__module__": __name__})


_SUBTENSOR_ERRORS = {
    "SubNetworkDoesNotExist": "The netuid does not name an existing subnet.",
    "RegistrationNotPermittedOnRootSubnet": "Neurons cannot register on the root subnet (netuid 0) this way.",
    "SubNetRegistrationDisabled": "The subnet owner has closed registration.",
    "TooManyRegistrationsThisBlock": "This block already holds MaxRegistrationsPerBlock registrations.",
    "TooManyRegistrationsThisInterval": "Registrations this interval reached three times the target.",
    "HotKeyAlreadyRegisteredInSubNet": "This hotkey already holds a UID on the subnet.",
    "HotKeyNotRegisteredInSubNet": "The hotkey holds no UID on this subnet.",
    "HotKeyNotRegisteredInNetwork": "The hotkey is not registered on the subnet it tries to serve on.",
    "HotKeyAccountNotExists": "No coldkey owns this hotkey yet (register it first).",
    "NonAssociatedColdKey": "The hotkey belongs to another coldkey.",
    "HotKeyNotDelegateAndSignerNotOwnHotKey": "You may only stake to your own hotkey (delegation is not modelled).",
    "NotEnoughBalanceToStake": "The coldkey's free balance does not cover the amount (stake, burn or lock).",
    "StakeToWithdrawIsZero": "Asked to unstake nothing.",
    "AmountTooLow": "Asked to stake nothing.",
    "NotEnoughStakeToWithdraw": "The hotkey holds less stake from this coldkey than asked for.",
    "NotEnoughStakeToSetWeights": "The hotkey's stake is below the subnet's minimum for setting weights.",
    "NeuronNoValidatorPermit": "Only the top-k staked neurons (with a validator permit) may weight others.",
    "WeightVecNotEqualSize": "The uids and weights vectors differ in length.",
    "DuplicateUids": "A uid appears twice in the weights.",
    "UidVecContainInvalidOne": "A uid in the weights does not exist on the subnet.",
    "UidsLengthExceedUidsInSubNet": "More weights than neurons on the subnet.",
    "WeightVecLengthIsLow": "Fewer non-self weights than the subnet's MinAllowedWeights.",
    "MaxWeightExceeded": "One weight takes more than MaxWeightsLimit of the row.",
    "IncorrectWeightVersionKey": "The version key is older than the subnet's WeightsVersionKey.",
    "SettingWeightsTooFast": "Weights were set fewer than WeightsSetRateLimit blocks ago.",
    "InvalidIpType": "ip_type must be 4 or 6.",
    "InvalidIpAddress": "The ip is not a valid address of that type.",
    "InvalidPort": "Port 0 is not a port.",
    "ServingRateLimitExceeded": "The axon or prometheus info was served too recently.",
    "InvalidWorkBlock": "The proof of work names a block in the future or too far in the past.",
    "InvalidDifficulty": "The proof of work's seal does not meet the subnet's difficulty.",
    "InvalidSeal": "The work submitted is not the seal of (block, hotkey, nonce).",
    "NotSubnetOwner": "Only the subnet owner (or sudo) may change this.",
    "NoNeuronIdAvailable": "The subnet allows no UIDs at all.",
}

for _name, _doc in _SUBTENSOR_ERRORS.items():
    globals()[_name] = _subtensor(_name, _doc)


class InsufficientBalance(BalancesError):
    """The sender's free balance does not cover the transfer."""


class BadOrigin(SystemError_):
    """The call needs a different signer (sudo, or the subnet owner)."""


_ALL: dict[str, type[ChainError]] = {
    **{name: globals()[name] for name in _SUBTENSOR_ERRORS},
    "InsufficientBalance": InsufficientBalance,
    "BadOrigin": BadOrigin,
}


def error_by_name(name: str) -> type[ChainError]:
    """The error class for a chain error name (``"SettingWeightsTooFast"`` → its class)."""
    try:
        return _ALL[name]
    except KeyError:
        raise KeyError(f"no chain error named {name!r}") from None


def fail(name: str, message: str = "") -> ChainError:
    """Build the named error with a message, ready to ``raise``."""
    return error_by_name(name)(message or (error_by_name(name).__doc__ or ""))


__all__ = ["BadOrigin", "InsufficientBalance", "error_by_name", "fail", *_SUBTENSOR_ERRORS]
