"""Lesson 10: two subnets on one chain, image and bridging miners, and the checks both ways."""

from bittensor_lite.learn import (
    TwoSubnets,
    check_digit_forward,
    check_subnet_share,
    check_total_earned,
    describe_digit_forward,
    digit_forward,
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
    assert check_subnet_share(0.5).ok and not check_subnet_share(1.0).ok
    assert check_total_earned(3.0, {1: 1.0, 2: 2.0}).ok and not check_total_earned(2.0, {1: 1.0, 2: 2.0}).ok
    assert not check_subnet_share(...).attempted
