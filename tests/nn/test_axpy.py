"""``axpy``: ``y += a * x`` in place, in each dtype and on strided views."""

import numpy as np
import pytest

from sknumpynet._nn.axpy import axpy


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_axpy_updates_in_place(dtype):
    rng = np.random.RandomState(0)
    x = rng.normal(size=101).astype(dtype)
    y = rng.normal(size=101).astype(dtype)
    expected = y + dtype(-0.3) * x
    result = axpy(-0.3, x, y)
    assert result is y and y.dtype == dtype
    # (BLAS may fuse the multiply and add: equal up to one rounding of a*x)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(y, expected, **tol)
    # a strided view is updated in place as well
    base = rng.normal(size=202).astype(dtype)
    view = base[::2]
    expected = view + dtype(2.0) * x
    axpy(2.0, x, view)
    np.testing.assert_allclose(base[::2], expected, **tol)
