"""An independent plain-numpy network (no sknumpynet code) and the small
problems on which tests/nn compares sknumpynet's network with it.
"""

import itertools

import numpy as np
from scipy.special import xlogy

from sknumpynet._nn.network import objective_and_gradient
from sknumpynet._nn.parameters import Layout

HIDDEN_ACTIVATIONS = ["logistic", "tanh", "relu", "identity"]
LOSS_NAMES = ["log_loss", "squared_error"]
TARGET_KINDS = ["binary", "multiclass", "multilabel"]
#: (loss, target kind): each classification loss on each kind of labels, and
#: the regressor's losses on their targets (identity and exp outputs).
LOSS_KIND_CASES = list(itertools.product(LOSS_NAMES, TARGET_KINDS)) + [
    ("squared_error", "continuous"),
    ("poisson", "counts"),
]

N_SAMPLES = 6
N_FEATURES = 3
HIDDEN = (4, 3)
ALPHA = 0.3


# --------------------------------------------------------------------------
# Independent reference implementation (plain numpy, no sknumpynet code)
# --------------------------------------------------------------------------


def _ref_hidden(name, z):
    if name == "logistic":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "tanh":
        return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "identity":
        return z
    raise ValueError(name)


def _ref_forward(X, coefs, intercepts, activation, out_activation):
    """Hidden pre-activations and output probabilities, written from scratch."""
    a = X
    pre = []
    for i, (W, b) in enumerate(zip(coefs, intercepts)):
        z = a @ W + b
        if i < len(coefs) - 1:
            pre.append(z)
            a = _ref_hidden(activation, z)
        else:
            if out_activation == "softmax":
                e = np.exp(z)
                a = e / e.sum(axis=1, keepdims=True)
            elif out_activation == "identity":
                a = z
            elif out_activation == "exp":
                a = np.exp(z)
            else:
                a = 1.0 / (1.0 + np.exp(-z))
    return pre, a


def _ref_objective(X, Y, coefs, intercepts, activation, out_activation, loss, alpha, sw):
    _, p = _ref_forward(X, coefs, intercepts, activation, out_activation)
    if loss == "log_loss":
        if out_activation == "softmax":
            per_sample = -(Y * np.log(p)).sum(axis=1)
        else:
            per_sample = -(Y * np.log(p) + (1 - Y) * np.log(1 - p)).sum(axis=1)
    elif loss == "poisson":  # half the deviance: y log(y / p) - y + p
        per_sample = (xlogy(Y, Y / p) - Y + p).sum(axis=1)
    else:
        per_sample = 0.5 * ((Y - p) ** 2).sum(axis=1)
    if sw is None:
        sw = np.ones(X.shape[0])
    total = sw.sum()
    penalty = sum((W**2).sum() for W in coefs)  # biases are not penalised
    return (sw / total) @ per_sample + alpha / (2 * total) * penalty


# --------------------------------------------------------------------------
# Problem construction
# --------------------------------------------------------------------------


def _targets(kind, rng, n):
    if kind == "binary":
        y = np.array([0, 1] * (n // 2) + [1] * (n % 2), dtype=float)
        return rng.permutation(y)[:, None], "logistic"
    if kind == "multiclass":
        labels = rng.permutation(np.arange(n) % 3)
        return np.eye(3)[labels], "softmax"
    if kind == "multilabel":
        Y = (rng.uniform(size=(n, 3)) < 0.5).astype(float)
        Y[0] = [1, 0, 1]
        Y[1] = [0, 1, 0]
        return Y, "logistic"
    if kind == "continuous":
        return rng.normal(scale=2.0, size=(n, 2)), "identity"
    if kind == "counts":
        Y = rng.poisson(3.0, size=(n, 2)).astype(float)
        Y[0, 0] = 0.0  # a zero count (the y log y term is 0)
        return Y, "exp"
    raise ValueError(kind)


def _relu_margin(X, coefs, intercepts):
    pre, _ = _ref_forward(X, coefs, intercepts, "relu", "logistic")
    return min(np.abs(z).min() for z in pre), pre


def _problem(activation, kind, seed=0):
    """Tiny network and data; for relu, a draw whose hidden pre-activations
    are all at least 1e-2 away from the kink (and with both active and
    inactive units), searched deterministically over fixed seeds."""
    for s in range(seed, seed + 500):
        rng = np.random.RandomState(s)
        X = rng.normal(size=(N_SAMPLES, N_FEATURES))
        Y, out_activation = _targets(kind, rng, N_SAMPLES)
        layout = Layout((N_FEATURES,) + HIDDEN + (Y.shape[1],))
        coefs = [rng.normal(scale=0.8, size=shape) for shape in layout.coef_shapes]
        intercepts = [rng.normal(scale=0.5, size=n) for n in layout.layer_units[1:]]
        if activation != "relu":
            break
        margin, pre = _relu_margin(X, coefs, intercepts)
        active = [(z > 0).mean() for z in pre]
        if margin > 1e-2 and all(0.2 < f < 0.8 for f in active):
            break
    else:  # pragma: no cover
        raise RuntimeError("no suitable relu draw")
    sw = rng.uniform(0.2, 3.0, size=N_SAMPLES)
    sw[2] = 0.0  # a zero weight drops a sample
    return X, Y, out_activation, layout, coefs, intercepts, sw


def _objective(theta, layout, X, Y, sw, activation, out_activation, loss, alpha):
    grad = np.full_like(theta, np.nan)  # the buffer's content must not matter
    value, g = objective_and_gradient(
        theta, layout, X, Y, sw, activation, out_activation, loss, alpha, grad
    )
    assert g is grad
    return value, g
