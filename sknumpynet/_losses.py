"""Per-sample losses on the output layer and their gradients.

Each loss is a pair of functions over the output layer of a batch:

``value(y, raw, prob, softmax_output)``
    the loss of every sample, shape ``(n_samples,)``; ``raw`` holds the output
    pre-activations (logits) and ``prob`` the output activations.
``delta(y, prob, softmax_output)``
    the gradient of each sample's loss with respect to ``raw``, shape
    ``(n_samples, n_outputs)``; this is the error signal that
    backpropagation sends down the network.

``softmax_output`` says which output unit produced ``prob``: softmax
(multiclass) when true, otherwise one independent logistic sigmoid per output
(binary and multilabel targets).
"""

import numpy as np

from ._activations import row_max

__all__ = ["LOSSES"]


def log_loss_value(y, raw, prob, softmax_output):
    """Cross-entropy, computed from the logits so it is exact and finite.

    Logistic outputs: ``sum_k log(1 + exp(z_k)) - y_k z_k``.
    Softmax output: ``logsumexp(z) - sum_k y_k z_k`` for targets summing to
    one per row, with ``logsumexp(z) = max(z) - log(max(p))`` read off the
    probabilities already computed (the largest probability is at least
    ``1 / n_outputs``, so its logarithm is finite and exact).
    """
    if softmax_output:
        lse = (row_max(raw) - np.log(row_max(prob)))[:, 0]
        return lse - np.einsum("ij,ij->i", y, raw)
    return (np.logaddexp(0, raw) - y * raw).sum(axis=1)


def log_loss_delta(y, prob, softmax_output):
    """``prob - y``: the canonical-link gradient for both output units."""
    return prob - y


def squared_error_value(y, raw, prob, softmax_output):
    """The notebook's loss: ``1/2 * sum_k (y_k - p_k) ** 2`` per sample."""
    diff = prob - y
    return 0.5 * np.einsum("ij,ij->i", diff, diff)


def squared_error_delta(y, prob, softmax_output):
    """Chain rule through the output unit.

    Logistic: ``(p - y) * p * (1 - p)``, the notebook's
    ``E * Slope_output_layer`` with the sign of a gradient.
    Softmax: ``J^T (p - y)`` with the softmax Jacobian
    ``J = diag(p) - p p^T``, i.e. ``p * (g - sum_k g_k p_k)``.
    """
    g = prob - y
    if softmax_output:
        return prob * (g - np.einsum("ij,ij->i", g, prob)[:, None])
    return g * prob * (1 - prob)


LOSSES = {
    "log_loss": (log_loss_value, log_loss_delta),
    "squared_error": (squared_error_value, squared_error_delta),
}
