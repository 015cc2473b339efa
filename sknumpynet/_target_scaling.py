"""Regression targets scaled for training, and predictions scaled back.

A network trained on raw targets in the hundreds starts from outputs near
zero and needs far more steps than its defaults allow; standardised targets
put every output on the scale its initial weights expect. For the Poisson
loss the targets are only divided by their mean, which keeps them
non-negative, as its log link requires.
"""

import numpy as np

__all__ = ["fit_scaling", "scale_targets", "unscale"]


def fit_scaling(Y, sample_weight, loss, normalize):
    """``(offset, scale)``, each of shape ``(n_outputs,)``, with which
    training sees ``(Y - offset) / scale``.

    With ``normalize``: the weighted mean and standard deviation of each
    column (``loss='poisson'``: offset 0 and the weighted mean). A column
    whose spread is zero or lost in rounding (relative to its mean) keeps a
    scale of 1. Without: offset 0 and scale 1, training on ``Y`` as it is.
    """
    n_outputs = Y.shape[1]
    offset = np.zeros(n_outputs, dtype=Y.dtype)
    scale = np.ones(n_outputs, dtype=Y.dtype)
    if not normalize:
        return offset, scale
    with np.errstate(over="ignore", invalid="ignore"):
        mean = np.average(Y, axis=0, weights=sample_weight)
        if loss == "poisson":
            spread = mean
        else:
            spread = np.sqrt(np.average((Y - mean) ** 2, axis=0, weights=sample_weight))
            offset[:] = mean
    if not (np.isfinite(mean).all() and np.isfinite(spread).all()):
        raise ValueError(
            "The target values are too large to normalise in %s (their mean or "
            "spread overflows). Rescale y, or pass normalize_y=False." % Y.dtype
        )
    constant = spread <= 10 * np.finfo(Y.dtype).eps * np.abs(mean)
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
