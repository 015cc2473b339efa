"""What runs on a Dask worker, one row block at a time, besides the
estimators' target hooks (:mod:`sknumpynet._targets`): the check of ``X``
and the block's part of the full-batch objective.

Plain functions of NumPy blocks: Dask ships them to the workers by name, and
they import nothing from Dask. A check that fails raises on the worker, and
Dask raises the same error in the client.
"""

import numpy as np
from sklearn.utils.validation import _assert_all_finite

from .._nn.network import Workspace, data_term_and_gradient

__all__ = ["add_parts", "check_finite", "objective_part"]


def check_finite(X, estimator_name):
    """Raise scikit-learn's error if ``X`` has NaN or infinity; else 0."""
    if not np.isfinite(np.sum(X)):
        _assert_all_finite(X, input_name="X", estimator_name=estimator_name)
    return 0


def objective_part(theta, X, Y, sample_weight, spec):
    """``(data_term, weight_sum, gradient)`` of one block: sums, not means,
    so that blocks add up (see
    :func:`sknumpynet._nn.network.data_term_and_gradient`); ``spec`` is
    ``(layout, activation, out_activation, loss)``."""
    layout, activation, out_activation, loss = spec
    grad = np.empty_like(theta)
    if X.shape[0] == 0:
        grad[:] = 0
        return 0.0, 0.0, grad
    workspace = Workspace(layout, X.shape[0], theta.dtype)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        data_term, weight_sum = data_term_and_gradient(
            theta,
            layout,
            X,
            Y,
            sample_weight,
            activation,
            out_activation,
            loss,
            grad,
            workspace,
            divide=False,
        )
    return float(data_term), float(weight_sum), grad


def add_parts(parts):
    """The sum of :func:`objective_part`'s results, block after block."""
    data_term, weight_sum, grad = parts[0]
    grad = grad.copy()
    for term, weights, g in parts[1:]:
        data_term += term
        weight_sum += weights
        grad += g
    return data_term, weight_sum, grad
