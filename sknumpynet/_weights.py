"""Sample weights and ``alpha`` that the objective cannot represent.

The objective (see :mod:`sknumpynet._network`) is the weighted sum of the
per-sample losses plus ``alpha / 2`` times the sum of squared weights, all
divided by the sum of the sample weights. When the weight sum or the
penalty overflows the training dtype, training cannot start, and it would
fail with a message about divergence, which is not the cause.
:func:`check_weight_scale` finds these cases before training, from the data
alone: the sum does not change during training, and the penalty is checked
at the starting weights, so an overflow later on is a divergence.
"""

import numpy as np

__all__ = ["check_weight_scale"]


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
        the training dtype, or if the penalty term ``alpha / (2 * weight
        sum) * sum(coef ** 2)`` or its gradient factor ``alpha / weight
        sum`` is not finite at ``coef``. Every expression is evaluated as
        the objective evaluates it.
    """
    name = coef.dtype.name
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if sample_weight is None:
            total = n_samples
        else:
            if not np.isfinite(sample_weight).all():
                raise ValueError(
                    "Some sample weights overflow %s: class_weight times sample_weight "
                    "is infinite. Use smaller weights." % name
                )
            total = sample_weight.sum()
            if not np.isfinite(total):
                raise ValueError(
                    "The sum of the sample weights overflows %s: it exceeds %.4g, so "
                    "the weighted mean of the losses cannot be computed. Divide the "
                    "weights (sample_weight or class_weight) by a constant, and alpha by "
                    "the same constant to keep the same objective."
                    % (name, np.finfo(coef.dtype).max)
                )
        penalty = 0.5 * alpha * (coef @ coef)
        if not (np.isfinite(penalty / total) and np.isfinite(alpha / total)):
            raise ValueError(
                "The L2 penalty overflows %s at the starting weights: alpha / (2 * sum of "
                "sample weights) * (sum of squared weights) is not finite with alpha=%r "
                "and a sum of sample weights of %.4g. Use a smaller alpha."
                % (name, alpha, total)
            )
