"""The tabular estimators' input transform: robust scaling, then smooth
clipping (RealMLP's preprocessing of numeric features, Holzmüller et al.,
2024).

Each feature is centred on its median and divided by its inter-quartile
range; a feature whose quartiles coincide is divided by half its range
instead, and a constant feature becomes 0. The quartiles are those of the
inverted empirical distribution function (the smallest value at which the
rows' share, weighted by ``sample_weight``, reaches 1/4, 1/2, 3/4), so a
sample weight of k is k copies of the row, and rows of weight 0 are left
out. Then
``smooth_clip(x) = x / sqrt(1 + (x / bound) ** 2)`` maps the real line
onto ``(-bound, bound)``, close to the identity for ``|x|`` well below
``bound``: outliers and heavy tails reach the network bounded, whatever
the features' units. The statistics are computed in float64.
"""

import numpy as np

__all__ = ["fit_robust_scaling", "robust_transform", "smooth_clip", "weighted_quantiles"]


def weighted_quantiles(X, quantiles, sample_weight=None):
    """Per column of ``X``, for each ``q`` of ``quantiles``, the smallest
    value whose cumulative share of the weights reaches ``q`` (NumPy's
    ``method='inverted_cdf'``, with weights). Returns an array of shape
    ``(len(quantiles), n_columns)``.

    >>> import numpy as np
    >>> X = np.array([[3.0], [1.0], [2.0], [4.0]])
    >>> weighted_quantiles(X, [0.25, 0.5, 0.75]).ravel().tolist()
    [1.0, 2.0, 3.0]
    >>> weighted_quantiles(X, [0.5], np.array([1.0, 1.0, 1.0, 5.0])).ravel().tolist()
    [4.0]
    """
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    weights = np.ones(n) if sample_weight is None else np.asarray(sample_weight, np.float64)
    order = np.argsort(X, axis=0, kind="stable")
    ordered = np.take_along_axis(X, order, axis=0)
    cumulative = np.cumsum(weights[order], axis=0)
    total = cumulative[-1]
    columns = np.arange(d)
    out = np.empty((len(quantiles), d))
    for i, q in enumerate(quantiles):
        first = np.minimum((cumulative < q * total).sum(axis=0), n - 1)
        out[i] = ordered[first, columns]
    return out


def fit_robust_scaling(X, sample_weight=None):
    """``(median, factor)`` of each column of the dense array ``X`` (rows
    weighted by ``sample_weight``), such that ``(X - median) * factor`` has
    inter-quartile range 1.

    >>> import numpy as np
    >>> X = np.array([[0.0, 5.0, 1.0], [1.0, 5.0, 1.0], [2.0, 5.0, 1.0], [3.0, 5.0, 9.0],
    ...               [4.0, 5.0, 1.0]])
    >>> median, factor = fit_robust_scaling(X)
    >>> median.tolist(), factor.tolist()
    ([2.0, 5.0, 1.0], [0.5, 0.0, 0.25])
    """
    X = np.asarray(X, dtype=np.float64)
    if sample_weight is not None:
        kept = sample_weight > 0
        X, sample_weight = X[kept], sample_weight[kept]
    low, median, high = weighted_quantiles(X, [0.25, 0.5, 0.75], sample_weight)
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
