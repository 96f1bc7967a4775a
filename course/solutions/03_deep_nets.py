"""Solutions for lesson 03 (Deep nets and scale). Each section replaces the exercise cell of the same name."""

# %% exercise:slide_filter
# Why: a convolution is one small dot product repeated at every position — the same nine weights
# everywhere, which is why a CNN needs so few parameters and finds a stroke wherever it is.
import torch


def slide_filter(image, kernel):
    H, W = image.shape
    out = torch.zeros(H - 2, W - 2)
    for i in range(H - 2):
        for j in range(W - 2):
            out[i, j] = (image[i:i + 3, j:j + 3] * kernel).sum()
    return out

# %% exercise:cnn_forward
# Why this order: each block detects patterns (conv), keeps only the positive evidence (ReLU — without
# it two convolutions collapse into one linear map), and halves the resolution (pool) so the next
# filters see a wider area; flatten turns the 2×2 feature maps into one vector for the classifier.
from bittensor_lite.learn import CNNLayers


class MyCNN(CNNLayers):
    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.classifier(x.flatten(1))

# %% exercise:conv_params
# Why: a filter's weights depend only on the kernel size and the input channels, not on the image.
n_conv = 8 * (1 * 3 * 3) + 8

# %% exercise:gpt3_days
# Why: 6·N·D FLOPs in total (2 forward + 4 backward per parameter per token), at cpu_flops per second.
gpt3_days = 6 * 175e9 * 300e9 / cpu_flops / 86400  # noqa: F821 - cpu_flops comes from the lesson
