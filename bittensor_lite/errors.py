"""Every exception bittensor_lite raises, in one place: ``from bittensor_lite.errors import …``.

Catch :class:`BittensorLiteError` to catch everything bittensor_lite raises on purpose.
Errors that the chain itself returns (a failed extrinsic) derive from :class:`ChainError` and
carry the pallet's own error name, e.g. ``NotEnoughBalanceToStake``; they are written out
below, one class each, in each pallet's order — a pallet error's index on chain is its
position in :data:`PALLET_ERRORS`. A failed call changes nothing.
"""

from __future__ import annotations

from typing import Any


class BittensorLiteError(Exception):
    """Root of every error bittensor_lite raises deliberately."""


class NotSupportedError(BittensorLiteError):
    """Something the real network does that bittensor_lite does not (yet) model."""


# -- what the chain says ------------------------------------------------------------------------------


class ChainError(BittensorLiteError):
    """A call the chain rejected. ``name`` is the pallet error's name, ``pallet`` its pallet.

    A failed call changes nothing: the runtime checks everything before it writes.
    """

    pallet: str = "SubtensorModule"

    def __init__(self, message: str = "", *, name: str | None = None, pallet: str | None = None):
        self.name = name or error_name(type(self))
        if pallet is not None:
            self.pallet = pallet
        super().__init__(f"{self.pallet}.{self.name}: {message}" if message else f"{self.pallet}.{self.name}")


def error_name(cls: type[ChainError]) -> str:
    """The chain's name for an error class (``chain_name`` where two pallets share a name)."""
    return cls.__dict__.get("chain_name", cls.__name__)


class DispatchError(ChainError):
    """An error raised before any pallet runs (Substrate's ``DispatchError`` variants)."""

    pallet = "System"


class BadOrigin(DispatchError):
    """The call needs a different signer (sudo, or the subnet owner)."""


class CannotLookup(DispatchError):
    """An address in the call cannot be resolved (only ``MultiAddress::Id`` is supported here)."""


class SystemPalletError(ChainError):
    """An error of the ``System`` pallet."""

    pallet = "System"


class InvalidSpecName(SystemPalletError):
    """A runtime upgrade names another chain."""


class SpecVersionNeedsToIncrease(SystemPalletError):
    """A runtime upgrade must raise the spec version."""


class FailedToExtractRuntimeVersion(SystemPalletError):
    """The upgrade's runtime version could not be read."""


class NonDefaultComposite(SystemPalletError):
    """A composite was not default when it had to be."""


class NonZeroRefCount(SystemPalletError):
    """The account is still referenced."""


class CallFiltered(SystemPalletError):
    """The chain does not execute this call (here: a call the local chain does not support)."""


class MultiBlockMigrationsOngoing(SystemPalletError):
    """A migration is running."""


class NothingAuthorized(SystemPalletError):
    """No upgrade was authorized."""


class Unauthorized(SystemPalletError):
    """The upgrade is not the authorized one."""


class BalancesError(ChainError):
    """An error of the ``Balances`` pallet."""

    pallet = "Balances"


class VestingBalance(BalancesError):
    """Vesting balance is too high to send."""


class LiquidityRestrictions(BalancesError):
    """The account's liquidity is restricted."""


class InsufficientBalance(BalancesError):
    """The sender's free balance does not cover the transfer."""


class ExistentialDeposit(BalancesError):
    """The value is below the existential deposit."""


class Expendability(BalancesError):
    """The transfer would kill the account."""


class ExistingVestingSchedule(BalancesError):
    """A vesting schedule already exists."""


class DeadAccount(BalancesError):
    """The beneficiary account does not exist."""


class TooManyReserves(BalancesError):
    """Too many reserves."""


class TooManyHolds(BalancesError):
    """Too many holds."""


class TooManyFreezes(BalancesError):
    """Too many freezes."""


class IssuanceDeactivated(BalancesError):
    """The issuance cannot be changed now."""


class DeltaZero(BalancesError):
    """The change in balance is zero."""


class SubtensorModuleError(ChainError):
    """An error of the ``SubtensorModule`` pallet (node-subtensor's own rules)."""

    pallet = "SubtensorModule"


class RootNetworkDoesNotExist(SubtensorModuleError):
    """The root subnet (netuid 0) has not been created."""


class InvalidIpType(SubtensorModuleError):
    """ip_type must be 4 or 6."""


class InvalidIpAddress(SubtensorModuleError):
    """The ip is not a valid address of that type."""


class InvalidPort(SubtensorModuleError):
    """Port 0 is not a port."""


class HotKeyNotRegisteredInSubNet(SubtensorModuleError):
    """The hotkey holds no UID on this subnet."""


class HotKeyAccountNotExists(SubtensorModuleError):
    """No coldkey owns this hotkey yet (register it first)."""


