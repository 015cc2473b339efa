"""Sample weights checked, and sample weights and ``alpha`` that the
objective cannot represent.

The objective (see :mod:`sknumpynet._nn.network`) is the weighted sum of the
per-sample losses plus ``alpha / 2`` times the sum of squared weights, all
divided by the sum of the sample weights. When the weight sum or the
penalty overflows the training dtype, training cannot start, and it would
fail with a message about divergence, which is not the cause.
:func:`check_weight_scale` finds these cases before training: the sum does
not change during training, and the penalty is checked at the starting
weights, so an overflow later on is a divergence. :func:`check_weight_sum`
checks the sample weights alone, before anything else uses them (the
regressor averages its targets with them).
"""

import numpy as np
from sklearn.utils.validation import _check_sample_weight

__all__ = ["block_weights", "check_weight_scale", "check_weight_sum", "no_weight"]


def no_weight():
    """The error for sample weights that are all zero."""
    return ValueError("sample_weight must contain at least one non-zero number.")


def block_weights(sample_weight, n):
    """The sample weights of ``n`` rows, checked as ``fit`` checks them, in
    float64; ones for ``None``. A block may have no rows."""
    if sample_weight is None:
        return np.ones(n)
    if len(sample_weight) == 0:  # _check_sample_weight wants one row at least
        return np.asarray(sample_weight, dtype=np.float64).reshape(0)
    return _check_sample_weight(
        sample_weight, sample_weight, dtype=np.float64, ensure_non_negative=True
    )


def check_weight_sum(sample_weight):
    """Return the sum of ``sample_weight`` (in its dtype), or raise a
    ValueError if a weight or the sum is not finite."""
    name = sample_weight.dtype.name
    with np.errstate(over="ignore", invalid="ignore"):
        if not np.isfinite(sample_weight).all():
            raise ValueError(
                "Some sample weights overflow %s: class_weight times sample_weight "
                "is infinite. Use smaller weights." % name
            )
        total = sample_weight.sum()
    if not np.isfinite(total):
        raise ValueError(
            "The sum of the sample weights overflows %s: it exceeds %.4g, so the "
            "weighted mean of the losses cannot be computed. Divide the weights "
            "(sample_weight or class_weight) by a constant, and alpha by the same "
            "constant to keep the same objective." % (name, np.finfo(sample_weight.dtype).max)
        )
    return total


def check_weight_scale(sample_weight, n_samples, alpha, coef):
    """Raise a ValueError if the sample weights or the L2 penalty overflow.

    Parameters
    ----------
    sample_weight : ndarray of shape (n_samples,) or None
        The weights that training uses (``sample_weight`` times the class
        weights), in the training dtype; None for unit weights.
    n_samples : int
        Number of training samples.
    alpha : float
        Strength of the L2 penalty.
    coef : ndarray of shape (n_coef,)
        The weights (not the biases) that training starts from, flat, in the
        training dtype.

    Raises
    ------
    ValueError
        If a sample weight or the sum of the sample weights is not finite in
        the training dtype (see :func:`check_weight_sum`), or if the penalty
        term ``alpha / (2 * weight sum) * sum(coef ** 2)`` or its gradient
        factor ``alpha / weight sum`` is not finite at ``coef``. Every
        expression is evaluated as the objective evaluates it.
    """
    total = n_samples if sample_weight is None else check_weight_sum(sample_weight)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        penalty = 0.5 * alpha * (coef @ coef)
        finite = np.isfinite(penalty / total) and np.isfinite(alpha / total)
    if not finite:
        raise ValueError(
            "The L2 penalty overflows %s at the starting weights: alpha / (2 * sum of "
            "sample weights) * (sum of squared weights) is not finite with alpha=%r "
            "and a sum of sample weights of %.4g. Use a smaller alpha."
            % (coef.dtype.name, alpha, total)
        )
