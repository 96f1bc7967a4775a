"""Solutions for lesson 11 (The god's-eye view). Each section replaces the exercise cell of the same name."""

# %% exercise:best_uid
best = int(mg.I.argmax())  # noqa: F821 - mg comes from the lesson

# %% exercise:total_emission
paid = float(mg.E.sum())  # noqa: F821

# %% exercise:requests_served
from bittensor_lite.learn import metric_value

served = metric_value(metrics_text, "bittensor_lite_requests_total", 'status="ok"')  # noqa: F821