class HotKeyNotRegisteredInNetwork(SubtensorModuleError):
    """The hotkey is not registered on the subnet it tries to serve on."""


class NonAssociatedColdKey(SubtensorModuleError):
    """The hotkey belongs to another coldkey."""


class NotEnoughStake(SubtensorModuleError):
    """The caller's stake is too small for this action."""


class NotEnoughStakeToWithdraw(SubtensorModuleError):
    """The hotkey holds less stake from this coldkey than asked for."""


class NotEnoughStakeToSetWeights(SubtensorModuleError):
    """The hotkey's stake is below the subnet's minimum for setting weights."""


class NotEnoughStakeToSetChildkeys(SubtensorModuleError):
    """Too little stake to set child keys (not modelled here)."""


class NotEnoughBalanceToStake(SubtensorModuleError):
    """The coldkey's free balance does not cover the amount (stake, burn or lock)."""


class BalanceWithdrawalError(SubtensorModuleError):
    """The balance could not be withdrawn from the coldkey."""


class ZeroBalanceAfterWithdrawn(SubtensorModuleError):
    """The withdrawal would leave the account with nothing."""


class NeuronNoValidatorPermit(SubtensorModuleError):
    """Only the top-k staked neurons (with a validator permit) may weight others."""


class WeightVecNotEqualSize(SubtensorModuleError):
    """The uids and weights vectors differ in length."""


class DuplicateUids(SubtensorModuleError):
    """A uid appears twice in the weights."""


class UidVecContainInvalidOne(SubtensorModuleError):
    """A uid in the weights does not exist on the subnet."""


class WeightVecLengthIsLow(SubtensorModuleError):
    """Fewer non-self weights than the subnet's MinAllowedWeights."""


class TooManyRegistrationsThisBlock(SubtensorModuleError):
    """This block already holds MaxRegistrationsPerBlock registrations."""


class HotKeyAlreadyRegisteredInSubNet(SubtensorModuleError):
    """This hotkey already holds a UID on the subnet."""


class NewHotKeyIsSameWithOld(SubtensorModuleError):
    """A hotkey swap names the same hotkey twice."""


class NewHotKeyNotCleanForRootSwap(SubtensorModuleError):
    """A root hotkey swap needs a new hotkey with no history on chain."""


class InvalidWorkBlock(SubtensorModuleError):
    """The proof of work names a block in the future or too far in the past."""


class InvalidDifficulty(SubtensorModuleError):
    """The proof of work's seal does not meet the subnet's difficulty."""


class InvalidSeal(SubtensorModuleError):
    """The work submitted is not the seal of (block, hotkey, nonce)."""


class MaxWeightExceeded(SubtensorModuleError):
    """One weight takes more than MaxWeightsLimit of the row."""


class HotKeyAlreadyDelegate(SubtensorModuleError):
    """The hotkey is already a delegate."""


class SettingWeightsTooFast(SubtensorModuleError):
    """Weights were set fewer than WeightsSetRateLimit blocks ago."""


class IncorrectWeightVersionKey(SubtensorModuleError):
    """The version key is older than the subnet's WeightsVersionKey."""


class ServingRateLimitExceeded(SubtensorModuleError):
    """The axon or prometheus info was served too recently."""


class UidsLengthExceedUidsInSubNet(SubtensorModuleError):
    """More weights than neurons on the subnet."""


class NetworkTxRateLimitExceeded(SubtensorModuleError):
    """Subnets were created too recently: wait for the network rate limit."""


class DelegateTxRateLimitExceeded(SubtensorModuleError):
    """Delegate changes were made too recently."""


class HotKeySetTxRateLimitExceeded(SubtensorModuleError):
    """Hotkey changes were made too recently."""


class StakingRateLimitExceeded(SubtensorModuleError):
    """Staking operations were made too often."""


class SubNetRegistrationDisabled(SubtensorModuleError):
    """The subnet owner has closed registration."""


class TooManyRegistrationsThisInterval(SubtensorModuleError):
    """Registrations this interval reached three times the target."""


class TransactorAccountShouldBeHotKey(SubtensorModuleError):
    """This call must be signed by the hotkey."""


class FaucetDisabled(SubtensorModuleError):
    """The chain's faucet extrinsic is switched off."""


class NotSubnetOwner(SubtensorModuleError):
    """Only the subnet owner (or sudo) may change this."""


class RegistrationNotPermittedOnRootSubnet(SubtensorModuleError):
    """Neurons cannot register on the root subnet (netuid 0) this way."""


class StakeTooLowForRoot(SubtensorModuleError):
    """Too little stake to join the root subnet."""


class AllNetworksInImmunity(SubtensorModuleError):
    """Every subnet is still immune: none can be replaced."""


class NotEnoughBalanceToPaySwapHotKey(SubtensorModuleError):
    """The coldkey cannot pay for a hotkey swap."""


