"""Regression targets scaled for training, and predictions scaled back.

A network trained on raw targets in the hundreds starts from outputs near
zero and needs far more steps than its defaults allow; standardised targets
put every output on the scale its initial weights expect. For the Poisson
loss the targets are only divided by their mean, which keeps them
non-negative, as its log link requires.
"""

import numpy as np

__all__ = ["fit_scaling", "scale_targets", "scaling", "unscale"]


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
