"""``y += a * x`` in one pass over memory: BLAS ``axpy``.

In NumPy that update takes two passes and a temporary (``a * x``, then the
sum); BLAS ``axpy`` does it in one pass, about three times faster on the long
parameter vectors that the optimisers and the L2 penalty update every batch.
NumPy exposes no ``axpy``, so it comes from ``scipy.linalg.blas``.
"""

import numpy as np
from scipy.linalg import blas

__all__ = ["axpy"]

_AXPY = {np.dtype(np.float64): blas.daxpy, np.dtype(np.float32): blas.saxpy}


def axpy(a, x, y):
    """``y += a * x`` in place, for contiguous 1-D ``x`` and ``y`` of one
    float dtype; returns ``y``."""
    result = _AXPY[y.dtype](x, y, a=a)
    if result is not y:  # the wrapper worked on a copy: write it back
        y[...] = result
    return y