class NotRootSubnet(SubtensorModuleError):
    """This call is only for the root subnet (netuid 0)."""


class CanNotSetRootNetworkWeights(SubtensorModuleError):
    """Weights on the root subnet cannot be set this way."""


class NoNeuronIdAvailable(SubtensorModuleError):
    """The subnet allows no UIDs at all."""


class DelegateTakeTooLow(SubtensorModuleError):
    """The delegate take is below the allowed minimum."""


class DelegateTakeTooHigh(SubtensorModuleError):
    """The delegate take is above the allowed maximum."""


class NoWeightsCommitFound(SubtensorModuleError):
    """A reveal names no commit made by this hotkey."""


class InvalidRevealCommitHashNotMatch(SubtensorModuleError):
    """The revealed weights do not hash to the committed hash."""


class CommitRevealEnabled(SubtensorModuleError):
    """The subnet uses commit-reveal: commit weights instead of setting them."""


class CommitRevealDisabled(SubtensorModuleError):
    """The subnet does not use commit-reveal."""


class LiquidAlphaDisabled(SubtensorModuleError):
    """Liquid alpha is off on this subnet, so its values cannot be set."""


class AlphaHighTooLow(SubtensorModuleError):
    """alpha_high is below the allowed range."""


class AlphaLowOutOfRange(SubtensorModuleError):
    """alpha_low is outside the allowed range."""


class ColdKeyAlreadyAssociated(SubtensorModuleError):
    """The coldkey is already associated with another hotkey."""


class NotEnoughBalanceToPaySwapColdKey(SubtensorModuleError):
    """The coldkey cannot pay for a coldkey swap."""


class InvalidChild(SubtensorModuleError):
    """A child key is not valid."""


class DuplicateChild(SubtensorModuleError):
    """A child key appears twice."""


class ProportionOverflow(SubtensorModuleError):
    """Child key proportions add up to more than the whole."""


class TooManyChildren(SubtensorModuleError):
    """Too many child keys."""


class TxRateLimitExceeded(SubtensorModuleError):
    """Transactions from this key were sent too often."""


class ColdkeySwapAnnouncementNotFound(SubtensorModuleError):
    """No coldkey swap was announced for this coldkey."""


class ColdkeySwapTooEarly(SubtensorModuleError):
    """The announced coldkey swap's waiting period has not passed yet."""


class ColdkeySwapReannouncedTooEarly(SubtensorModuleError):
    """A coldkey swap was announced again before the earlier announcement's delay passed."""


class AnnouncedColdkeyHashDoesNotMatch(SubtensorModuleError):
    """The new coldkey does not hash to the one that was announced."""


class ColdkeySwapAlreadyDisputed(SubtensorModuleError):
    """This coldkey swap is already under dispute."""


class NewColdKeyIsHotkey(SubtensorModuleError):
    """The new coldkey is a hotkey."""


class InvalidChildkeyTake(SubtensorModuleError):
    """The child key take is out of range."""


class TxChildkeyTakeRateLimitExceeded(SubtensorModuleError):
    """The child key take was changed too recently."""


class InvalidIdentity(SubtensorModuleError):
    """The identity data is not valid."""


class MechanismDoesNotExist(SubtensorModuleError):
    """The subnet has no mechanism with this MechId."""


class StakeUnavailable(SubtensorModuleError):
    """The stake exists but cannot be moved now (it is locked, for instance)."""


class SubnetNotExists(SubtensorModuleError):
    """No subnet has this netuid."""


class TooManyUnrevealedCommits(SubtensorModuleError):
    """The hotkey has too many unrevealed weight commits."""


class ExpiredWeightCommit(SubtensorModuleError):
    """The weight commit is too old to reveal."""


class RevealTooEarly(SubtensorModuleError):
    """The reveal comes before its reveal period."""


class InputLengthsUnequal(SubtensorModuleError):
    """Batched inputs differ in length."""


class CommittingWeightsTooFast(SubtensorModuleError):
    """Weights were committed too recently."""


class AmountTooLow(SubtensorModuleError):
    """Asked to stake nothing."""


class InsufficientLiquidity(SubtensorModuleError):
    """The subnet's pool cannot take (or pay out) this much."""


class SlippageTooHigh(SubtensorModuleError):
    """The whole amount does not fit before the price passes the limit, and partial fills are off."""


class TransferDisallowed(SubtensorModuleError):
    """Stake transfers are switched off on this subnet."""


class ActivityCutoffTooLow(SubtensorModuleError):
    """activity_cutoff would be below the chain's minimum."""


class CallDisabled(SubtensorModuleError):
    """The chain has this call switched off."""


class FirstEmissionBlockNumberAlreadySet(SubtensorModuleError):
    """The subnet's emission was already started (start_call ran before)."""


class NeedWaitingMoreBlocksToStarCall(SubtensorModuleError):
    """Too few blocks since the subnet was registered to start its emission."""


