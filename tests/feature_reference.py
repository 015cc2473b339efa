"""An independent reference for the training-feature tests: a network with
one hidden layer written out in plain NumPy, its objective, Glorot's draw
of the initial weights, and central finite differences.

Nothing here imports sknumpynet's arithmetic.
"""

import itertools

import numpy as np
from scipy.special import erf

UNITS = {
    "tanh": np.tanh,
    "logistic": lambda z: 1 / (1 + np.exp(-z)),
    "relu": lambda z: np.maximum(z, 0),
    "identity": lambda z: z,
    "selu": lambda z: (
        1.0507009873554805 * np.where(z > 0, z, 1.6732632423543772 * (np.exp(np.minimum(z, 0)) - 1))
    ),
    "gelu": lambda z: 0.5 * z * (1 + erf(z / np.sqrt(2))),
    "silu": lambda z: z / (1 + np.exp(-z)),
    "mish": lambda z: z * np.tanh(np.log1p(np.exp(z))),
}


def glorot_draw(rng, layer_units):
    """Glorot-uniform weights and biases, drawn layer by layer (matrix, then
    bias) as sknumpynet's initialisers document it."""
    coefs, intercepts = [], []
    for fan_in, fan_out in itertools.pairwise(layer_units):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        coefs.append(rng.uniform(-bound, bound, (fan_in, fan_out)))
        intercepts.append(rng.uniform(-bound, bound, fan_out))
    return coefs, intercepts


def forward_proba(X, coefs, intercepts, activations, masks=None, binary=False):
    """Class probabilities (softmax; for ``binary``, the single logistic
    output's ``[1 - p, p]``); ``masks`` multiply the hidden activations."""
    a = X
    names = [activations] * (len(coefs) - 1) if isinstance(activations, str) else activations
    for layer, (W, b) in enumerate(zip(coefs[:-1], intercepts[:-1])):
        a = UNITS[names[layer]](a @ W + b)
        if masks is not None:
            a = a * masks[layer]
    z = a @ coefs[-1] + intercepts[-1]
    if binary:
        p = 1 / (1 + np.exp(-z))
        return np.hstack([1 - p, p])
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def objective(X, T, coefs, intercepts, activations, alpha=0.0, masks=None):
    """Mean cross-entropy against the target distributions ``T`` (one row
    per sample, the probabilities of each class) plus
    ``alpha / (2 n) * sum ||W||^2``."""
    binary = T.shape[1] == 2 and coefs[-1].shape[1] == 1
    P = forward_proba(X, coefs, intercepts, activations, masks, binary)
    data = -(T * np.log(P)).sum(axis=1).mean()
    return data + alpha / (2 * X.shape[0]) * sum((W**2).sum() for W in coefs)


def flatten(coefs, intercepts):
    return np.concatenate([w.ravel() for w in coefs + intercepts])


def unflatten(theta, coefs, intercepts):
    out, pos = [], 0
    for w in coefs + intercepts:
        out.append(theta[pos : pos + w.size].reshape(w.shape))
        pos += w.size
    return out[: len(coefs)], out[len(coefs) :]


def numeric_gradient(f, theta, h=1e-6):
    """Central differences of ``f`` at ``theta``."""
    grad = np.empty_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = h
        grad[i] = (f(theta + step) - f(theta - step)) / (2 * h)
    return grad


def gradient_at(X, T, coefs, intercepts, activations, alpha=0.0, masks=None):
    """The objective's gradient by finite differences, as ``(coefs, intercepts)``."""
    theta = flatten(coefs, intercepts)

    def f(t):
        return objective(X, T, *unflatten(t, coefs, intercepts), activations, alpha, masks)

    return unflatten(numeric_gradient(f, theta), coefs, intercepts)


def one_hot(y, classes):
    """Target distributions of labels ``y``: one column per class."""
    return (np.asarray(y)[:, None] == np.asarray(classes)[None, :]).astype(float)
