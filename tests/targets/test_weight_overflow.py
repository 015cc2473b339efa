"""Extreme weights and ``class_weight`` values.

- Sample weights, class weights or ``alpha`` that overflow the objective get
  a ValueError that says so; weights just below that train as the same
  objective with unit weights does.
- ``class_weight`` values must be numbers; a column-vector ``y`` warns once.
"""

import warnings
from fractions import Fraction

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_digits, make_blobs
from sklearn.exceptions import ConvergenceWarning, DataConversionWarning

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

X, Y = make_blobs(n_samples=60, centers=3, n_features=4, random_state=0)
X = (X - X.mean(axis=0)) / X.std(axis=0)


def _small(solver, **params):
    return NumpyMLPClassifier(
        hidden_layer_sizes=(5,), solver=solver, max_iter=2, random_state=0, **params
    )


# ---------------------------------------------------------- weight overflow


def _overflowing_fit(case, solver):
    n = len(Y)
    if case == "sample_weight":
        return _small(solver), dict(sample_weight=np.full(n, 1e308))
    if case == "alpha":
        return _small(solver, alpha=1e308), {}
    if case == "class_weight":
        return _small(solver, class_weight={0: 1e308, 1: 1e308, 2: 1e308}), {}
    raise ValueError(case)


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
@pytest.mark.parametrize(
    "case, message",
    [
        ("sample_weight", "sum of the sample weights overflows float64"),
        ("class_weight", "sum of the sample weights overflows float64"),
        ("alpha", "L2 penalty overflows float64"),
    ],
)
def test_overflowing_weights_or_alpha_are_named(case, message, solver):
    est, kwargs = _overflowing_fit(case, solver)
    with pytest.raises(ValueError, match=message) as info:
        est.fit(X, Y, **kwargs)
    assert "diverged" not in str(info.value) and "non-finite" not in str(info.value)
    # a fitted model stays as it was
    fitted = _small(solver).fit(X, Y)
    proba = fitted.predict_proba(X)
    fitted.set_params(alpha=est.alpha, class_weight=est.class_weight)
    with pytest.raises(ValueError, match=message):
        fitted.fit(X, Y, **kwargs)
    assert_array_equal(fitted.predict_proba(X), proba)


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_overflow_messages_for_the_regressor(solver):
    target = X[:, 0]
    est = NumpyMLPRegressor(hidden_layer_sizes=(5,), solver=solver, max_iter=2, random_state=0)
    with pytest.raises(ValueError, match="sum of the sample weights overflows"):
        est.fit(X, target, sample_weight=np.full(len(target), 1e308))
    with pytest.raises(ValueError, match="L2 penalty overflows"):
        est.set_params(alpha=1e308).fit(X, target)


def test_float32_overflow_is_checked_in_float32():
    X32 = X.astype(np.float32)
    # 1e39 is finite in float64 but not in float32
    with pytest.raises(ValueError, match="Some sample weights overflow float32"):
        _small("adam", class_weight={0: 1e39}).fit(X32, Y)
    with pytest.raises(ValueError, match="sum of the sample weights overflows float32"):
        _small("adam").fit(X32, Y, sample_weight=np.full(len(Y), 1e37))
    with pytest.raises(ValueError, match="L2 penalty overflows float32"):
        _small("adam", alpha=1e38).fit(X32, Y)
    # the same alpha and weights are fine in float64
    _small("adam", alpha=1e38).fit(X, Y)
    _small("adam").fit(X, Y, sample_weight=np.full(len(Y), 1e37))


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_weights_near_the_overflow_train_like_unit_weights(solver):
    """Multiplying every weight and alpha by a power of two c leaves the
    objective unchanged. With a weight sum close to float64's maximum the
    weighted sum of the losses overflows, so the objective must be computed
    as a weighted mean (before, lbfgs recorded an infinite loss curve)."""
    X_d, y_d = load_digits(return_X_y=True)
    X_d, y_d = X_d[:400] / 16, y_d[:400]
    c = 2.0**1015  # 400 * c is about 1.4e308; the losses are about 2.3
    params = dict(hidden_layer_sizes=(20,), solver=solver, max_iter=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        unit = NumpyMLPClassifier(alpha=1e-4, **params).fit(X_d, y_d)
        heavy = NumpyMLPClassifier(alpha=1e-4 * c, **params).fit(
            X_d, y_d, sample_weight=np.full(len(y_d), c)
        )
    assert np.isfinite(heavy.loss_curve_).all()
    assert_allclose(heavy.loss_curve_, unit.loss_curve_, rtol=1e-12)
    for a, b in zip(heavy.coefs_ + heavy.intercepts_, unit.coefs_ + unit.intercepts_):
        assert_allclose(a, b, rtol=1e-10, atol=1e-12)


# ------------------------------------------------------------ class_weight


@pytest.mark.parametrize("bad", ["2", b"2", True, np.bool_(True)], ids=repr)
def test_class_weight_strings_and_booleans_are_rejected(bad):
    est = _small("lbfgs", class_weight={0: bad})
    with pytest.raises(ValueError, match="class_weight values must be real numbers") as info:
        est.fit(X, Y)
    assert "label 0" in str(info.value)
    assert not hasattr(est, "coefs_")


@pytest.mark.parametrize(
    "weight", [np.float32(2), np.int64(2), np.array(2.0), Fraction(2)], ids=repr
)
def test_class_weight_numbers_of_any_type_are_accepted(weight):
    reference = _small("lbfgs", class_weight={0: 2.0}).fit(X, Y)
    est = _small("lbfgs", class_weight={0: weight}).fit(X, Y)
    assert_array_equal(est.predict_proba(X), reference.predict_proba(X))


@pytest.mark.parametrize(
    "params",
    [
        dict(solver="lbfgs"),
        dict(solver="adam"),
        dict(solver="adam", early_stopping=True),
    ],
    ids=str,
)
def test_column_vector_y_with_balanced_class_weight_warns_once(params):
    est = NumpyMLPClassifier(
        hidden_layer_sizes=(5,), max_iter=2, random_state=0, class_weight="balanced", **params
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        est.fit(X, Y[:, None])
    conversions = [w for w in caught if issubclass(w.category, DataConversionWarning)]
    assert len(conversions) == 1
    ravelled = NumpyMLPClassifier(**est.get_params()).fit(X, Y)
    assert_array_equal(est.predict_proba(X), ravelled.predict_proba(X))
    assert not [
        w for w in caught if not issubclass(w.category, (DataConversionWarning, ConvergenceWarning))
    ]