class NotEnoughAlphaOutToRecycle(SubtensorModuleError):
    """Less alpha is outstanding than was asked to recycle or burn."""


class CannotBurnOrRecycleOnRootSubnet(SubtensorModuleError):
    """Alpha cannot be burned or recycled on the root subnet."""


class UnableToRecoverPublicKey(SubtensorModuleError):
    """No public key could be recovered from the signature."""


class InvalidRecoveredPublicKey(SubtensorModuleError):
    """The key recovered from the signature is not the expected one."""


class SubtensorSubtokenDisabled(SubtensorModuleError):
    """The subnet's token is not enabled yet: its emission has not started."""

    chain_name = "SubtokenDisabled"


class HotKeySwapOnSubnetIntervalNotPassed(SubtensorModuleError):
    """The hotkey was swapped on this subnet too recently."""


class SameNetuid(SubtensorModuleError):
    """Source and destination name the same subnet."""


class SubtensorInsufficientBalance(SubtensorModuleError):
    """The account holds too little for this operation."""

    chain_name = "InsufficientBalance"


class InvalidLeaseBeneficiary(SubtensorModuleError):
    """This account cannot be the lease's beneficiary."""


class LeaseCannotEndInThePast(SubtensorModuleError):
    """A subnet lease's end block has already passed."""


class LeaseNetuidNotFound(SubtensorModuleError):
    """The lease records no subnet."""


class LeaseDoesNotExist(SubtensorModuleError):
    """No subnet lease has this id."""


class LeaseHasNoEndBlock(SubtensorModuleError):
    """The lease never ends, so it cannot be terminated."""


class LeaseHasNotEnded(SubtensorModuleError):
    """The lease is still running."""


class Overflow(SubtensorModuleError):
    """An arithmetic overflow."""


class BeneficiaryDoesNotOwnHotkey(SubtensorModuleError):
    """The lease's beneficiary does not own the given hotkey."""


class ExpectedBeneficiaryOrigin(SubtensorModuleError):
    """Only the lease's beneficiary may sign this call."""


class AdminActionProhibitedDuringWeightsWindow(SubtensorModuleError):
    """Hyperparameters are frozen in the blocks right before the subnet's epoch."""


class SymbolDoesNotExist(SubtensorModuleError):
    """Not a token symbol the chain knows."""


class SymbolAlreadyInUse(SubtensorModuleError):
    """Another subnet already uses this token symbol."""


class IncorrectCommitRevealVersion(SubtensorModuleError):
    """The commit is for another commit-reveal version than the subnet's."""


class InvalidRevealRound(SubtensorModuleError):
    """A timelocked commit names a reveal round that is not valid."""


class RevealPeriodTooLarge(SubtensorModuleError):
    """The reveal period is above its maximum."""


class RevealPeriodTooSmall(SubtensorModuleError):
    """The reveal period is below its minimum."""


class InvalidValue(SubtensorModuleError):
    """A value outside its allowed range."""


class SubnetLimitReached(SubtensorModuleError):
    """The chain already holds as many subnets as it allows."""


class CannotAffordLockCost(SubtensorModuleError):
    """The coldkey cannot pay the lock cost of a new subnet."""


class EvmKeyAssociateRateLimitExceeded(SubtensorModuleError):
    """An EVM key was associated too recently."""


class SameAutoStakeHotkeyAlreadySet(SubtensorModuleError):
    """This hotkey already is the auto-stake destination."""


class UidMapCouldNotBeCleared(SubtensorModuleError):
    """The subnet's UID map could not be cleared."""


class TrimmingWouldExceedMaxImmunePercentage(SubtensorModuleError):
    """Trimming the UIDs would leave too large a share of them immune."""


class ChildParentInconsistency(SubtensorModuleError):
    """A key's children and its parents disagree."""


class InvalidNumRootClaim(SubtensorModuleError):
    """The number of root claims is out of range."""


class InvalidRootClaimThreshold(SubtensorModuleError):
    """The root-claim threshold is out of range."""


class InvalidSubnetNumber(SubtensorModuleError):
    """The number of subnets given is out of range."""


class TooManyUIDsPerMechanism(SubtensorModuleError):
    """Mechanisms times UIDs per mechanism would exceed the subnet's UID limit."""


class VotingPowerTrackingNotEnabled(SubtensorModuleError):
    """Voting power is not tracked on this subnet."""


class InvalidVotingPowerEmaAlpha(SubtensorModuleError):
    """The voting-power EMA's alpha is out of range."""


class SubtensorDeprecated(SubtensorModuleError):
    """The call is deprecated."""

    chain_name = "Deprecated"


class AddStakeBurnRateLimitExceeded(SubtensorModuleError):
    """add_stake_burn was called too recently."""


