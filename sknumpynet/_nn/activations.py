"""Activation functions and their derivatives.

Every activation maps pre-activations ``z`` to activations ``a``; each
derivative is expressed through the activation ``a`` itself, as in the seed
notebook (``derivative_sigmoid(sig_value) = sig_value * (1 - sig_value)``), so
that backpropagation never needs to keep ``z`` around.

All functions are numerically stable for any finite input: none of them
overflows, warns, or returns NaN.
"""

import functools

import numpy as np
from scipy.special import expit

from .rows import row_max, row_sum
from .smooth_activations import (
    inplace_gelu,
    inplace_gelu_derivative,
    inplace_mish,
    inplace_mish_derivative,
    inplace_selu,
    inplace_selu_derivative,
    inplace_silu,
    inplace_silu_derivative,
)

__all__ = [
    "ACTIVATIONS",
    "DERIVATIVES",
    "OUTPUT_ACTIVATIONS",
    "identity",
    "inplace_exp",
    "inplace_logistic",
    "inplace_logistic_exact",
    "inplace_relu",
    "inplace_softmax",
    "inplace_tanh",
    "log_logistic",
    "log_softmax",
    "softmax_and_logsumexp",
]


def identity(z):
    """Return ``z`` unchanged (a linear unit)."""
    return z


