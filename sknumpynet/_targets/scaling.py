"""Regression targets scaled for training, and predictions scaled back.

A network trained on raw targets in the hundreds starts from outputs near
zero and needs far more steps than its defaults allow; standardised targets
put every output on the scale its initial weights expect. For the Poisson
loss the targets are only divided by their mean, which keeps them
non-negative, as its log link requires.
"""

import numpy as np
from sklearn.utils.validation import _assert_all_finite

from .sample_weight import block_weights

__all__ = [
    "as_matrix",
    "check_poisson_targets",
    "combine_moments",
    "fit_scaling",
    "regression_targets",
    "scale_targets",
    "scaling",
    "target_moments",
    "unscale",
]


def as_matrix(y, dtype):
    """Targets as a 2-D matrix of ``dtype``, one column per output."""
    Y = np.asarray(y, dtype=dtype)
    return Y[:, np.newaxis] if Y.ndim == 1 else Y


def check_poisson_targets(Y, loss):
    """The Poisson loss reads non-negative targets only."""
    if loss == "poisson" and (Y < 0).any():
        raise ValueError(
            "Some value(s) of y are negative which is not allowed for Poisson regression."
        )


def fit_scaling(Y, sample_weight, loss, normalize):
    """``(offset, scale)``, each of shape ``(n_outputs,)``, with which
    training sees ``(Y - offset) / scale``.

    With ``normalize``: the weighted mean and standard deviation of each
    column (``loss='poisson'``: offset 0 and the weighted mean). A column
    whose spread is zero or lost in rounding (relative to its mean) keeps a
    scale of 1. Without: offset 0 and scale 1, training on ``Y`` as it is.
    """
    if not normalize:
        return scaling(None, None, Y.shape[1], Y.dtype, loss, normalize)
    with np.errstate(over="ignore", invalid="ignore"):
        # in float64: the squares of float32 targets overflow from ~1e19 on
        Y64 = Y.astype(np.float64, copy=False)
        mean = np.average(Y64, axis=0, weights=sample_weight)
        spread = None
        if loss != "poisson":
            spread = np.sqrt(np.average((Y64 - mean) ** 2, axis=0, weights=sample_weight))
            spread = spread.astype(Y.dtype)
        mean = mean.astype(Y.dtype)
    return scaling(mean, spread, Y.shape[1], Y.dtype, loss, normalize)


def scaling(mean, std, n_outputs, dtype, loss, normalize):
    """``(offset, scale)`` of :func:`fit_scaling` from the weighted mean and
    standard deviation of each column of the targets (``std`` is not read
    for ``loss='poisson'``, nor either without ``normalize``)."""
    offset = np.zeros(n_outputs, dtype=dtype)
    scale = np.ones(n_outputs, dtype=dtype)
    if not normalize:
        return offset, scale
    if loss == "poisson":
        spread = mean
    else:
        spread = std
        offset[:] = mean
    if not (np.isfinite(mean).all() and np.isfinite(spread).all()):
        raise ValueError(
            "The target values are too large to normalise in %s (their mean or "
            "spread overflows). Rescale y, or pass normalize_y=False." % np.dtype(dtype)
        )
    constant = spread <= 10 * np.finfo(dtype).eps * np.abs(mean)
    scale[:] = np.where(constant | (spread == 0), 1.0, spread)
    return offset, scale


def scale_targets(Y, offset, scale):
    """``(Y - offset) / scale`` as a new array."""
    return (Y - offset) / scale


def unscale(Z, offset, scale):
    """Predictions in the targets' units, ``Z * scale + offset``, in place;
    capped at the largest finite float instead of overflowing."""
    with np.errstate(over="ignore"):
        Z *= scale
        Z += offset
    big = np.finfo(Z.dtype).max
    return np.clip(Z, -big, big, out=Z)


def regression_targets(y, offset, scale, out_dtype):
    """A block of ``y`` as the matrix training reads, in ``out_dtype``."""
    return scale_targets(as_matrix(y, out_dtype), offset, scale)


def target_moments(y, sample_weight, loss):
    """``(weight_sum, mean, m2)`` per output of a block of targets (``m2``:
    the weighted sum of squared deviations from the mean), after the checks
    ``fit`` makes: finite, and non-negative for the Poisson loss."""
    _assert_all_finite(y, input_name="y")
    Y = as_matrix(y, np.float64)
    check_poisson_targets(Y, loss)
    w = block_weights(sample_weight, Y.shape[0])
    total = w.sum()
    if total == 0:
        return 0.0, np.zeros(Y.shape[1]), np.zeros(Y.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        mean = (w @ Y) / total
        m2 = w @ (Y - mean) ** 2
    return total, mean, m2


def combine_moments(parts):
    """``(weight_sum, mean, std)`` per output from the :func:`target_moments`
    of every block, merged pairwise (Chan et al.)."""
    total, mean, m2 = 0.0, 0.0, 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for weight, block_mean, block_m2 in parts:
            if weight == 0:
                continue
            new_total = total + weight
            delta = block_mean - mean
            mean = mean + delta * (weight / new_total)
            m2 = m2 + block_m2 + delta**2 * (total * weight / new_total)
            total = new_total
        return total, mean, np.sqrt(m2 / total) if total else m2