class ColdkeySwapAnnounced(SubtensorModuleError):
    """A swap of this coldkey is announced, so it cannot act meanwhile."""


class ColdkeySwapDisputed(SubtensorModuleError):
    """This coldkey's swap is disputed, so it cannot act meanwhile."""


class ColdkeySwapClearTooEarly(SubtensorModuleError):
    """An announced coldkey swap cannot be withdrawn yet."""


class DisabledTemporarily(SubtensorModuleError):
    """Switched off for the time being."""


class RegistrationPriceLimitExceeded(SubtensorModuleError):
    """The subnet's registration burn is above the caller's limit price."""


class LockHotkeyMismatch(SubtensorModuleError):
    """The lock is held for another hotkey."""


class InsufficientStakeForLock(SubtensorModuleError):
    """Too little stake to lock this much."""


class NoExistingLock(SubtensorModuleError):
    """There is no lock to change."""


class ActiveLockExists(SubtensorModuleError):
    """A lock is still active."""


class CannotUseSystemAccount(SubtensorModuleError):
    """A system account cannot be used here."""


class UnlockAmountTooHigh(SubtensorModuleError):
    """Asked to unlock more than is locked."""


class TempoOutOfBounds(SubtensorModuleError):
    """The tempo is outside its allowed range."""


class ActivityCutoffFactorMilliOutOfBounds(SubtensorModuleError):
    """The activity-cutoff factor is outside its allowed range."""


class EpochTriggerAlreadyPending(SubtensorModuleError):
    """An epoch trigger is already pending on this subnet."""


class AutoEpochAlreadyImminent(SubtensorModuleError):
    """The subnet's automatic epoch is about to run anyway."""


class DynamicTempoBlockedByCommitReveal(SubtensorModuleError):
    """The tempo cannot change dynamically while commit-reveal is on."""


class AccountRejectsLockedAlpha(SubtensorModuleError):
    """The account does not accept locked alpha."""


class SwapError(ChainError):
    """An error of the ``Swap`` pallet (the subnets' pools)."""

    pallet = "Swap"


class FeeRateTooHigh(SwapError):
    """The fee rate is above the pallet's maximum."""


class InsufficientInputAmount(SwapError):
    """The amount is too small to swap."""


class SwapInsufficientLiquidity(SwapError):
    """The pool's liquidity is insufficient for this operation."""

    chain_name = "InsufficientLiquidity"


class PriceLimitExceeded(SwapError):
    """The price is already past the order's limit price."""


class SwapInsufficientBalance(SwapError):
    """The caller does not hold enough for this operation."""

    chain_name = "InsufficientBalance"


class InvalidTickRange(SwapError):
    """A tick range that is not valid (concentrated-liquidity positions; unused by the balancer pool)."""


class InvalidLiquidityValue(SwapError):
    """A liquidity value that is not valid (likely too small)."""


class ReservesTooLow(SwapError):
    """The pool holds too little of what the swap would pay out (under SwapMinimumReserve, or it rounds to zero)."""


class SwapMechanismDoesNotExist(SwapError):
    """The subnet does not exist."""

    chain_name = "MechanismDoesNotExist"


class SubtokenDisabled(SwapError):
    """The subnet's token is not enabled yet."""


class ReservesOutOfBalance(SwapError):
    """The pool's reserves are too imbalanced."""


class SwapInputTooLarge(SwapError):
    """The input is more than 1000× the pool's input-side reserve."""


class Deprecated(SwapError):
    """The call is deprecated."""


class SudoError(ChainError):
    """An error of the ``Sudo`` pallet."""

    pallet = "Sudo"


class RequireSudo(SudoError):
    """The signer is not the sudo key."""


class MevShieldError(ChainError):
    """An error of the ``MevShield`` pallet (node-subtensor's ``pallet_shield``)."""

    pallet = "MevShield"


class BadEncKeyLen(MevShieldError):
    """The announced ML-KEM encapsulation key length is invalid."""


class ShieldUnreachable(MevShieldError):
    """Unreachable (the pallet's ``Unreachable``: no current block author)."""

    chain_name = "Unreachable"


class TooManyPendingExtrinsics(MevShieldError):
    """Too many pending encrypted extrinsics in storage."""


class WeightExceedsAbsoluteMax(MevShieldError):
    """A weight exceeds the absolute maximum (half of the block's weight)."""


class CommitmentsError(ChainError):
    """An error of the ``Commitments`` pallet (node-subtensor's ``pallet_commitments``).

    Declared so a client can name them; nothing here raises them yet (there is no ``set_commitment``).
    """

    pallet = "Commitments"


class TooManyFieldsInCommitmentInfo(CommitmentsError):
    """The commitment has more fields than the pallet's ``MaxFields``."""


class AccountNotAllowedCommit(CommitmentsError):
    """The account may not commit on this subnet (its hotkey is not registered there)."""


