"""Where a Dask array takes another path than NumPy data, without importing
Dask.

A ``dask.array.Array`` is recognised by its type's module, so that NumPy
input never imports Dask (nor pays for it): the modules that work with Dask
(:mod:`sknumpynet._dask.fit`, :mod:`sknumpynet._dask.predict`) are imported
only when a Dask array arrives.
"""

import functools

__all__ = ["check_matrix", "cluster_data", "is_dask_array", "on_dask_blocks"]


def is_dask_array(a):
    """Whether ``a`` is a Dask array (a Dask collection with ``chunks``)."""
    return type(a).__module__.startswith("dask.") and hasattr(a, "chunks")


def cluster_data(est, X, y, sample_weight, incremental, first_pass, **kwargs):
    """See :class:`sknumpynet._dask.fit.ClusterData`."""
    from .fit import ClusterData

    return ClusterData(est, X, y, sample_weight, incremental, first_pass, **kwargs)


def check_matrix(X):
    """Raise a ValueError unless the Dask array ``X`` is 2-D."""
    if X.ndim != 2:
        raise ValueError(
            "Expected a 2D Dask array for X, got %d dimension(s) with shape %s." % (X.ndim, X.shape)
        )


def on_dask_blocks(method):
    """Decorate a prediction method ``method(self, X)`` so that, given a Dask
    array, it returns a lazy Dask array: ``method`` mapped over the row
    blocks (see :func:`sknumpynet._dask.predict.map_prediction`)."""

    @functools.wraps(method)
    def predict(self, X):
        if is_dask_array(X):
            from .predict import map_prediction

            return map_prediction(self, method.__name__, X)
        return method(self, X)

    return predict
