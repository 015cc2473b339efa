"""SELU, GELU, SiLU and Mish hidden units and their derivatives.

Like the other activations, each ``f(z)`` is computed in place (in ``z``'s
memory, hence the ``inplace_`` names) and is finite, without warnings, for any finite input.

SELU's slope is a function of its activation ``a``, like the sigmoid's, so
its derivative reads ``a``. GELU, SiLU and Mish are not monotonic: one
activation value comes from two inputs, so their derivatives read the
pre-activation ``z`` instead (:data:`SLOPE_FROM_PREACTIVATION`), which the
training forward pass keeps for them.
"""

import math

import numpy as np
from scipy.special import expit, ndtr

__all__ = [
    "SELU_ALPHA",
    "SELU_SCALE",
    "SLOPE_FROM_PREACTIVATION",
    "inplace_gelu",
    "inplace_gelu_derivative",
    "inplace_mish",
    "inplace_mish_derivative",
    "inplace_selu",
    "inplace_selu_derivative",
    "inplace_silu",
    "inplace_silu_derivative",
]

#: Klambauer et al. (2017)'s constants, as PyTorch's ``nn.SELU``.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

#: Units whose derivative is a function of the pre-activation ``z``.
SLOPE_FROM_PREACTIVATION = frozenset({"gelu", "silu", "mish"})

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def inplace_selu(z):
    """``scale * z`` for ``z > 0``, ``scale * alpha * (exp(z) - 1)``
    otherwise, in place (``exp`` of ``min(z, 0)`` never overflows, and
    ``z`` within a factor ``scale`` of the largest float is capped there).
    ``exp(z) - 1`` is within one unit in the last place of 1 of ``expm1``,
    which NumPy computes several times slower."""
    negative = np.minimum(z, 0)
    np.exp(negative, out=negative)
    negative -= 1
    np.clip(z, 0, np.finfo(z.dtype).max / SELU_SCALE, out=z)
    negative *= SELU_ALPHA
    z += negative
    z *= SELU_SCALE
    return z


def inplace_gelu(z):
    """The exact GELU ``z * Phi(z)``, ``Phi`` the standard normal CDF
    (``0.5 * (1 + erf(z / sqrt(2)))``, PyTorch's default form), in place."""
    z *= ndtr(z)
    return z


def inplace_silu(z):
    """SiLU (swish) ``z * sigmoid(z)``, in place."""
    z *= expit(z)
    return z


#: Above this, ``tanh(softplus(z))`` is 1 in float64 and ``exp(z)`` is
#: not needed (it would overflow float32 at 89).
_MISH_CAP = 20.0


def _mish_parts(z):
    """``(n, d)`` with ``n = exp(min(z, 20))`` and ``d = n (n + 2) + 2``:
    ``tanh(softplus(z)) = 1 - 2 / d`` from one exponential, without
    cancellation (``tanh(log(1 + n)) = n (n + 2) / (n (n + 2) + 2)``)."""
    n = np.minimum(z, _MISH_CAP)
    np.exp(n, out=n)
    d = n + 2
    d *= n
    d += 2
    return n, d


def inplace_mish(z):
    """Mish ``z * tanh(softplus(z))``, in place."""
    n, d = _mish_parts(z)
    np.divide(2, d, out=n)
    np.subtract(1, n, out=n)
    z *= n
    return z


def inplace_selu_derivative(a, delta):
    """Multiply ``delta`` in place by SELU's slope, from its activation:
    ``scale`` where ``a > 0``, else ``a + scale * alpha``; computed as
    ``min(a, 0) + scale * alpha - (a > 0) * scale * (alpha - 1)``, without
    a masked assignment, which is slow on signs that alternate at random."""
    slope = np.minimum(a, 0)
    slope += SELU_SCALE * SELU_ALPHA
    positive = np.greater(a, 0)
    slope -= positive * (SELU_SCALE * (SELU_ALPHA - 1))
    delta *= slope
    return delta


def inplace_gelu_derivative(z, delta):
    """Multiply ``delta`` in place by ``Phi(z) + z * phi(z)``."""
    with np.errstate(over="ignore", under="ignore"):
        density = np.multiply(z, z)
        density *= -0.5
        np.exp(density, out=density)
    density *= _INV_SQRT_2PI
    density *= z
    density += ndtr(z)
    delta *= density
    return delta


def inplace_silu_derivative(z, delta):
    """Multiply ``delta`` in place by ``s + z * s * (1 - s)``, ``s`` the
    sigmoid of ``z``."""
    s = expit(z)
    slope = np.subtract(1, s)
    slope *= z
    slope += 1
    slope *= s
    delta *= slope
    return delta


def inplace_mish_derivative(z, delta):
    """Multiply ``delta`` in place by ``t + z * (1 - t ** 2) * sigmoid(z)``,
    ``t = tanh(softplus(z))``; with :func:`_mish_parts`' ``n`` and ``d``,
    ``(1 - t ** 2) * sigmoid(z) = 4 n (n + 1) / d ** 2``, and ``z`` is
    capped where ``n`` is (the term is below 1e-15 there)."""
    n, d = _mish_parts(z)
    term = n + 1
    term *= n
    term *= 4
    term /= d
    term /= d
    term *= np.minimum(z, _MISH_CAP)
    np.divide(2, d, out=d)
    term += 1
    term -= d
    delta *= term
    return delta
