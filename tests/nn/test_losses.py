"""Losses: finite at extreme logits, their output deltas equal to finite
differences, their values equal to a plain numpy reference.
"""

import warnings

import numpy as np
import pytest
from network_reference import (
    LOSS_KIND_CASES,
    _targets,
)
from scipy.special import xlogy

from sknumpynet._nn.activations import OUTPUT_ACTIVATIONS
from sknumpynet._nn.losses import LOSSES


def _out(out_activation, raw):
    return OUTPUT_ACTIVATIONS[out_activation](raw.copy())


def test_log_loss_finite_for_extreme_logits():
    value = LOSSES["log_loss"]
    raw = np.array([[-1e308], [1e308], [-1000.0], [1000.0], [-1e308], [1e308], [0.0]])
    y = np.array([[1.0], [0.0], [1.0], [0.0], [0.0], [1.0], [1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = value(y, raw, "logistic")
    assert np.all(np.isfinite(v))
    np.testing.assert_allclose(v, [1e308, 1e308, 1000.0, 1000.0, 0.0, 0.0, np.log(2)], rtol=1e-15)

    raw3 = np.array([[1000.0, -1000.0, 0.0], [1e300, -1e300, 0.0], [1e300, -1e300, 0.0]])
    y3 = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v3 = value(y3, raw3, "softmax")
    assert np.all(np.isfinite(v3))
    np.testing.assert_allclose(v3, [2000.0, 0.0, 1e300], rtol=1e-15)


def test_squared_error_bounded_for_extreme_logits():
    value = LOSSES["squared_error"]
    raw = np.array([[-1e308, 1e308, 1000.0], [0.0, -1000.0, 1e300]])
    y = np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = value(y, raw, "logistic")
        # softmax rows spanning less than the float64 range (see
        # test_softmax_full_finite_range_does_not_warn for the full range)
        raw_s = np.array([[-1e307, 1e307, 1000.0], [0.0, -1000.0, 1e300]])
        vs = value(y, raw_s, "softmax")
    np.testing.assert_allclose(v, [1.0, 0.5 * (0.25 + 1 + 1)])
    # p = [0, 1, 0] and [0, 0, 1]
    np.testing.assert_allclose(vs, [0.5 * (1 + 1 + 1), 0.5 * (1 + 1 + 1)])


@pytest.mark.parametrize("loss, kind", LOSS_KIND_CASES)
def test_loss_delta_matches_finite_differences(loss, kind):
    rng = np.random.RandomState(5)
    Y, out_activation = _targets(kind, rng, 5)
    raw = rng.normal(scale=2.0, size=Y.shape)
    loss_function = LOSSES[loss]

    def total(r):
        return loss_function(Y, r, out_activation).sum()

    h = 1e-6
    fd = np.empty_like(raw)
    for idx in np.ndindex(raw.shape):
        e = np.zeros_like(raw)
        e[idx] = h
        fd[idx] = (total(raw + e) - total(raw - e)) / (2 * h)
    d = np.full_like(raw, np.nan)
    value = loss_function(Y, raw, out_activation, d)
    np.testing.assert_array_equal(value, loss_function(Y, raw, out_activation))
    np.testing.assert_allclose(d, fd, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("loss, kind", LOSS_KIND_CASES)
def test_loss_value_matches_reference(loss, kind):
    rng = np.random.RandomState(6)
    Y, out_activation = _targets(kind, rng, 5)
    raw = rng.normal(scale=2.0, size=Y.shape)
    if out_activation == "identity":
        p = raw
    elif out_activation == "exp":
        p = np.exp(raw)
    else:
        p = _out(out_activation, raw)
    v = LOSSES[loss](Y, raw, out_activation)
    if loss == "squared_error":
        ref = 0.5 * ((Y - p) ** 2).sum(axis=1)
    elif loss == "poisson":
        ref = (xlogy(Y, Y / p) - Y + p).sum(axis=1)
    elif out_activation == "softmax":
        ref = -(Y * np.log(p)).sum(axis=1)
    else:
        ref = -(Y * np.log(p) + (1 - Y) * np.log(1 - p)).sum(axis=1)
    np.testing.assert_allclose(v, ref, rtol=1e-12)


def test_poisson_loss_finite_for_extreme_logits():
    """exp is capped at the largest float: no overflow warning, a finite
    loss and gradient for logits far beyond exp's range, and an exact
    gradient ``p - y`` where p is representable."""
    raw = np.array([[1e300, 0.0], [-1e300, 0.0], [800.0, -800.0], [709.0, -745.0], [0.0, 0.0]])
    y = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 0.0], [3.0, 1.0], [0.0, 4.0]])
    delta = np.full_like(raw, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = LOSSES["poisson"](y, raw, "exp", delta)
    big = np.finfo(np.float64).max
    assert np.isfinite(value).all() and np.isfinite(delta).all()
    expected = [
        big,
        xlogy(2, 2) + 2e300 - 2 + 1.0,
        big,
        xlogy(3, 3) - 3 * 709.0 - 3 + np.exp(709.0) + 745.0 - 1 + np.exp(-745.0),
        1.0 + xlogy(4, 4) - 4 + 1.0,
    ]
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    np.testing.assert_allclose(
        delta,
        [[big, 1], [-2, 1], [big, 0], [np.exp(709.0) - 3, np.exp(-745.0) - 1], [1, -3]],
        rtol=1e-12,
    )
