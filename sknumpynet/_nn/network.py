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

``activation`` names the hidden units of every layer, or is a sequence of
names, one per hidden layer. With dropout (training only), hidden layer
``l`` passes ``A_l * M_l`` on, ``M_l`` the inverted-dropout mask (see
:mod:`sknumpynet._nn.dropout`), and ``D_l`` gains the factor ``M_l``.
"""

import math

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES
from .axpy import axpy
from .losses import LOSSES
from .parameters import Layout, unpack
from .smooth_activations import SLOPE_FROM_PREACTIVATION

__all__ = [
    "Workspace",
    "data_term_and_gradient",
    "forward",
    "layer_activations",
    "objective_and_gradient",
    "output_logits",
    "regularized",
]

# Widest layer whose bias output_logits adds as a block of copies.
_TILED_UNITS = 256


class Workspace:
    """Scratch arrays for batches of up to ``max_rows`` rows.

    The stochastic solvers evaluate thousands of batches of one size; giving
    :func:`forward` and :func:`objective_and_gradient` the same workspace
    each time lets every layer write into memory it already has instead of
    allocating new arrays per batch, and unpacks the flat parameter and
    gradient vectors into per-layer views once instead of per batch.
    Results do not depend on it. With ``training=False`` it holds only the
    hidden layers, for :func:`forward` calls that pass their own ``out``.
    """

    def __init__(self, layout, max_rows, dtype, training=True):
        units = layout.layer_units
        self.layout = layout
        self.max_rows, self.dtype = max_rows, dtype
        self.training = training
        self._scratch = {}
        self.hidden = [np.empty((max_rows, u), dtype=dtype) for u in units[1:-1]]
        if training:
            self.raw = np.empty((max_rows, units[-1]), dtype=dtype)
            self.deltas = [np.empty((max_rows, u), dtype=dtype) for u in units[1:]]
            self.ones = np.ones(max_rows, dtype=dtype)
        self._views = []

    def views(self, flat):
        """``unpack(flat, layout)``, remembered for the two vectors (parameters
        and gradient) most recently asked for."""
        for array, views in self._views:
            if array is flat:
                return views
        views = unpack(flat, self.layout)
        self._views = [(flat, views)] + self._views[:1]
        return views

    def scratch(self, kind, layer, rows):
        """A buffer ``kind`` of hidden layer ``layer`` for ``rows`` rows,
        allocated on first use: ``"pre"`` (pre-activations kept for the
        units of :data:`SLOPE_FROM_PREACTIVATION`), ``"mask"`` and
        ``"dropped"`` (dropout)."""
        buffer = self._scratch.get((kind, layer))
        if buffer is None:
            width = self.layout.layer_units[layer + 1]
            buffer = np.empty((self.max_rows, width), dtype=self.dtype)
            self._scratch[(kind, layer)] = buffer
        return buffer[:rows]


def _matmul(a, b, out=None):
    """``a @ b``, written into ``out`` when given; ``a`` may be sparse."""
    if out is None:
        return a @ b
    if isinstance(a, np.ndarray):  # checked first: sp.issparse costs a microsecond
        return np.matmul(a, b, out=out)
    out[...] = a @ b
    return out


def _affine(a, coef, intercept, out):
    """``a @ coef + intercept``, into ``out`` when given."""
    z = _matmul(a, coef, out)
    z += intercept
    return z


def layer_activations(activation, n_hidden):
    """The names of the hidden units, one per hidden layer: ``activation``
    repeated, or ``activation`` itself when it is a sequence of names."""
    if isinstance(activation, str):
        return [activation] * n_hidden
    return list(activation)


def forward(X, coefs, intercepts, activation, workspace=None, out=None, dropout=None):
    """Hidden activations ``[X, A_1, ..., A_{L-1}]`` and the logits ``Z_L``.

    The output unit (logistic or softmax) is applied by the loss during
    training and by the estimator when predicting. ``out``, if given,
    receives the logits; otherwise they go to ``workspace.raw`` when a
    workspace is given, or to a new array. A training workspace also keeps
    what the backward pass needs besides the activations: the
    pre-activations of units whose slope reads them, and the dropout masks
    of ``dropout`` (a :class:`~sknumpynet._nn.dropout.Dropout`, or None).
    """
    names = layer_activations(activation, len(coefs) - 1)
    keep = workspace is not None and workspace.training
    n = X.shape[0]
    activations = [X]
    for layer, name in enumerate(names):
        buffer = None if workspace is None else workspace.hidden[layer][:n]
        z = _affine(activations[-1], coefs[layer], intercepts[layer], buffer)
        if keep and name in SLOPE_FROM_PREACTIVATION:
            np.copyto(workspace.scratch("pre", layer, n), z)
        a = ACTIVATIONS[name](z)
        if dropout is not None and dropout.rates[layer]:
            a = dropout.apply(layer, a, workspace)
        activations.append(a)
    if out is None and workspace is not None:
        out = workspace.raw[:n]
    raw = _affine(activations[-1], coefs[-1], intercepts[-1], out)
    return activations, raw


def output_logits(X, coefs, intercepts, activation, block_rows=2048, finish=None):
    """Output pre-activations ``Z_L`` only, without keeping hidden layers.

    Large inputs are evaluated ``block_rows`` rows at a time through reused
    hidden-layer buffers small enough to stay in cache, which is faster than
    one pass over the whole input; the result is the same. ``finish``, if
    given, is called as ``finish(X_block, logits_block)`` on each block while
    it is still in cache, to check it or to change the logits in place (to
    apply the output unit, say).
    """
    n = X.shape[0]
    dtype = np.result_type(X.dtype, coefs[0].dtype)
    layout = Layout(tuple([coefs[0].shape[0]] + [c.shape[1] for c in coefs]))
    rows = min(n, block_rows)
    workspace = Workspace(layout, rows, dtype, training=False)
    out = np.empty((n, layout.layer_units[-1]), dtype=dtype)
    if n > rows:
        # Adding a bias row to every row of a block runs NumPy's inner loop
        # once per row, which costs most on narrow layers; there, adding a
        # block of copies is one flat loop, 1.6 (256 units) to 3.5 times
        # (10 units) faster. The copies are made once and serve every block.
        intercepts = [
            np.tile(b.astype(dtype, copy=False), (rows, 1)) if b.shape[0] <= _TILED_UNITS else b
            for b in intercepts
        ]
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        block = X[start:stop]
        biases = [b if b.ndim == 1 else b[: stop - start] for b in intercepts]
        _, z = forward(block, coefs, biases, activation, workspace, out[start:stop])
        if finish is not None:
            finish(block, z)
    return out


def objective_and_gradient(
    theta,
    layout,
    X,
    Y,
    sample_weight,
    activation,
    out_activation,
    loss,
    alpha,
    grad,
    workspace=None,
    dropout=None,
):
    """Objective ``J`` at ``theta`` and its gradient, written into ``grad``.

    Parameters
    ----------
    theta : ndarray of shape (layout.size,)
        Flat parameter vector (see :mod:`sknumpynet._nn.parameters`).
    layout : Layout
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
        Binary indicator targets, same dtype as ``theta``.
    sample_weight : ndarray of shape (n_samples,) or None
    activation, out_activation, loss : str
    alpha : float
    grad : ndarray of shape (layout.size,)
        Output buffer.
    workspace : Workspace or None
        Scratch memory for at least ``n_samples`` rows.
    dropout : Dropout or None
        Masks of the hidden units for this batch (training with dropout).

    Returns
    -------
    objective : float
    grad : ndarray
    """
    if workspace is None:
        workspace = Workspace(layout, X.shape[0], theta.dtype)
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
        divide=True,
        dropout=dropout,
    )
    objective, grad = regularized(theta, layout, alpha, data_term, weight_sum, grad)
    if sample_weight is not None and not math.isfinite(data_term):
        # The weighted sum overflowed: a weight sum close to the dtype's
        # largest number leaves no room for losses above 1. The weighted
        # mean itself is finite if the losses are: recompute it from the
        # logits, which are still in the workspace.
        per_sample = LOSSES[loss](Y, workspace.raw[: X.shape[0]], out_activation)
        weights = theta[: layout.n_coef]
        objective = float(
            per_sample @ (sample_weight / weight_sum)
            + 0.5 * alpha * (weights @ weights) / weight_sum
        )
    return objective, grad


def data_term_and_gradient(
    theta,
    layout,
    X,
    Y,
    sample_weight,
    activation,
    out_activation,
    loss,
    grad,
    workspace=None,
    divide=True,
    dropout=None,
):
    """The weighted sum of the per-sample losses, ``sum_i s_i loss_i``, and
    the sum of the weights ``S``; the gradient of the first goes into
    ``grad``, divided by ``S`` if ``divide``.

    Without ``divide`` the results of row blocks add up to those of their
    union, which is how a fit on blocks held apart (on a cluster, say) sums
    its objective; :func:`regularized` then divides once and adds the L2
    term. Parameters as in :func:`objective_and_gradient`.
    """
    n = X.shape[0]
    if workspace is None:
        workspace = Workspace(layout, n, theta.dtype)
    coefs, intercepts = workspace.views(theta)
    coef_grads, intercept_grads = workspace.views(grad)
    activations, raw = forward(X, coefs, intercepts, activation, workspace, dropout=dropout)
    delta = workspace.deltas[-1][:n]
    per_sample = LOSSES[loss](Y, raw, out_activation, delta)
    # Dividing the output error by S once makes every gradient below come
    # out already divided by S.
    if sample_weight is None:
        weight_sum = n
        data_term = per_sample.sum()
        if divide:
            delta *= 1.0 / weight_sum
    else:
        weight_sum = sample_weight.sum()
        data_term = per_sample @ sample_weight
        delta *= (sample_weight / weight_sum if divide else sample_weight)[:, None]

    names = layer_activations(activation, len(coefs) - 1)
    ones = workspace.ones[:n]
    for layer in range(len(coefs) - 1, -1, -1):
        a = activations[layer]
        _matmul(a.T, delta, coef_grads[layer])
        # column sums of delta, as a matrix-vector product (BLAS)
        np.matmul(ones, delta, out=intercept_grads[layer])
        if layer > 0:
            out = _matmul(delta, coefs[layer].T, workspace.deltas[layer - 1][:n])
            name = names[layer - 1]
            if name in SLOPE_FROM_PREACTIVATION:
                a = workspace.scratch("pre", layer - 1, n)
            if dropout is not None and dropout.rates[layer - 1]:
                out *= workspace.scratch("mask", layer - 1, n)
                if name not in SLOPE_FROM_PREACTIVATION:
                    a = workspace.hidden[layer - 1][:n]  # the units before dropout
            delta = DERIVATIVES[name](a, out)
    return data_term, weight_sum


def regularized(theta, layout, alpha, data_term, weight_sum, grad):
    """``(data_term + alpha / 2 * ||W||^2) / weight_sum`` and its gradient:
    ``grad``, the data term's gradient already divided by ``weight_sum``,
    gains ``alpha / weight_sum * W`` in place. Returns ``(objective, grad)``."""
    weights = theta[: layout.n_coef]
    objective = (data_term + 0.5 * alpha * (weights @ weights)) / weight_sum
    if alpha:
        axpy(alpha / weight_sum, weights, grad[: layout.n_coef])
    return float(objective), grad
