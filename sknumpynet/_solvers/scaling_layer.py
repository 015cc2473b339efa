"""A learnable scale per input feature in front of the first layer
(RealMLP's scaling layer, Holzmüller et al., 2024), trained by Adam beside
the weights.

The network computes ``(X * s) @ V + b`` for the first layer. It stores
the product ``W = diag(s) V`` as its first weight matrix, so prediction,
``coefs_`` and the ONNX export are a plain MLP's; the optimiser keeps
``s`` and ``V``. Each step splits the gradient ``G`` of ``W`` (the
network's gradient) by the chain rule into ``s``'s, ``sum_k G_jk V_jk``,
and ``V``'s, ``s_j G_jk`` (:func:`split_first_layer`), steps both, and
writes their product back (:func:`join_first_layer`). ``s`` starts at 1
and takes ``step_factor`` times the optimiser's step.
"""

import numpy as np

__all__ = ["join_first_layer", "split_first_layer"]


def _block(flat, shape):
    return flat[: shape[0] * shape[1]].reshape(shape)


def split_first_layer(theta, grad, shape, scale, base):
    """Before a step: put ``V`` (``base``) in ``theta``'s first weight block
    and turn ``grad``'s first block into ``V``'s gradient, in place; return
    the gradient of ``s`` (``scale``).

    >>> import numpy as np
    >>> theta, grad = np.array([2.0, 4.0, 9.0]), np.array([1.0, 1.0, 5.0])
    >>> split_first_layer(theta, grad, (2, 1), np.array([2.0, 0.5]), np.array([[1.0], [8.0]]))
    array([1., 8.])
    >>> theta.tolist(), grad.tolist()
    ([1.0, 8.0, 9.0], [2.0, 0.5, 5.0])
    """
    W, G = _block(theta, shape), _block(grad, shape)
    scale_grad = np.einsum("ij,ij->i", G, base)
    G *= scale[:, None]
    W[...] = base
    return scale_grad


def join_first_layer(theta, shape, scale, base):
    """After a step: keep ``theta``'s first block as the new ``V`` and
    write ``diag(s) V`` there, in place."""
    W = _block(theta, shape)
    base[...] = W
    np.multiply(scale[:, None], base, out=W)
