"""Per-sample losses on the output layer, computed from the logits.

Each loss is one function::

    loss(y, raw, out_activation, delta=None) -> per-sample losses, shape (n_samples,)

``raw`` holds the output pre-activations (logits) of a batch and ``y`` the
targets. ``out_activation`` names the output unit that turns ``raw`` into
predictions: ``"softmax"`` (multiclass), ``"logistic"`` (one independent
sigmoid per output: binary and multilabel targets), ``"identity"``
(regression) or ``"exp"`` (Poisson regression, a log link).

When ``delta`` (an array shaped like ``raw``) is given, the function also
writes there the gradient of each sample's loss with respect to its logits:
the error signal that backpropagation sends down the network. Computing the
output activation, the loss and its gradient in one place lets them share
the softmax's row maxima and sums instead of recomputing them.
"""

import numpy as np
from scipy.special import expit, xlogy

from .activations import inplace_exp, softmax_and_logsumexp
from .rows import row_dot

__all__ = ["LOSSES", "log_loss", "poisson", "squared_error"]


def log_loss(y, raw, out_activation, delta=None):
    """Cross-entropy, accurate and finite for any finite logits.

    Logistic outputs: ``sum_k log(1 + exp(z_k)) - y_k z_k``.
    Softmax output: ``logsumexp(z) - sum_k y_k z_k`` for targets summing to
    one per row; a loss that rounding leaves a hair below 0 is set to 0.
    Both have the gradient ``p - y`` (the canonical link).
    """
    if out_activation == "softmax":
        prob = np.empty_like(raw) if delta is None else delta
        lse = softmax_and_logsumexp(raw, out=prob)
        value = lse - row_dot(y, raw)
        np.maximum(value, 0.0, out=value)
    else:
        value = (np.logaddexp(0, raw) - y * raw).sum(axis=1)
        if delta is not None:
            expit(raw, out=delta)
    if delta is not None:
        delta -= y
    return value


def squared_error(y, raw, out_activation, delta=None):
    """The notebook's loss, ``1/2 * sum_k (y_k - p_k) ** 2`` per sample.

    Its gradient follows the chain rule through the output unit.
    Identity (regression): ``p - y``.
    Logistic: ``(p - y) * p * (1 - p)``, the notebook's
    ``E * Slope_output_layer`` with the sign of a gradient.
    Softmax: ``J^T (p - y)`` with the softmax Jacobian
    ``J = diag(p) - p p^T``, i.e. ``p * (g - sum_k g_k p_k)``.
    """
    if out_activation == "identity":
        g = raw - y if delta is None else np.subtract(raw, y, out=delta)
        return 0.5 * row_dot(g, g)
    softmax_output = out_activation == "softmax"
    if softmax_output:
        prob = np.empty_like(raw)
        softmax_and_logsumexp(raw, out=prob)
    else:
        prob = expit(raw)
    g = prob - y
    value = 0.5 * row_dot(g, g)
    if delta is not None:
        if softmax_output:
            g -= row_dot(g, prob)[:, None]
            np.multiply(prob, g, out=delta)
        else:
            np.multiply(g, prob, out=delta)
            delta *= 1 - prob
    return value


def poisson(y, raw, out_activation, delta=None):
    """Half the Poisson deviance with a log link, per sample.

    With predictions ``p = exp(z)``: ``sum_k y_k log(y_k / p_k) - y_k +
    p_k``, written as ``xlogy(y, y) - y z - y + exp(z)`` so that no
    prediction is formed as a ratio. Its gradient is ``p - y`` (the
    canonical link). ``exp`` is capped at the largest float, so a loss that
    large is ``inf``, not an overflow warning.
    """
    prob = inplace_exp(raw.copy())
    value = (xlogy(y, y) - y * raw - y + prob).sum(axis=1)
    if delta is not None:
        np.subtract(prob, y, out=delta)
    return value


LOSSES = {"log_loss": log_loss, "squared_error": squared_error, "poisson": poisson}
