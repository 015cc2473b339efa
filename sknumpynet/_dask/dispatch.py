"""Where a Dask array takes another path than NumPy data, without importing
Dask.

A ``dask.array.Array`` is recognised by its type's module, so that NumPy
input never imports Dask (nor pays for it): the modules that work with Dask
(:mod:`sknumpynet._dask.fit`, :mod:`sknumpynet._dask.predict`) are imported
only when a Dask array arrives.
"""

import functools

__all__ = [
    "dask_blocks",
    "dask_feature_rms",
    "dask_objective",
    "dask_training_data",
    "is_dask_array",
    "on_dask_blocks",
]


def is_dask_array(a):
    """Whether ``a`` is a Dask array (a Dask collection with ``chunks``)."""
    return type(a).__module__.startswith("dask.") and hasattr(a, "chunks")


def dask_training_data(est, X, y, sample_weight, incremental, first_pass, **kwargs):
    """See :func:`sknumpynet._dask.fit.training_data`."""
    from .fit import training_data

    return training_data(est, X, y, sample_weight, incremental, first_pass, **kwargs)


def dask_objective(est, X, Y, sample_weight, layout, out_activation):
    """See :class:`sknumpynet._dask.fit.ClusterObjective`."""
    from .fit import ClusterObjective

    return ClusterObjective(est, X, Y, sample_weight, layout, out_activation)


def dask_feature_rms(X, sample_weight):
    """See :func:`sknumpynet._dask.fit.feature_rms`."""
    from .fit import feature_rms

    return feature_rms(X, sample_weight)


def dask_blocks(est, X, Y, sample_weight):
    """See :class:`sknumpynet._dask.fit.StreamedBlocks`."""
    from .fit import StreamedBlocks

    return StreamedBlocks(est, X, Y, sample_weight)


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
