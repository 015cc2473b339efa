"""``sample_weight``: zero weights drop rows, integer weights repeat them, and
weighted training matches scikit-learn's.

Compared with scikit-learn's MLPClassifier where both train alike (see
``training_problems``); everything else against its documented definition.
"""

import warnings

import numpy as np
import pytest
from training_problems import (
    X3,
    Y3,
    _quiet_fit,
    assert_same_weights,
    ours,
    sklearns,
)
from weights import all_weights

# ----------------------------------------------------------------- sample_weight


def _weight_cases():
    rng = np.random.RandomState(3)
    k = rng.randint(0, 4, len(Y3))
    k[:3] = [0, 2, 3]
    return k


# L-BFGS runs are kept to 30 iterations: the weighted and the dropped or
# repeated problems have the same objective but sum it in a different order,
# and L-BFGS on a non-convex network amplifies that rounding by about ten
# every 10 iterations; after 100, how far apart the two runs end depends on
# the order of every sum (measured from 2e-8 to 3e-5 across versions of
# this code), after 30 it stays near 1e-13.
@pytest.mark.parametrize(
    "params",
    [
        dict(solver="lbfgs", activation="logistic", max_iter=30, alpha=0.1),
        dict(solver="lbfgs", activation="relu", max_iter=30, alpha=1.0),
        dict(solver="lbfgs", activation="tanh", max_iter=30, alpha=0.1),
        dict(solver="sgd", batch_size=1000, max_iter=15),
        dict(solver="sgd", batch_size=1000, max_iter=15, shuffle=False, momentum=0.0),
        dict(solver="adam", batch_size=1000, max_iter=15),
        dict(solver="adam", activation="logistic", batch_size=1000, max_iter=15),
    ],
    ids=["lbfgs-logistic", "lbfgs-relu", "lbfgs-tanh", "sgd", "sgd-plain", "adam", "adam-logistic"],
)
def test_sample_weight_zero_drops_and_integer_repeats(params):
    k = _weight_cases()
    weighted = _quiet_fit(ours(**params), X3, Y3, sample_weight=k.astype(float))
    repeated = _quiet_fit(ours(**params), np.repeat(X3, k, axis=0), np.repeat(Y3, k))
    np.testing.assert_allclose(weighted.predict_proba(X3), repeated.predict_proba(X3), atol=1e-8)
    np.testing.assert_allclose(weighted.loss_, repeated.loss_, rtol=1e-6)
    # Zero weights only: equal to dropping the rows.
    keep = np.ones(len(Y3))
    keep[::4] = 0
    zero = _quiet_fit(ours(**params), X3, Y3, sample_weight=keep)
    dropped = _quiet_fit(ours(**params), X3[keep > 0], Y3[keep > 0])
    np.testing.assert_allclose(zero.predict_proba(X3), dropped.predict_proba(X3), atol=1e-8)
    # And the weights matter at all.
    plain = _quiet_fit(ours(**params), X3, Y3)
    assert np.abs(plain.predict_proba(X3) - weighted.predict_proba(X3)).max() > 1e-3


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_sample_weight_matches_sklearn(solver):
    sw = np.random.RandomState(0).uniform(0.5, 2.0, len(Y3))
    params = dict(solver=solver, batch_size=16, max_iter=10)
    est = _quiet_fit(ours(**params), X3, Y3, sample_weight=sw)
    ref = _quiet_fit(sklearns(**params), X3, Y3, sample_weight=sw)
    assert_same_weights(est, ref, atol=1e-10)
    if solver != "lbfgs":
        np.testing.assert_allclose(est.loss_curve_, ref.loss_curve_, rtol=1e-12)


def test_uniform_sample_weight_changes_nothing():
    for solver in ("adam", "lbfgs"):
        a = _quiet_fit(ours(solver=solver, max_iter=10), X3, Y3)
        ones = _quiet_fit(ours(solver=solver, max_iter=10), X3, Y3, sample_weight=np.ones(len(Y3)))
        assert_same_weights(a, ones, atol=1e-12)
        # A constant c > 1 also rescales the L2 term (alpha / sum of weights,
        # as documented and as in sklearn), so compare without penalty.
        a0 = _quiet_fit(ours(solver=solver, max_iter=10, alpha=0.0), X3, Y3)
        c0 = _quiet_fit(
            ours(solver=solver, max_iter=10, alpha=0.0), X3, Y3, sample_weight=np.full(len(Y3), 2.5)
        )
        assert_same_weights(a0, c0, atol=1e-10)


def _zero_weight_batches():
    # Rows alternate between the two halves' orders so that, without
    # shuffling, the first 3 mini-batches of 10 hold exactly the 30 rows of
    # weight 0: dropping those rows must be an exact equivalent.
    order = np.argsort(np.arange(len(Y3)) % 2, kind="stable")
    return X3[order], Y3[order], np.r_[np.zeros(30), np.ones(30)]


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_sample_weight_zero_rows_with_mini_batches(solver):
    # A mini-batch whose weights are all zero is valid input (weights are
    # non-negative and not all zero); it must not produce 0/0 = NaN and a
    # false "Training diverged" error.
    X, y, sw = _zero_weight_batches()
    params = dict(solver=solver, batch_size=10, shuffle=False, max_iter=5, tol=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        weighted = _quiet_fit(ours(**params), X, y, sample_weight=sw)
    assert all(np.isfinite(w).all() for w in all_weights(weighted))
    assert np.isfinite(weighted.loss_curve_).all()
    dropped = _quiet_fit(ours(**params), X[30:], y[30:])
    np.testing.assert_allclose(weighted.predict_proba(X), dropped.predict_proba(X), atol=1e-8)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_sample_weight_zero_batches_do_not_change_loss_curve(solver):
    X, y, sw = _zero_weight_batches()
    params = dict(solver=solver, batch_size=10, shuffle=False, max_iter=200, tol=1e-3)
    weighted = _quiet_fit(ours(**params), X, y, sample_weight=sw)
    dropped = _quiet_fit(ours(**params), X[30:], y[30:])
    np.testing.assert_allclose(weighted.loss_curve_[:5], dropped.loss_curve_[:5], rtol=1e-10)
    assert weighted.n_iter_ == dropped.n_iter_
    np.testing.assert_allclose(weighted.predict_proba(X), dropped.predict_proba(X), atol=1e-8)
