"""The initialisers' bounds, dtypes and order of draws (the notebook's draw
order among them), and the flat parameter vector's pack/unpack.
"""

import itertools

import numpy as np
import pytest

from sknumpynet._nn.initializers import initialize
from sknumpynet._nn.parameters import Layout, pack, unpack


def test_uniform_initializer_reproduces_notebook_draw_order():
    coefs, intercepts = initialize("uniform", np.random.RandomState(99), [4, 3, 1], np.float64)
    np.random.seed(99)
    wh = np.random.rand(4, 3)
    bh = np.random.rand(1, 3)
    wout = np.random.rand(3, 1)
    bout = np.random.rand(1)
    assert [c.shape for c in coefs] == [(4, 3), (3, 1)]
    assert [b.shape for b in intercepts] == [(3,), (1,)]
    np.testing.assert_array_equal(coefs[0], wh)
    np.testing.assert_array_equal(intercepts[0], bh.ravel())
    np.testing.assert_array_equal(coefs[1], wout)
    np.testing.assert_array_equal(intercepts[1], bout)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_initializer_bounds_and_dtype(dtype):
    units = [30, 20, 10, 5]
    coefs, intercepts = initialize("glorot_uniform", np.random.RandomState(0), units, dtype)
    for (fan_in, fan_out), W, b in zip(itertools.pairwise(units), coefs, intercepts):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        assert W.shape == (fan_in, fan_out) and b.shape == (fan_out,)
        assert W.dtype == dtype and b.dtype == dtype
        assert np.abs(W).max() <= bound and np.abs(b).max() <= bound
        # actually spread over the interval, both signs
        assert W.max() > 0.8 * bound and W.min() < -0.8 * bound
    coefs, intercepts = initialize("uniform", np.random.RandomState(0), units, dtype)
    for W, b in zip(coefs, intercepts):
        assert W.dtype == dtype
        for p in (W, b):
            assert p.min() >= 0.0 and p.max() < 1.0
        assert W.max() > 0.8 and W.min() < 0.2


@pytest.mark.parametrize("activation", ["logistic", "tanh", "relu", "identity"])
def test_sklearn_initializer_bounds(activation):
    # scikit-learn's factor: 2 for logistic hidden units, 6 otherwise, in
    # every layer (the output layer included); same draws as glorot_uniform
    # scaled by the ratio of the bounds.
    units = [30, 20, 5]
    ours = initialize("sklearn", np.random.RandomState(0), units, np.float64, activation)
    glorot = initialize("glorot_uniform", np.random.RandomState(0), units, np.float64)
    scale = np.sqrt(2.0 / 6.0) if activation == "logistic" else 1.0
    for W, W6 in zip(ours[0] + ours[1], glorot[0] + glorot[1]):
        np.testing.assert_allclose(W, scale * W6, rtol=1e-12, atol=1e-15)


def test_glorot_draw_order_and_determinism():
    units = [4, 3, 2]
    coefs, intercepts = initialize("glorot_uniform", np.random.RandomState(1), units, np.float64)
    rng = np.random.RandomState(1)
    for (fi, fo), W, b in zip(itertools.pairwise(units), coefs, intercepts):
        u = rng.uniform(size=fi * fo + fo)  # weights first, then biases
        bound = np.sqrt(6.0 / (fi + fo))
        np.testing.assert_allclose(W.ravel(), -bound + 2 * bound * u[: fi * fo], rtol=1e-14)
        np.testing.assert_allclose(b, -bound + 2 * bound * u[fi * fo :], rtol=1e-14)
    again = initialize("glorot_uniform", np.random.RandomState(1), units, np.float64)
    for p, q in zip(coefs + intercepts, again[0] + again[1]):
        np.testing.assert_array_equal(p, q)


def test_pack_unpack_roundtrip():
    layout = Layout((3, 4, 2))
    coefs, intercepts = initialize(
        "glorot_uniform", np.random.RandomState(2), layout.layer_units, np.float64
    )
    theta = pack(coefs, intercepts)
    assert theta.shape == (layout.size,) and layout.n_coef == 3 * 4 + 4 * 2
    c2, i2 = unpack(theta, layout)
    for p, q in zip(coefs + intercepts, c2 + i2):
        np.testing.assert_array_equal(p, q)
    c2[0][0, 0] = 123.0  # views into theta
    assert theta[0] == 123.0
    i2[1][1] = -7.0
    assert theta[-1] == -7.0
