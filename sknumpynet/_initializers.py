"""Weight initialisers.

Each initialiser draws, for every layer in order, the weight matrix of shape
``(fan_in, fan_out)`` and then the bias vector of shape ``(fan_out,)`` from
the given ``numpy.random.RandomState``. This order of draws is a contract:
with ``"uniform"`` and ``random_state=99`` it reproduces the seed notebook's
``np.random.seed(99); wh = rand(4, 3); bh = rand(1, 3); wout = rand(3, 1);
bout = rand(1)``, and with ``"sklearn"`` it reproduces ``MLPClassifier``'s
initial weights for every activation.

Every initialiser is called as ``init(rng, fan_in, fan_out, activation)``,
``activation`` being the hidden units' activation (only ``"sklearn"`` reads
it).
"""

import numpy as np

__all__ = ["INITIALIZERS", "glorot_uniform", "sklearn_glorot", "uniform"]


def _symmetric(rng, fan_in, fan_out, factor):
    """Uniform in ``[-b, b]`` with ``b = sqrt(factor / (fan_in + fan_out))``."""
    bound = np.sqrt(factor / (fan_in + fan_out))
    coef = rng.uniform(-bound, bound, (fan_in, fan_out))
    intercept = rng.uniform(-bound, bound, fan_out)
    return coef, intercept


def glorot_uniform(rng, fan_in, fan_out, activation=None):
    """Uniform in ``[-b, b]`` with ``b = sqrt(6 / (fan_in + fan_out))``.

    This is Glorot and Bengio's (2010) bound, used for every activation.
    """
    return _symmetric(rng, fan_in, fan_out, 6.0)


def sklearn_glorot(rng, fan_in, fan_out, activation):
    """``MLPClassifier``'s initialisation: Glorot's bound, narrowed to
    ``sqrt(2 / (fan_in + fan_out))`` in every layer of a network with
    logistic hidden units."""
    return _symmetric(rng, fan_in, fan_out, 2.0 if activation == "logistic" else 6.0)


def uniform(rng, fan_in, fan_out, activation=None):
    """Uniform in ``[0, 1)``, the seed notebook's ``np.random.rand``."""
    coef = rng.uniform(0.0, 1.0, (fan_in, fan_out))
    intercept = rng.uniform(0.0, 1.0, fan_out)
    return coef, intercept


INITIALIZERS = {
    "glorot_uniform": glorot_uniform,
    "sklearn": sklearn_glorot,
    "uniform": uniform,
}


def initialize(name, rng, layer_units, dtype, activation=None):
    """Draw every layer's ``(coef, intercept)`` in order, cast to ``dtype``.

    ``activation`` is the hidden units' activation, which ``"sklearn"`` needs.
    """
    init = INITIALIZERS[name]
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(layer_units[:-1], layer_units[1:]):
        coef, intercept = init(rng, fan_in, fan_out, activation)
        coefs.append(coef.astype(dtype, copy=False))
        intercepts.append(intercept.astype(dtype, copy=False))
    return coefs, intercepts
