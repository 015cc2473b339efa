"""The tabular estimators' input transform against a by-hand reference:
quartiles from sorted columns, the recipe's fall-backs for flat and
constant features, and smooth clipping's bounds for any finite input."""

import numpy as np
import pytest

from sknumpynet import TabularMLPClassifier, TabularMLPRegressor
from sknumpynet._tabular.input_transform import (
    fit_robust_scaling,
    robust_transform,
    smooth_clip,
)


def _quantile(column, q):
    """The inverted empirical distribution function, written out: the
    ``ceil(q n)``-th smallest value."""
    s = np.sort(column)
    return s[max(int(np.ceil(q * len(s))) - 1, 0)]


def test_robust_scaling_matches_quartiles_by_hand():
    rng = np.random.RandomState(0)
    X = np.column_stack(
        [
            rng.lognormal(size=101) * 1e4,  # skewed, large
            rng.randn(101) * 1e-3,  # small
            np.r_[np.zeros(90), rng.randn(11)],  # quartiles coincide: half the range
            np.full(101, 7.0),  # constant: 0
        ]
    )
    median, factor = fit_robust_scaling(X)
    for j in range(2):
        col = X[:, j]
        assert median[j] == pytest.approx(_quantile(col, 0.5), rel=1e-12)
        iqr = _quantile(col, 0.75) - _quantile(col, 0.25)
        assert factor[j] == pytest.approx(1.0 / iqr, rel=1e-12)
    assert factor[2] == pytest.approx(2.0 / (X[:, 2].max() - X[:, 2].min()), rel=1e-12)
    assert median[3] == 7.0 and factor[3] == 0.0
    Z = robust_transform(X, median, factor, None, np.float64)
    # the scaled columns have inter-quartile range 1, the constant one is 0
    for j in range(2):
        assert _quantile(Z[:, j], 0.75) - _quantile(Z[:, j], 0.25) == pytest.approx(1.0)
    assert (Z[:, 3] == 0).all()


def test_a_weight_of_k_is_k_copies_and_zero_leaves_a_row_out():
    rng = np.random.RandomState(2)
    X = rng.lognormal(size=(30, 3))
    weights = rng.randint(0, 4, 30).astype(float)
    copies = np.repeat(X, weights.astype(int), axis=0)
    weighted = fit_robust_scaling(X, weights)
    for got, want in zip(weighted, fit_robust_scaling(copies)):
        np.testing.assert_array_equal(got, want)


def test_smooth_clip_is_the_formula_and_bounded():
    x = np.linspace(-50, 50, 1001)
    expected = x / np.sqrt(1 + (x / 3.0) ** 2)
    np.testing.assert_allclose(smooth_clip(x.copy(), 3.0), expected, rtol=1e-14)
    extreme = np.array([-np.finfo(float).max, -1e200, 1e-300, 1e200, np.finfo(float).max])
    with np.errstate(all="raise"):
        out = smooth_clip(extreme, 3.0)
    assert np.isfinite(out).all() and (np.abs(out) <= 3.0).all()
    assert out[0] == -3.0 and out[-1] == 3.0 and out[2] == pytest.approx(1e-300)
    # a bound below 1: the ratio x / bound would overflow
    np.testing.assert_array_equal(smooth_clip(extreme[[0, -1]], 0.5), [-0.5, 0.5])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_transform_is_finite_for_any_finite_input(dtype):
    big = np.finfo(np.float64).max
    X = np.array([[-big, 0.0], [big, 1e-300], [0.0, 2e-300], [1.0, 3e-300], [2.0, 0.0]])
    median, factor = fit_robust_scaling(X)
    with np.errstate(all="raise"):
        for bound in (3.0, None):
            Z = robust_transform(X, median, factor, bound, dtype)
            assert Z.dtype == dtype and np.isfinite(Z).all()


@pytest.mark.parametrize("Estimator", [TabularMLPClassifier, TabularMLPRegressor])
def test_fitted_statistics_are_the_training_rows(Estimator):
    rng = np.random.RandomState(1)
    X = rng.randn(60, 3) * [1e-3, 1.0, 1e4] + [0.0, 5.0, -1e3]
    y = (X[:, 0] > 0).astype(int)
    est = Estimator(hidden_layer_sizes=(4,), max_iter=2, random_state=0).fit(X, y)
    median, factor = fit_robust_scaling(X)
    np.testing.assert_array_equal(est.feature_median_, median)
    np.testing.assert_array_equal(est.feature_scale_, factor)
