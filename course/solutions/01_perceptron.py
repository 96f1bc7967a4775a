"""Solutions for lesson 01 (The perceptron). Each section replaces the exercise cell of the same name."""

# %% exercise:predict
def predict(w, b, x):
    return 1 if float(w @ x + b) > 0 else 0

# %% exercise:update
def update(w, b, x, y, lr):
    y_hat = 1.0 if float(w @ x + b) > 0 else 0.0
    error = y - y_hat
    return w + lr * error * x, b + lr * error

# %% exercise:learnable_gates
learnable = {"AND", "OR", "NAND"}