def inplace_logistic(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, computed in place.

    NumPy's vectorised ``exp`` makes this about three times faster than
    ``scipy.special.expit``, and it agrees with it to one rounding (2.2e-16
    in float64, 6e-8 in float32). Below about -709 (-88 in float32)
    ``exp(-z)`` overflows to ``inf`` and the result is exactly 0, the right
    limit, so that overflow is silenced (the notebook's ``math.exp`` version
    raises ``OverflowError`` there instead).
    """
    np.negative(z, out=z)
    with np.errstate(over="ignore"):
        np.exp(z, out=z)
    z += 1.0
    return np.divide(1.0, z, out=z)


def inplace_logistic_exact(z):
    """Logistic sigmoid in place with full relative precision
    (``scipy.special.expit``), used for output probabilities."""
    return expit(z, out=z)


def _log_max(dtype):
    """The largest ``z`` of ``dtype`` whose ``exp`` is finite."""
    z = dtype.type(np.log(np.finfo(dtype).max))
    with np.errstate(over="ignore"):
        while not np.isfinite(np.exp(z)):
            z = np.nextafter(z, dtype.type(0))
    return z


_LOG_MAX = {np.dtype(t): _log_max(np.dtype(t)) for t in (np.float64, np.float32)}


def inplace_exp(z):
    """``exp(z)`` in place, the Poisson regressor's output unit (a log
    link). Capped at the largest finite float instead of overflowing."""
    np.minimum(z, _LOG_MAX[z.dtype], out=z)
    return np.exp(z, out=z)


def inplace_tanh(z):
    """Hyperbolic tangent, computed in place."""
    return np.tanh(z, out=z)


def inplace_relu(z):
    """Rectified linear unit ``max(z, 0)``, computed in place.

    NumPy's ``maximum`` has no vectorised loop for a scalar operand; against
    an array of zeros it runs two to three times faster on arrays that fit in
    cache, so a contiguous ``z`` is compared, ``_ZERO_BLOCK`` elements at a
    time, with a shared read-only block of zeros. NaN stays NaN, and ``-0.0``
    becomes ``+0.0``, as with the scalar.
    """
    if not z.flags.c_contiguous:
        return np.maximum(z, 0, out=z)
    zeros = _zeros(z.dtype)
    flat = z.reshape(-1)
    full = flat.size - flat.size % _ZERO_BLOCK
    if full:
        body = flat[:full].reshape(-1, _ZERO_BLOCK)
        np.maximum(body, zeros, out=body)
    tail = flat[full:]
    np.maximum(tail, zeros[: tail.size], out=tail)
    return z


# Length of the shared block of zeros that relu compares with.
_ZERO_BLOCK = 1 << 16


@functools.lru_cache(maxsize=4)
def _zeros(dtype):
    """A read-only block of ``_ZERO_BLOCK`` zeros, made once per dtype and
    process (512 KB in float64)."""
    zeros = np.zeros(_ZERO_BLOCK, dtype=dtype)
    zeros.flags.writeable = False
    return zeros


# Logits within +-_NO_SHIFT[dtype] need no shift before ``exp``: their
# exponentials lie far inside the normal range (1e-217 to 1e217 in float64,
# 1e-26 to 1e26 in float32), and so do sums of up to a billion of them.
_NO_SHIFT = {np.dtype(np.float64): 500.0, np.dtype(np.float32): 60.0}


def _softmax(z, out):
    """Row-wise softmax of ``z`` written into ``out`` (may be ``z``).

    Exponentials are taken of ``z`` shifted by each row's maximum, so that
    none overflows. When every logit lies within +-500 (+-60 in float32) no
    shift is needed, and the row maxima are skipped: they cost more than the
    rest of a small softmax. (The shift itself can reach -inf for rows
    spanning the whole float range; ``exp(-inf)`` is exactly 0, the right
    answer, so that overflow is silenced.) Returns the shift and the row sums
    of the shifted exponentials, both as columns ``(n, 1)``; the shift is 0
    when skipped.
    """
    bound = _NO_SHIFT.get(z.dtype, 0.0)
    if z.max(initial=-np.inf) < bound and z.min(initial=np.inf) > -bound:
        top = 0.0
        np.exp(z, out=out)
    else:
        top = row_max(z)
        with np.errstate(over="ignore"):
            np.subtract(z, top, out=out)
        np.exp(out, out=out)
    total = row_sum(out)
    out /= total
    return top, total


def inplace_softmax(z):
    """Row-wise softmax, computed in place; finite for any finite ``z``."""
    _softmax(z, z)
    return z


def softmax_and_logsumexp(z, out):
    """Write ``softmax(z)`` into ``out`` and return each row's
    ``log(sum(exp(z)))``, exact and finite for any finite ``z``: it is the
    row maximum plus the log of a sum between 1 and the number of columns."""
    top, total = _softmax(z, out)
    return (top + np.log(total))[:, 0]


def log_logistic(z):
    """``log(1 / (1 + exp(-z)))``, exact and finite for any finite ``z``."""
    return -np.logaddexp(0, -z)


def log_softmax(z):
    """Row-wise ``log(softmax(z))``, finite for any finite ``z``.

    Exact, except that values below the most negative float (rows spanning
    the whole float range) are clipped to it.
    """
    lowest = np.finfo(z.dtype).min
    with np.errstate(over="ignore"):
        shifted = z - row_max(z)
    np.maximum(shifted, lowest, out=shifted)
    shifted -= np.log(row_sum(np.exp(shifted)))
    return shifted


def inplace_identity_derivative(a, delta):
    """Multiply ``delta`` in place by the derivative of the identity (1)."""
    return delta


def inplace_logistic_derivative(a, delta):
    """Multiply ``delta`` in place by ``a * (1 - a)``, the sigmoid slope."""
    delta *= a
    delta *= 1 - a
    return delta


def inplace_tanh_derivative(a, delta):
    """Multiply ``delta`` in place by ``1 - a ** 2``, the tanh slope."""
    slope = np.multiply(a, a)
    np.subtract(1, slope, out=slope)
    delta *= slope
    return delta


def inplace_relu_derivative(a, delta):
    """Zero ``delta`` in place where the unit was inactive (``a == 0``)."""
    # (a branch-free multiply: a masked copy is several times slower when
    # about half the units are inactive)
    delta *= a > 0
    return delta


ACTIVATIONS = {
    "identity": identity,
    "logistic": inplace_logistic,
    "tanh": inplace_tanh,
    "relu": inplace_relu,
    "selu": inplace_selu,
    "gelu": inplace_gelu,
    "silu": inplace_silu,
    "mish": inplace_mish,
}

OUTPUT_ACTIVATIONS = {
    "logistic": inplace_logistic_exact,
    "softmax": inplace_softmax,
    "identity": identity,
    "exp": inplace_exp,
}

DERIVATIVES = {
    "identity": inplace_identity_derivative,
    "logistic": inplace_logistic_derivative,
    "tanh": inplace_tanh_derivative,
    "relu": inplace_relu_derivative,
    "selu": inplace_selu_derivative,
    "gelu": inplace_gelu_derivative,
    "silu": inplace_silu_derivative,
    "mish": inplace_mish_derivative,
}
