"""Solutions for lesson 11 (The god's-eye view). Each section replaces the exercise cell of the same name."""

# %% exercise:find_lazy
# Why: a validator that never evaluates gives every miner the same weight, so Yuma's consensus clips
# most of it (honest validators agree the good miners deserve more), and its validator trust Tv — the
# share of its weight that survives — is the lowest. Rows of W that are all zero are miners: skip them.
# (The flattest row — smallest spread of weights — names the same UID.)


def find_lazy(W, Tv) -> int:
    validators = [uid for uid in range(W.shape[0]) if float(W[uid].sum()) > 0]
    return min(validators, key=lambda uid: float(Tv[uid]))


# %% exercise:split_epoch
# Why: the coinbase takes the owner's cut off the top, then splits what is left 50/50 between miners
# (paid by incentive) and validators (paid by dividends). The miners' half matches Σ mg.E over miners
# exactly; the validators' half is smaller on chain because root stakers take their proportion of it.


def split_epoch(alpha: float, owner_cut: float) -> dict[str, float]:
    owner = alpha * owner_cut
    rest = alpha - owner
    return {"owner": owner, "miners": rest / 2, "validators": rest / 2}


# %% exercise:read_metric
# Why: Prometheus' text format is one sample per line, "name{labels} value"; the key is everything before
# the last space. Comment lines start with "#". Match the whole key, so status="ok" never reads "408".


def read_metric(text: str, name: str, labels: str = "") -> float | None:
    key = f"{name}{{{labels}}}" if labels else name
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        sample, _, value = line.rpartition(" ")
        if sample == key:
            return float(value)
    return None
