"""What runs on a Dask worker, one row block at a time: checks and summaries
of the data (one pass before training), the block's targets and weights, and
its part of the full-batch objective.

Plain functions of NumPy blocks: Dask ships them to the workers by name, and
they import nothing from Dask. A check that fails raises on the worker, and
Dask raises the same error in the client.
"""

import numpy as np
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _assert_all_finite, _check_sample_weight

from .._nn.network import Workspace, data_term_and_gradient
from .._targets.labels import indicator

__all__ = [
    "add_parts",
    "check_finite",
    "class_targets",
    "class_weights",
    "label_summary",
    "objective_part",
    "regression_targets",
    "target_moments",
]


def _weights(sample_weight, n):
    """The block's sample weights, checked as ``fit`` checks them, or ones."""
    if sample_weight is None:
        return np.ones(n)
    return _check_sample_weight(
        sample_weight, sample_weight, dtype=np.float64, ensure_non_negative=True
    )


def check_finite(X, estimator_name):
    """Raise scikit-learn's error if ``X`` has NaN or infinity; else 0."""
    if not np.isfinite(np.sum(X)):
        _assert_all_finite(X, input_name="X", estimator_name=estimator_name)
    return 0


def label_summary(y, sample_weight):
    """``(labels, counts, weight_sums)``: the block's sorted labels, how many
    rows have each, and their summed sample weight."""
    check_classification_targets(y)
    labels, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    weight_sums = np.bincount(
        inverse.ravel(), weights=_weights(sample_weight, len(y)), minlength=len(labels)
    )
    return labels, counts, weight_sums


def target_moments(Y, sample_weight, poisson):
    """``(weight_sum, mean, m2)`` per output of the block's targets (``m2``:
    the weighted sum of squared deviations from the mean), after the checks
    ``fit`` makes: finite, and non-negative for the Poisson loss."""
    _assert_all_finite(Y, input_name="y")
    Y = np.asarray(Y, dtype=np.float64).reshape(Y.shape[0], -1)
    if poisson and (Y < 0).any():
        raise ValueError(
            "Some value(s) of y are negative which is not allowed for Poisson regression."
        )
    w = _weights(sample_weight, Y.shape[0])
    total = w.sum()
    if total == 0:
        return 0.0, np.zeros(Y.shape[1]), np.zeros(Y.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        mean = (w @ Y) / total
        m2 = w @ (Y - mean) ** 2
    return total, mean, m2


def class_targets(y, binarizer, out_dtype):
    """The block's indicator targets in ``out_dtype``."""
    return indicator(binarizer, y).astype(out_dtype)


def class_weights(y, sample_weight, classes, per_class, out_dtype):
    """Each row's class weight (``per_class[index of its label]``) times its
    sample weight, in ``out_dtype``."""
    weights = np.asarray(per_class, dtype=out_dtype)[np.searchsorted(classes, y)]
    if sample_weight is not None:
        weights *= sample_weight
    return weights


def regression_targets(y, offset, scale, out_dtype):
    """The block's targets as a 2-D matrix in ``out_dtype``, scaled for training."""
    Y = np.asarray(y, dtype=out_dtype).reshape(y.shape[0], -1)
    return (Y - offset) / scale


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
