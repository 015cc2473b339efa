"""Activations and their derivatives: stable at extreme inputs, in place
where they claim it, and equal to finite differences.
"""

import warnings

import numpy as np
import pytest
from network_reference import HIDDEN_ACTIVATIONS

from sknumpynet._nn import activations as _activations
from sknumpynet._nn.activations import (
    ACTIVATIONS,
    DERIVATIVES,
    identity,
    inplace_logistic,
    inplace_relu,
    inplace_softmax,
    inplace_tanh,
    log_logistic,
    log_softmax,
    softmax_and_logsumexp,
)

EXTREME = np.array(
    [-1e308, -1e300, -1000.0, -40.0, -1e-300, 0.0, 1e-300, 40.0, 1000.0, 1e300, 1e308]
)


@pytest.mark.parametrize(
    "func, limits",
    [
        (inplace_logistic, (0.0, 1.0)),
        (inplace_tanh, (-1.0, 1.0)),
    ],
)
def test_bounded_activations_extreme_inputs(func, limits):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = func(EXTREME.copy())
    assert not np.isnan(out).any()
    assert np.all((out >= limits[0]) & (out <= limits[1]))
    assert out[0] == limits[0] and out[2] == pytest.approx(limits[0], abs=1e-300)
    assert out[-1] == limits[1] and out[-3] == limits[1]
    assert np.all(np.diff(out) >= 0)  # monotone
    assert out[5] == pytest.approx(0.5 if func is inplace_logistic else 0.0)


def test_relu_identity_extreme_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = inplace_relu(EXTREME.copy())
        i = identity(EXTREME.copy())
    np.testing.assert_array_equal(r, np.where(EXTREME > 0, EXTREME, 0.0))
    np.testing.assert_array_equal(i, EXTREME)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_relu_contiguous_and_strided_agree(dtype):
    # Contiguous inputs are compared with a shared block of zeros, in blocks
    # of _ZERO_BLOCK elements, strided ones with the scalar 0. Both must
    # give max(z, 0) in place, for every size around the block length, and
    # leave the shared zeros untouched.
    rng = np.random.default_rng(0)
    block = _activations._ZERO_BLOCK
    specials = np.array([np.nan, -0.0, 0.0, -np.inf, np.inf, -1e-300, 1e-300], dtype=dtype)
    for size in [0, 1, 7, block - 1, block, block + 1, 2 * block + 7]:
        z = rng.normal(size=2 * size).astype(dtype)
        z[: min(2 * size, specials.size)] = specials[: 2 * size]
        expected = np.maximum(z, 0)
        for shape in [(2 * size,), (2, size), (size, 1, 2)]:
            contiguous = z.copy().reshape(shape)
            out = inplace_relu(contiguous)
            assert out is contiguous and out.dtype == dtype
            np.testing.assert_array_equal(out.ravel(), expected)
            assert not np.signbit(out[out == 0]).any()  # -0.0 becomes +0.0
        strided = z.copy()[::2]
        assert inplace_relu(strided) is not None
        np.testing.assert_array_equal(strided, expected[::2])
    zeros = _activations._zeros(np.dtype(dtype))
    assert not zeros.flags.writeable and not zeros.any()


def test_log_logistic_extreme_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = log_logistic(EXTREME.copy())
        sig = inplace_logistic(EXTREME.copy())
    assert np.all(np.isfinite(out))
    assert np.all(out <= 0)
    # log(sigmoid(z)) -> z as z -> -inf, -> 0 as z -> +inf
    assert out[0] == -1e308 and out[1] == -1e300 and out[2] == -1000.0
    assert out[-1] == 0.0 and out[-2] == 0.0
    # equals log(sigmoid) wherever the latter is finite
    with np.errstate(divide="ignore"):
        log_sig = np.log(sig)
    ok = np.isfinite(log_sig)
    assert ok.sum() >= 7
    np.testing.assert_allclose(out[ok], log_sig[ok], rtol=1e-12, atol=1e-15)


SOFTMAX_ROWS = np.array(
    [
        [1e308, 0.0, -1e307],
        [-1e308, 0.0, 1e307],
        [1000.0, -1000.0, 0.0],
        [-1000.0, -1000.0, -1000.0],
        [1e300, 1e300, -1e300],
        [0.1, -0.3, 2.0],
        [5.0, 5.0, 5.0],
    ]
)


def test_softmax_extreme_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = inplace_softmax(SOFTMAX_ROWS.copy())
    assert np.all(np.isfinite(p)) and np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_array_equal(p[0], [1, 0, 0])
    np.testing.assert_array_equal(p[1], [0, 0, 1])
    np.testing.assert_array_equal(p[2], [1, 0, 0])
    np.testing.assert_allclose(p[3], [1 / 3] * 3)
    np.testing.assert_allclose(p[4], [0.5, 0.5, 0])
    e = np.exp(SOFTMAX_ROWS[5])
    np.testing.assert_allclose(p[5], e / e.sum(), rtol=1e-14)