class SpaceLimitExceeded(CommitmentsError):
    """The hotkey has committed more than ``MaxSpace`` bytes on this subnet in this epoch."""


class UnexpectedUnreserveLeftover(CommitmentsError):
    """Unreserving a commitment's deposit left a remainder, which should not happen."""


class AdminUtilsError(ChainError):
    """An error of the ``AdminUtils`` pallet (hyperparameter setters)."""

    pallet = "AdminUtils"


class SubnetDoesNotExist(AdminUtilsError):
    """The netuid does not name an existing subnet (AdminUtils' spelling)."""


class MaxValidatorsLargerThanMaxUIds(AdminUtilsError):
    """max_allowed_validators would exceed max_allowed_uids."""


class MaxAllowedUIdsLessThanCurrentUIds(AdminUtilsError):
    """max_allowed_uids would be below the UIDs already taken."""


class BondsMovingAverageMaxReached(AdminUtilsError):
    """bonds_moving_avg would be above its maximum."""


class NegativeSigmoidSteepness(AdminUtilsError):
    """A negative sigmoid steepness is not allowed here."""


class ValueNotInBounds(AdminUtilsError):
    """The value is outside its bounds."""


class MinAllowedUidsGreaterThanCurrentUids(AdminUtilsError):
    """min_allowed_uids would be above the UIDs already taken."""


class MinAllowedUidsGreaterThanMaxAllowedUids(AdminUtilsError):
    """min_allowed_uids would be above max_allowed_uids."""


class MaxAllowedUidsLessThanMinAllowedUids(AdminUtilsError):
    """max_allowed_uids would be below min_allowed_uids."""


class MaxAllowedUidsGreaterThanDefaultMaxAllowedUids(AdminUtilsError):
    """max_allowed_uids would be above the chain's default maximum."""


class AdminInvalidValue(AdminUtilsError):
    """A value outside its allowed range."""

    chain_name = "InvalidValue"


class NotPermittedOnRootSubnet(AdminUtilsError):
    """Not allowed on the root subnet."""


class POWRegistrationDisabled(AdminUtilsError):
    """Registration by proof of work is switched off."""


class AdminDeprecated(AdminUtilsError):
    """The call is deprecated."""

    chain_name = "Deprecated"


