"""One flat parameter vector with per-layer views.

The weights of all layers live in a single contiguous vector ``theta``:
first every layer's weight matrix (row-major), then every layer's bias.
``coefs`` and ``intercepts`` are views into it, so an optimiser updates the
whole network with one vectorised operation, L-BFGS works on ``theta``
directly, and the L2 penalty touches the leading ``n_coef`` entries only.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

__all__ = ["Layout", "pack", "unpack"]


@dataclass(frozen=True)
class Layout:
    """Shapes of a network with ``layer_units = [n_in, h_1, ..., n_out]``."""

    layer_units: tuple

    @cached_property
    def coef_shapes(self):
        return list(zip(self.layer_units[:-1], self.layer_units[1:]))

    @cached_property
    def n_coef(self):
        """Number of weights (the entries the L2 penalty applies to)."""
        return sum(i * o for i, o in self.coef_shapes)

    @cached_property
    def size(self):
        return self.n_coef + sum(self.layer_units[1:])


def unpack(theta, layout):
    """Views ``(coefs, intercepts)`` into the flat vector ``theta``."""
    coefs, intercepts = [], []
    start = 0
    for shape in layout.coef_shapes:
        end = start + shape[0] * shape[1]
        coefs.append(theta[start:end].reshape(shape))
        start = end
    for n_out in layout.layer_units[1:]:
        intercepts.append(theta[start : start + n_out])
        start += n_out
    return coefs, intercepts


def pack(coefs, intercepts, dtype=None):
    """A new flat vector holding copies of ``coefs`` then ``intercepts``."""
    return np.concatenate([np.ravel(p) for p in list(coefs) + list(intercepts)]).astype(
        dtype if dtype is not None else np.result_type(*coefs), copy=False
    )
