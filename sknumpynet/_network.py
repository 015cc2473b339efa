"""Forward and backward pass of a fully connected network.

This module is the seed notebook's arithmetic, generalised to any number of
layers and vectorised over a batch. With ``A_0 = X`` and, for each layer
``l = 1 .. L``::

    Z_l = A_{l-1} @ W_l + b_l          # notebook: np.dot(x, wh) + bh
    A_l = f(Z_l)   (hidden layers)     # notebook: sig_vect(hidden_layer_output)
    A_L = g(Z_L)   (output layer)      # logistic or softmax

Backpropagation, for per-sample loss ``loss(y, A_L)`` and sample weights
``s`` summing to ``S``::

    D_L = s * dloss/dZ_L                       # notebook: E * Slope_output_layer
    D_{l-1} = (D_l @ W_l.T) * f'(A_{l-1})      # notebook: d_hidden_layer
    dJ/dW_l = (A_{l-1}.T @ D_l + alpha W_l) / S
    dJ/db_l = sum_rows(D_l) / S

for the objective::

    J = sum_i s_i loss_i / S + alpha / (2 S) * sum_l ||W_l||^2

which, with unit weights, is the mean loss plus scikit-learn's L2 term.
"""

import numpy as np
from ._activations import ACTIVATIONS, DERIVATIVES, OUTPUT_ACTIVATIONS
from ._losses import LOSSES
from ._params import unpack

__all__ = ["forward", "objective_and_gradient", "output_logits"]


def forward(X, coefs, intercepts, activation, out_activation):
    """Activations of every layer: ``[X, A_1, ..., A_L]`` and the logits ``Z_L``."""
    hidden = ACTIVATIONS[activation]
    activations = [X]
    n_layers = len(coefs)
    for layer, (coef, intercept) in enumerate(zip(coefs, intercepts)):
        z = activations[-1] @ coef
        z += intercept
        if layer < n_layers - 1:
            activations.append(hidden(z))
        else:
            raw = z.copy()
            activations.append(OUTPUT_ACTIVATIONS[out_activation](z))
    return activations, raw


def output_logits(X, coefs, intercepts, activation):
    """Output pre-activations ``Z_L`` only, without keeping hidden layers."""
    hidden = ACTIVATIONS[activation]
    z = X
    for layer, (coef, intercept) in enumerate(zip(coefs, intercepts)):
        if layer > 0:
            z = hidden(z)
        z = z @ coef
        z += intercept
    return z


def objective_and_gradient(
    theta, layout, X, Y, sample_weight, activation, out_activation, loss, alpha, grad
):
    """Objective ``J`` at ``theta`` and its gradient, written into ``grad``.

    Parameters
    ----------
    theta : ndarray of shape (layout.size,)
        Flat parameter vector (see :mod:`sknumpynet._params`).
    layout : Layout
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
        Binary indicator targets, same dtype as ``theta``.
    sample_weight : ndarray of shape (n_samples,) or None
    activation, out_activation, loss : str
    alpha : float
    grad : ndarray of shape (layout.size,)
        Output buffer.

    Returns
    -------
    objective : float
    grad : ndarray
    """
    coefs, intercepts = unpack(theta, layout)
    coef_grads, intercept_grads = unpack(grad, layout)
    activations, raw = forward(X, coefs, intercepts, activation, out_activation)
    loss_value, loss_delta = LOSSES[loss]
    softmax_output = out_activation == "softmax"

    per_sample = loss_value(Y, raw, activations[-1], softmax_output)
    delta = loss_delta(Y, activations[-1], softmax_output)
    if sample_weight is None:
        weight_sum = X.shape[0]
        data_term = per_sample.sum()
    else:
        weight_sum = sample_weight.sum()
        data_term = per_sample @ sample_weight
        delta *= sample_weight[:, None]

    weights = theta[: layout.n_coef]
    objective = (data_term + 0.5 * alpha * (weights @ weights)) / weight_sum

    derivative = DERIVATIVES[activation]
    for layer in range(len(coefs) - 1, -1, -1):
        coef_grads[layer][...] = activations[layer].T @ delta
        intercept_grads[layer][...] = delta.sum(axis=0)
        if layer > 0:
            delta = derivative(activations[layer], delta @ coefs[layer].T)
    grad[: layout.n_coef] += alpha * weights
    grad /= weight_sum
    return float(objective), grad
