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
it). ``"glorot_scaled"`` draws what ``"glorot_uniform"`` draws and then
narrows the first layer's rows by the input features' scale
(:func:`scale_to_inputs`), which :func:`feature_rms` measures.
"""

import itertools

import numpy as np
import scipy.sparse as sp

__all__ = [
    "INITIALIZERS",
    "INPUT_SCALED",
    "UNIT_SCALE",
    "feature_rms",
    "glorot_uniform",
    "peak_divisors",
    "scale_to_inputs",
    "sklearn_glorot",
    "uniform",
]

#: Features whose root mean square is at most this count as scaled:
#: ``"glorot_scaled"`` leaves their rows as Glorot drew them.
UNIT_SCALE = 2.0

# Rows of X per block when measuring feature_rms (bounds its scratch memory).
_RMS_BLOCK = 4096


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
    "glorot_scaled": glorot_uniform,  # then scale_to_inputs
    "sklearn": sklearn_glorot,
    "uniform": uniform,
}

#: Initialisers whose first layer depends on the input features' scale.
INPUT_SCALED = frozenset({"glorot_scaled"})


def feature_rms(X, sample_weight=None):
    """Root mean square of each column of ``X`` (dense or sparse), weighted
    by ``sample_weight`` if given, computed in float64.

    Each column is divided by its largest magnitude before squaring, so
    that no finite input overflows.

    >>> feature_rms(np.array([[3.0, 0.0], [-4.0, 2.0]]), np.array([1.0, 0.0]))
    array([3., 0.])
    """
    w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    total = X.shape[0] if w is None else w.sum()
    if sp.issparse(X):
        squares = sp.csr_matrix(X, dtype=np.float64, copy=True)
        squares.sum_duplicates()
        peak = peak_divisors(abs(squares).max(axis=0).toarray().ravel())
        # divided, not multiplied by 1 / peak, which overflows for tiny peaks
        squares.data /= peak[squares.indices]
        squares.data **= 2
        sums = np.asarray(squares.sum(axis=0)).ravel() if w is None else squares.T @ w
        return peak * np.sqrt(sums / total)
    blocks = [slice(start, start + _RMS_BLOCK) for start in range(0, X.shape[0], _RMS_BLOCK)]
    peak = peak_divisors(np.max([np.abs(X[rows]).max(axis=0) for rows in blocks], axis=0))
    sums = np.zeros(X.shape[1])
    for rows in blocks:
        block = np.asarray(X[rows], dtype=np.float64) / peak
        block *= block
        sums += block.sum(axis=0) if w is None else w[rows] @ block
    return peak * np.sqrt(sums / total)


def peak_divisors(peak):
    """Column peaks (largest magnitudes) as float64 divisors: 1 where a
    column is all zeros."""
    peak = np.asarray(peak, dtype=np.float64)
    return np.where(peak > 0, peak, 1.0)


def scale_to_inputs(coef, rms):
    """The first layer's weights with row ``j`` divided by ``rms[j]`` where
    it exceeds :data:`UNIT_SCALE`.

    A unit's input ``x @ coef[:, k]`` then has the spread Glorot's bound
    assumes even when features are not standardised (a feature in the
    hundreds would otherwise saturate tanh units from the first step);
    rows of features already near unit scale, standardised data among
    them, are left exactly as drawn.

    >>> scale_to_inputs(np.ones((2, 1)), np.array([1.5, 10.0])).ravel()
    array([1. , 0.1])
    """
    factors = np.where(rms > UNIT_SCALE, rms, 1.0)
    return coef / factors[:, np.newaxis]


def initialize(name, rng, layer_units, dtype, activation=None, input_rms=None):
    """Draw every layer's ``(coef, intercept)`` in order, cast to ``dtype``.

    ``activation`` is the hidden units' activation, which ``"sklearn"`` needs
    (a sequence: one per hidden layer, each layer drawn for the units it
    feeds, the output layer for the last hidden layer's); ``input_rms`` the
    features' :func:`feature_rms`, which the :data:`INPUT_SCALED`
    initialisers need.
    """
    init = INITIALIZERS[name]
    per_layer = None if activation is None or isinstance(activation, str) else list(activation)
    coefs, intercepts = [], []
    for layer, (fan_in, fan_out) in enumerate(itertools.pairwise(layer_units)):
        if per_layer is not None:
            activation = per_layer[min(layer, len(per_layer) - 1)] if per_layer else None
        coef, intercept = init(rng, fan_in, fan_out, activation)
        if name in INPUT_SCALED and not coefs:
            coef = scale_to_inputs(coef, input_rms)
        coefs.append(coef.astype(dtype, copy=False))
        intercepts.append(intercept.astype(dtype, copy=False))
    return coefs, intercepts
