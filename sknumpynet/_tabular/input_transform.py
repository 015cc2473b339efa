"""The tabular estimators' input transform: robust scaling, then smooth
clipping (RealMLP's preprocessing of numeric features, Holzmüller et al.,
2024).

Each feature is centred on its median and divided by its inter-quartile
range; a feature whose quartiles coincide is divided by half its range
instead, and a constant feature becomes 0. Then
``smooth_clip(x) = x / sqrt(1 + (x / bound) ** 2)`` maps the real line
onto ``(-bound, bound)``, close to the identity for ``|x|`` well below
``bound``: outliers and heavy tails reach the network bounded, whatever
the features' units. The statistics are computed in float64.
"""

import numpy as np

__all__ = ["fit_robust_scaling", "robust_transform", "smooth_clip"]


def fit_robust_scaling(X):
    """``(median, factor)`` of each column of the dense array ``X``, such
    that ``(X - median) * factor`` has inter-quartile range 1.

    >>> import numpy as np
    >>> X = np.array([[0.0, 5.0, 1.0], [1.0, 5.0, 1.0], [2.0, 5.0, 1.0], [3.0, 5.0, 9.0],
    ...               [4.0, 5.0, 1.0]])
    >>> median, factor = fit_robust_scaling(X)
    >>> median.tolist(), factor.tolist()
    ([2.0, 5.0, 1.0], [0.5, 0.0, 0.25])
    """
    X = np.asarray(X, dtype=np.float64)
    low, median, high = np.quantile(X, [0.25, 0.5, 0.75], axis=0)
    width = high - low
    flat = width == 0
    width[flat] = 0.5 * (X.max(axis=0)[flat] - X.min(axis=0)[flat])
    factor = np.zeros_like(width)
    usable = width > 0
    with np.errstate(over="ignore"):
        factor[usable] = 1.0 / width[usable]
    # a width below 1 / float64 max would give an infinite factor
    factor[~np.isfinite(factor)] = np.finfo(np.float64).max
    return median, factor


def smooth_clip(x, bound, out=None):
    """``x / sqrt(1 + (x / bound) ** 2)``, in ``(-bound, bound)``, without
    overflow for any finite ``x``.

    >>> import numpy as np
    >>> smooth_clip(np.array([0.0, 3.0, -1e300, 1e308]), 3.0).round(6).tolist()
    [0.0, 2.12132, -3.0, 3.0]
    """
    with np.errstate(over="ignore"):
        r = np.divide(x, bound, out=out)
    big = np.finfo(r.dtype).max
    np.clip(r, -big, big, out=r)  # a bound below 1 may overflow the ratio
    return np.multiply(np.divide(r, np.hypot(1.0, r)), bound, out=r)


def robust_transform(X, median, factor, bound, dtype):
    """``smooth_clip((X - median) * factor, bound)`` in ``dtype`` (no
    clipping when ``bound`` is None), for finite ``X``."""
    big = np.finfo(np.float64).max
    with np.errstate(over="ignore"):
        Z = np.subtract(X, median, dtype=np.float64)
        np.clip(Z, -big, big, out=Z)  # the difference may overflow, then
        Z *= factor
        np.clip(Z, -big, big, out=Z)  # the product
    if bound is not None:
        smooth_clip(Z, bound, out=Z)
    elif dtype == np.float32:
        big32 = np.finfo(np.float32).max
        np.clip(Z, -big32, big32, out=Z)
    return Z.astype(dtype, copy=False)
