"""Predictions on a Dask array: the estimator's own method, mapped lazily
over the row blocks (``map_blocks``), so each block's result is exactly the
in-memory result for those rows.

Imported only when a Dask array arrives (see :mod:`sknumpynet._dask.dispatch`).
"""

import copy

import numpy as np
from sklearn.utils.validation import check_is_fitted, validate_data

from .dispatch import check_matrix

__all__ = ["map_prediction"]


def _predict_block(X, estimator, method, trailing, dtype):
    """``estimator.<method>(X)`` for one block (an empty result for no rows)."""
    if X.shape[0] == 0:
        return np.empty((0,) + trailing, dtype=dtype)
    return getattr(estimator, method)(X)


def map_prediction(est, method, X):
    """A lazy Dask array of ``est.<method>`` on every row block of ``X``.

    The blocks are computed with a copy of the fitted estimator taken now,
    so refitting ``est`` before the result is computed does not change it.
    ``X`` is checked for its shape and feature count here, and for NaN and
    infinity block by block, as in memory.
    """
    check_is_fitted(est)
    check_matrix(X)
    validate_data(est, X, reset=False, skip_check_array=True)
    X = X.rechunk({1: -1})
    snapshot = copy.copy(est)
    # One row of zeros tells the shape and dtype of the output.
    probe = getattr(snapshot, method)(np.zeros((1, X.shape[1]), dtype=X.dtype))
    trailing = probe.shape[1:]
    return X.map_blocks(
        _predict_block,
        snapshot,
        method,
        trailing,
        probe.dtype,
        dtype=probe.dtype,
        chunks=(X.chunks[0],) + tuple((n,) for n in trailing),
        meta=np.empty((0,) * probe.ndim, dtype=probe.dtype),
        **({} if trailing else {"drop_axis": 1}),
    )