# Each pallet's errors in the chain's order: an error's index on chain is its position here.
PALLET_ERRORS: dict[str, tuple[type[ChainError], ...]] = {
    "System": (
        InvalidSpecName,
        SpecVersionNeedsToIncrease,
        FailedToExtractRuntimeVersion,
        NonDefaultComposite,
        NonZeroRefCount,
        CallFiltered,
        MultiBlockMigrationsOngoing,
        NothingAuthorized,
        Unauthorized,
    ),
    "Balances": (
        VestingBalance,
        LiquidityRestrictions,
        InsufficientBalance,
        ExistentialDeposit,
        Expendability,
        ExistingVestingSchedule,
        DeadAccount,
        TooManyReserves,
        TooManyHolds,
        TooManyFreezes,
        IssuanceDeactivated,
        DeltaZero,
    ),
    "SubtensorModule": (
        RootNetworkDoesNotExist,
        InvalidIpType,
        InvalidIpAddress,
        InvalidPort,
        HotKeyNotRegisteredInSubNet,
        HotKeyAccountNotExists,
        HotKeyNotRegisteredInNetwork,
        NonAssociatedColdKey,
        NotEnoughStake,
        NotEnoughStakeToWithdraw,
        NotEnoughStakeToSetWeights,
        NotEnoughStakeToSetChildkeys,
        NotEnoughBalanceToStake,
        BalanceWithdrawalError,
        ZeroBalanceAfterWithdrawn,
        NeuronNoValidatorPermit,
        WeightVecNotEqualSize,
        DuplicateUids,
        UidVecContainInvalidOne,
        WeightVecLengthIsLow,
        TooManyRegistrationsThisBlock,
        HotKeyAlreadyRegisteredInSubNet,
        NewHotKeyIsSameWithOld,
        NewHotKeyNotCleanForRootSwap,
        InvalidWorkBlock,
        InvalidDifficulty,
        InvalidSeal,
        MaxWeightExceeded,
        HotKeyAlreadyDelegate,
        SettingWeightsTooFast,
        IncorrectWeightVersionKey,
        ServingRateLimitExceeded,
        UidsLengthExceedUidsInSubNet,
        NetworkTxRateLimitExceeded,
        DelegateTxRateLimitExceeded,
        HotKeySetTxRateLimitExceeded,
        StakingRateLimitExceeded,
        SubNetRegistrationDisabled,
        TooManyRegistrationsThisInterval,
        TransactorAccountShouldBeHotKey,
        FaucetDisabled,
        NotSubnetOwner,
        RegistrationNotPermittedOnRootSubnet,
        StakeTooLowForRoot,
        AllNetworksInImmunity,
        NotEnoughBalanceToPaySwapHotKey,
        NotRootSubnet,
        CanNotSetRootNetworkWeights,
        NoNeuronIdAvailable,
        DelegateTakeTooLow,
        DelegateTakeTooHigh,
        NoWeightsCommitFound,
        InvalidRevealCommitHashNotMatch,
        CommitRevealEnabled,
        CommitRevealDisabled,
        LiquidAlphaDisabled,
        AlphaHighTooLow,
        AlphaLowOutOfRange,
        ColdKeyAlreadyAssociated,
        NotEnoughBalanceToPaySwapColdKey,
        InvalidChild,
        DuplicateChild,
        ProportionOverflow,
        TooManyChildren,
        TxRateLimitExceeded,
        ColdkeySwapAnnouncementNotFound,
        ColdkeySwapTooEarly,
        ColdkeySwapReannouncedTooEarly,
        AnnouncedColdkeyHashDoesNotMatch,
        ColdkeySwapAlreadyDisputed,
        NewColdKeyIsHotkey,
        InvalidChildkeyTake,
        TxChildkeyTakeRateLimitExceeded,
        InvalidIdentity,
        MechanismDoesNotExist,
        StakeUnavailable,
        SubnetNotExists,
        TooManyUnrevealedCommits,
        ExpiredWeightCommit,
        RevealTooEarly,
        InputLengthsUnequal,
        CommittingWeightsTooFast,
        AmountTooLow,
        InsufficientLiquidity,
        SlippageTooHigh,
        TransferDisallowed,
        ActivityCutoffTooLow,
        CallDisabled,
        FirstEmissionBlockNumberAlreadySet,
        NeedWaitingMoreBlocksToStarCall,
        NotEnoughAlphaOutToRecycle,
        CannotBurnOrRecycleOnRootSubnet,
        UnableToRecoverPublicKey,
        InvalidRecoveredPublicKey,
        SubtensorSubtokenDisabled,
        HotKeySwapOnSubnetIntervalNotPassed,
        SameNetuid,
        SubtensorInsufficientBalance,
        InvalidLeaseBeneficiary,
        LeaseCannotEndInThePast,
        LeaseNetuidNotFound,
        LeaseDoesNotExist,
        LeaseHasNoEndBlock,
        LeaseHasNotEnded,
        Overflow,
        BeneficiaryDoesNotOwnHotkey,
        ExpectedBeneficiaryOrigin,
        AdminActionProhibitedDuringWeightsWindow,
        SymbolDoesNotExist,
        SymbolAlreadyInUse,
        IncorrectCommitRevealVersion,
        InvalidRevealRound,
        RevealPeriodTooLarge,
        RevealPeriodTooSmall,
        InvalidValue,
        SubnetLimitReached,
        CannotAffordLockCost,
        EvmKeyAssociateRateLimitExceeded,
        SameAutoStakeHotkeyAlreadySet,
        UidMapCouldNotBeCleared,
        TrimmingWouldExceedMaxImmunePercentage,
        ChildParentInconsistency,
        InvalidNumRootClaim,
        InvalidRootClaimThreshold,
        InvalidSubnetNumber,
        TooManyUIDsPerMechanism,
        VotingPowerTrackingNotEnabled,
        InvalidVotingPowerEmaAlpha,
        SubtensorDeprecated,
        AddStakeBurnRateLimitExceeded,
        ColdkeySwapAnnounced,
        ColdkeySwapDisputed,
        ColdkeySwapClearTooEarly,
        DisabledTemporarily,
        RegistrationPriceLimitExceeded,
        LockHotkeyMismatch,
        InsufficientStakeForLock,
        NoExistingLock,
        ActiveLockExists,
        CannotUseSystemAccount,
        UnlockAmountTooHigh,
        TempoOutOfBounds,
        ActivityCutoffFactorMilliOutOfBounds,
        EpochTriggerAlreadyPending,
        AutoEpochAlreadyImminent,
        DynamicTempoBlockedByCommitReveal,
        AccountRejectsLockedAlpha,
    ),
    "Swap": (
        FeeRateTooHigh,
        InsufficientInputAmount,
        SwapInsufficientLiquidity,
        PriceLimitExceeded,
        SwapInsufficientBalance,
        InvalidTickRange,
        InvalidLiquidityValue,
        ReservesTooLow,
        SwapMechanismDoesNotExist,
        SubtokenDisabled,
        ReservesOutOfBalance,
        SwapInputTooLarge,
        Deprecated,
    ),
    "Sudo": (RequireSudo,),
    "Commitments": (TooManyFieldsInCommitmentInfo, AccountNotAllowedCommit, SpaceLimitExceeded,
                    UnexpectedUnreserveLeftover),
    "MevShield": (BadEncKeyLen, ShieldUnreachable, TooManyPendingExtrinsics, WeightExceedsAbsoluteMax),
    "AdminUtils": (
        SubnetDoesNotExist,
        MaxValidatorsLargerThanMaxUIds,
        MaxAllowedUIdsLessThanCurrentUIds,
        BondsMovingAverageMaxReached,
        NegativeSigmoidSteepness,
        ValueNotInBounds,
        MinAllowedUidsGreaterThanCurrentUids,
        MinAllowedUidsGreaterThanMaxAllowedUids,
        MaxAllowedUidsLessThanMinAllowedUids,
        MaxAllowedUidsGreaterThanDefaultMaxAllowedUids,
        AdminInvalidValue,
        NotPermittedOnRootSubnet,
        POWRegistrationDisabled,
        AdminDeprecated,
    ),
}
_DISPATCH_ERRORS: dict[str, type[ChainError]] = {"BadOrigin": BadOrigin, "CannotLookup": CannotLookup}