def test_softmax_full_finite_range_does_not_warn():
    """The module promises no warning for *any* finite input; a row spanning
    the whole float64 range makes ``z - max(z)`` overflow to -inf."""
    z = np.array([[1e308, -1e308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = inplace_softmax(z.copy())
    np.testing.assert_array_equal(p, [[1.0, 0.0]])


def test_log_softmax_extreme_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lp = log_softmax(SOFTMAX_ROWS.copy())
        p = inplace_softmax(SOFTMAX_ROWS.copy())
    assert np.all(np.isfinite(lp)) and np.all(lp <= 0)
    np.testing.assert_allclose(lp[0], [0.0, -1e308, -1.1e308], rtol=1e-15)
    np.testing.assert_allclose(lp[2], [0.0, -2000.0, -1000.0], rtol=1e-15)
    np.testing.assert_allclose(np.exp(lp).sum(axis=1), 1.0, rtol=1e-14)
    with np.errstate(divide="ignore"):
        log_p = np.log(p)
    ok = np.isfinite(log_p)
    assert ok.sum() >= 12
    np.testing.assert_allclose(lp[ok], log_p[ok], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", HIDDEN_ACTIVATIONS)
def test_activation_derivatives_match_finite_differences(name):
    rng = np.random.RandomState(3)
    z = np.concatenate([np.linspace(-6, 6, 41), rng.normal(scale=2, size=20)])
    z = z[np.abs(z) > 1e-3]  # away from relu's kink
    f = ACTIVATIONS[name]
    h = 1e-6
    fd = (f(z + h) - f(z - h)) / (2 * h)
    a = f(z.copy())
    delta = rng.normal(size=z.shape)
    out = DERIVATIVES[name](a, delta.copy())
    np.testing.assert_allclose(out, delta * fd, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(DERIVATIVES[name](a, np.ones_like(z)), fd, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("dtype, bound", [(np.float64, 500.0), (np.float32, 60.0)])
def test_softmax_with_and_without_row_shift_agree(dtype, bound):
    """Logits within +-bound skip the shift by the row maximum; one row beyond
    that range makes every row shifted. Both give the same probabilities
    and log-sum-exps, and both match the shifted textbook formula."""
    rng = np.random.RandomState(0)
    z = rng.normal(scale=bound / 10, size=(30, 7))
    z[0] = [bound - 1, bound - 2, -(bound - 1), 0.0, 1.0, 2.0, 3.0]
    z[1] = -(bound - 1) + rng.uniform(size=7)  # every exponential tiny
    z = z.astype(dtype)
    unshifted = np.empty_like(z)
    lse_unshifted = softmax_and_logsumexp(z, unshifted)
    # just beyond the bound in float32 as well as float64
    extreme = np.vstack([z, [[2 * bound, 0, 0, 0, 0, 0, -2 * bound]]]).astype(dtype)
    shifted = np.empty_like(extreme)
    lse_shifted = softmax_and_logsumexp(extreme, shifted)
    assert unshifted.dtype == dtype and np.isfinite(unshifted).all()
    tol = dict(rtol=1e-5, atol=1e-30) if dtype == np.float32 else dict(rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(unshifted, shifted[:30], **tol)
    np.testing.assert_allclose(lse_unshifted, lse_shifted[:30], rtol=tol["rtol"])
    z64 = z.astype(np.float64)
    top = z64.max(axis=1, keepdims=True)
    reference = np.exp(z64 - top) / np.exp(z64 - top).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(unshifted, reference, **tol)
    np.testing.assert_allclose(
        lse_unshifted, top[:, 0] + np.log(np.exp(z64 - top).sum(axis=1)), rtol=tol["rtol"]
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_of_large_logits_in_each_dtype(dtype):
    """Logits that overflow exp in float32 (above 88) but not in float64."""
    z = np.array([[100.0, 0.0, 0.0], [-200.0, -201.0, -202.0], [95.0, 94.0, -300.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = inplace_softmax(z.copy())
        lse = softmax_and_logsumexp(z, np.empty_like(z))
    assert np.isfinite(p).all() and np.isfinite(lse).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(p[0], [1.0, 0.0, 0.0], atol=1e-30)
    np.testing.assert_allclose(
        lse,
        [100.0, -200.0 + np.log1p(np.exp(-1) + np.exp(-2)), 95.0 + np.log1p(np.exp(-1))],
        rtol=1e-6,
    )


def test_softmax_jacobian_matches_finite_differences():
    rng = np.random.RandomState(4)
    z = rng.normal(size=(1, 4))
    p = inplace_softmax(z.copy())[0]
    h = 1e-6
    J = np.empty((4, 4))
    for j in range(4):
        e = np.zeros((1, 4))
        e[0, j] = h
        J[:, j] = (inplace_softmax(z + e)[0] - inplace_softmax(z - e)[0]) / (2 * h)
    np.testing.assert_allclose(J, np.diag(p) - np.outer(p, p), atol=1e-9)
