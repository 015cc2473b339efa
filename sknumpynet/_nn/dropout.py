"""Inverted dropout on the hidden units, for training only.

While training, each unit of hidden layer ``l`` is kept with probability
``1 - p_l`` and its activation divided by ``1 - p_l``; dropped units pass
0 on. The mask ``M_l`` (0 or ``1 / (1 - p_l)`` per unit and row) is drawn
anew for every batch. Since a kept unit is scaled up during training, the
expected input of the next layer is that of the whole network, and the
trained weights are the prediction weights as they are: prediction uses
no mask and no rescaling.
"""

from numbers import Real

import numpy as np

__all__ = ["Dropout", "dropout_rates"]


def dropout_rates(dropout, n_hidden):
    """``dropout`` (a float, or one float per hidden layer) as a tuple of
    ``n_hidden`` rates in ``[0, 1)``; a clear ValueError otherwise.

    >>> dropout_rates(0.1, 2)
    (0.1, 0.1)
    >>> dropout_rates([0.0, 0.5], 2)
    (0.0, 0.5)
    """
    if isinstance(dropout, Real) and not isinstance(dropout, (bool, np.bool_)):
        rates = [float(dropout)] * n_hidden
    else:
        rates = np.asarray(dropout, dtype=object).ravel().tolist()
        if len(rates) != n_hidden:
            raise ValueError(
                "dropout has %d rates but the network has %d hidden layers: give "
                "one float, or one per hidden layer." % (len(rates), n_hidden)
            )
    for rate in rates:
        if isinstance(rate, (bool, np.bool_)) or not isinstance(rate, Real) or not 0 <= rate < 1:
            raise ValueError("dropout rates must be floats in [0, 1), got %r." % (dropout,))
    return tuple(float(rate) for rate in rates)


class Dropout:
    """Draws the masks of one fit from ``rng``, layer after layer and
    batch after batch, into the workspace's ``"mask"`` buffers, and the
    dropped activations into its ``"dropped"`` buffers."""

    def __init__(self, rates, rng):
        self.rates = rates
        self.rng = rng

    def apply(self, layer, a, workspace):
        """``a * M`` for hidden layer ``layer``, with a new mask ``M``; the
        activations ``a`` themselves are left as they are (their slope is
        read from them in the backward pass)."""
        rate = self.rates[layer]
        n = a.shape[0]
        mask = workspace.scratch("mask", layer, n)
        np.greater_equal(self.rng.random_sample(a.shape), rate, out=mask)
        mask *= 1.0 / (1.0 - rate)
        return np.multiply(a, mask, out=workspace.scratch("dropped", layer, n))