def error_by_name(name: str, pallet: str | None = None) -> type[ChainError]:
    """The class of a chain error by its name (``"SettingWeightsTooFast"`` → its class)."""
    for pallet_name, errors in PALLET_ERRORS.items():
        if pallet is None or pallet == pallet_name:
            for cls in errors:
                if error_name(cls) == name:
                    return cls
    if name in _DISPATCH_ERRORS:
        return _DISPATCH_ERRORS[name]
    raise KeyError(f"no chain error named {name!r}")


def chain_error(name: str, pallet: str = "", message: str = "") -> ChainError:
    """A ChainError for a name the chain reported: its own class when we know it, else a plain ChainError."""
    try:
        return error_by_name(name, pallet or None)(message)
    except KeyError:
        try:
            return error_by_name(name)(message)
        except KeyError:
            return ChainError(message, name=name, pallet=pallet or "System")


# -- what the transaction pool says ----------------------------------------------------------------------


class InvalidTransaction(BittensorLiteError):
    """A transaction the pool refused before it reached a block (Substrate's RPC error 1010).

    ``reason`` is Substrate's name for it (``BadProof``, ``Stale``, ``Future``, ``Payment``,
    ``AncientBirthBlock``, ``NoUnsignedValidator``…); nothing on chain changed. The local
    chain raises it, and the live backend raises it when any node refuses a transaction.
    """

    code = 1010

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"Invalid Transaction: {reason}" + (f" ({detail})" if detail else ""))


class MalformedError(BittensorLiteError, ValueError):
    """Bytes or parameters that do not decode as what they claim to be (bad hex, truncated SCALE, …)."""


class RpcError(BittensorLiteError):
    """A JSON-RPC error object: ``code``, ``message`` and optional ``data``."""

    def __init__(self, code: int, message: str, data: Any = None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data

    def to_json(self) -> dict[str, Any]:
        """The error as JSON-RPC 2.0 writes it."""
        err: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            err["data"] = self.data
        return err


class FaucetError(BittensorLiteError):
    """The faucet refused: none configured, not an address, or asked again too soon."""


class StateDiscarded(BittensorLiteError):
    """Storage of an old block was asked for; the local chain keeps only the last ``kept`` blocks' state."""

    def __init__(self, block_hash: str, kept: int = 1):
        super().__init__(f"State already discarded for {block_hash} (the local chain keeps the state of "
                         f"the last {kept} blocks; System.Events is kept for every block)")


# -- the SDK's own checks --------------------------------------------------------------------------------


class HyperparameterError(BittensorLiteError, ValueError):
    """A hyperparameter name or value the subnet cannot take."""


class YumaInputError(BittensorLiteError, ValueError):
    """Weights, stake or bonds that Yuma cannot use (wrong shape, negative, not finite)."""


class BadWeightsError(BittensorLiteError, ValueError):
    """Weights that cannot be turned into a valid ``set_weights`` call (checked before sending)."""


class WalletError(BittensorLiteError):
    """A wallet problem: missing files, an existing wallet, a bad mnemonic."""


class WalletPasswordError(WalletError):
    """The coldkey's password is wrong (the key file stays as it was)."""


class AuthError(BittensorLiteError):
    """A request failed btauth/1 verification; messages never echo the signature."""

    status_code = 401


class MalformedAuth(AuthError):
    """A header is missing or cannot be parsed."""


class WrongReceiver(AuthError):
    """The request was signed for another receiving hotkey (or for none)."""

    status_code = 403


class StaleRequest(AuthError):
    """The nonce is older than the freshness window, or too far in the future."""


class ReplayedRequest(AuthError):
    """This (hotkey, nonce) was already accepted: a replay."""


class BadSignature(AuthError):
    """The signature does not verify against the claimed hotkey."""


class ExerciseNotPassed(BittensorLiteError, AssertionError):
    """Raised by a lesson's check in strict mode (the test suite) when an exercise is not solved."""
