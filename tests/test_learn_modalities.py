"""Lesson 10: two subnets on one chain, image and bridging miners, and the checks both ways."""

from bittensor_lite.learn import (
    TwoSubnets,
    check_alpha_per_epoch,
    check_digit_forward,
    check_emission_shares,
    describe_digit_forward,
    digit_forward,
    epoch_schedule,
    measure_split,
    train_digit_model,
)
from bittensor_lite.synapse import DigitImage, TextPrompt


def test_multimodal_miner_earns_on_both_subnets():
    model = train_digit_model(hidden=16, epochs=6)
    net = TwoSubnets(image_tempo=5, text_tempo=10)
    try:
        net.add_miner("img", {net.image: digit_forward(model)})

        def guess(s: TextPrompt) -> TextPrompt:
            s.completion = "seven"
            return s

        net.add_miner("txt", {net.text: guess})
        net.add_miner("both", {net.image: digit_forward(model), net.text: describe_digit_forward(model)})
        net.run(blocks=60)
        both, txt = net.earned("both"), net.earned("txt")
        assert both[net.image] > 0 and both[net.text] > txt[net.text] >= 0
        # each full epoch pays (tempo + 1) blocks × 1 α × (1 − 18 % owner cut) to the neurons
        for netuid, tempo in ((net.image, 5), (net.text, 10)):
            assert abs(net.epoch_paid[netuid][-1] - epoch_schedule(tempo) * (1 - 11_796 / 65_535)) < 0.01
        right = {net.image: 6 * 0.82, net.text: 11 * 0.82}
        assert check_alpha_per_epoch(right, {net.image: 5, net.text: 10}, net.epoch_paid).ok
        for wrong, hint in (({net.image: 5 * 0.82, net.text: 10 * 0.82}, "count the blocks"),
                            ({net.image: 6.0, net.text: 11.0}, "owner")):
            result = check_alpha_per_epoch(wrong, {net.image: 5, net.text: 10}, net.epoch_paid)
            assert not result.ok and hint in result.message, result.message
    finally:
        net.stop()


def test_checks_both_ways():
    model = train_digit_model(hidden=16, epochs=6)
    assert check_digit_forward(digit_forward(model)).ok

    def unscaled(s: DigitImage) -> DigitImage:
        import torch

        with __import__("torch").no_grad():
            s.probabilities = torch.softmax(model(torch.tensor(s.pixels).unsqueeze(0)) * 0 + 1, dim=-1)[0].tolist()
        return s

    def raw_logits(s: DigitImage) -> DigitImage:
        import torch

        with torch.no_grad():
            s.probabilities = model(torch.tensor(s.pixels).unsqueeze(0) / 16).tolist()[0]
        return s

    assert not check_digit_forward(unscaled).ok  # uniform: ignores the image
    assert not check_digit_forward(raw_logits).ok  # not probabilities
    assert not check_alpha_per_epoch(..., {1: 10}, {1: [9.0]}).attempted
    assert not check_alpha_per_epoch({1: ...}, {1: 10}, {1: [9.0]}).attempted  # the cell as the learner meets it


def _shares(values):
    clipped = [max(v, 0.0) for v in values]
    return [c / sum(clipped) for c in clipped]


def test_emission_shares_checked_both_ways():
    assert check_emission_shares(_shares).ok
    assert not check_emission_shares(lambda v: ...).attempted
    unclipped = check_emission_shares(lambda v: [x / sum(v) for x in v])
    assert not unclipped.ok and "clip" in unclipped.message
    assert not check_emission_shares(lambda v: [max(x, 0.0) for x in v]).ok  # not normalised


def test_the_chain_splits_by_net_flow_or_moving_price_and_the_learners_rule_predicts_it():
    """The lesson's bars are the chain's split; its marks are the learner's rule on the rule's inputs."""
    flows = [3.0, 1.0, -2.0]
    by_flow = measure_split("net_flow", flows)
    assert by_flow["inputs"] == flows
    assert all(abs(m - p) < 1e-6 for m, p in zip(by_flow["measured"], _shares(flows), strict=True))
    wrong = [x / sum(flows) for x in flows]  # a rule that forgets to clip predicts something else
    assert max(abs(m - w) for m, w in zip(by_flow["measured"], wrong, strict=True)) > 0.5
    by_price = measure_split("moving_price", flows)  # 20 blocks of the same stakers barely move the price EMA
    assert all(abs(m - 1 / 3) < 1e-3 for m in by_price["measured"])
    assert all(abs(m - p) < 1e-6 for m, p in zip(by_price["measured"], _shares(by_price["inputs"]), strict=True))
