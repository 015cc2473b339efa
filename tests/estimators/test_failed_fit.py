"""A failed fit changes nothing: the previous model, its hidden training
state and a later warm-start continuation stay as they were.

Every test asserts the exact behaviour that would break: the exception type
and a message naming the parameter or the problem, the absence of
RuntimeWarnings (overflow, invalid value) and of NaN, and, for failing calls,
that a previously fitted estimator keeps every attribute and prediction.
"""

import warnings

import numpy as np
import pytest
from validation_problems import (
    X3,
    Y3,
    _assert_same,
    _fitted,
    _small,
    _Snapshot,
    _with,
)

# ------------------------------------------------------------ transactional fit


def _failing_fits():
    """(description, params to set, call(est)) for calls that must fail."""
    X_nan = _with(X3, (0, 0), np.nan)
    return [
        ("nan-X", {}, lambda e: e.fit(X_nan, Y3)),
        ("inf-X", {}, lambda e: e.fit(_with(X3, (2, 2), np.inf), Y3)),
        ("single-class", {}, lambda e: e.fit(X3, np.ones(len(Y3)))),
        ("continuous-y", {}, lambda e: e.fit(X3, X3[:, 0])),
        ("length-mismatch", {}, lambda e: e.fit(X3, Y3[:-2])),
        ("bad-sample-weight", {}, lambda e: e.fit(X3, Y3, sample_weight=-np.ones(len(Y3)))),
        ("bad-param", {"alpha": -1.0}, lambda e: e.fit(X3, Y3)),
        ("bad-hidden", {"hidden_layer_sizes": (0,)}, lambda e: e.fit(X3, Y3)),
        (
            "divergence",
            {"solver": "sgd", "learning_rate_init": 1e6, "activation": "relu"},
            lambda e: e.fit(X3 * 1e100, Y3),
        ),
        (
            "lbfgs-non-finite",
            {"solver": "lbfgs", "activation": "relu"},
            lambda e: e.fit(X3 * 1e250, Y3),
        ),
    ]


@pytest.mark.parametrize("warm_start", [False, True])
@pytest.mark.parametrize("name, params, call", _failing_fits(), ids=[f[0] for f in _failing_fits()])
def test_failed_fit_leaves_fitted_estimator_unchanged(name, params, call, warm_start):
    est = _fitted(activation="relu", warm_start=warm_start)
    snapshot = _Snapshot(est, X3)
    original = est.get_params()
    est.set_params(**params)
    with pytest.raises(ValueError):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            call(est)
    est.set_params(**original)
    snapshot.check(est)


def test_failed_fit_does_not_change_a_later_warm_start_continuation():
    # The hidden training state (optimizer, epoch counters) must be untouched
    # too: continuing after a failure equals continuing without it.
    clean = _fitted(warm_start=True, solver="sgd", activation="relu")
    failed = _fitted(warm_start=True, solver="sgd", activation="relu")
    original = failed.get_params()
    failed.set_params(learning_rate_init=1e6)
    with pytest.raises(ValueError, match="diverged"):
        failed.fit(X3 * 1e100, Y3)
    with pytest.raises(ValueError, match="NaN"):
        failed.fit(_with(X3, (0, 0), np.nan), Y3)
    failed.set_params(**original)
    clean.fit(X3, Y3)
    failed.fit(X3, Y3)
    _assert_same(vars(clean), vars(failed))


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_failed_partial_fit_leaves_estimator_unchanged(solver):
    est = _small(solver=solver, activation="relu", batch_size=5)
    est.partial_fit(X3, Y3, classes=[0, 1, 2])
    est.partial_fit(X3, Y3)
    snapshot = _Snapshot(est, X3)
    failing = [
        (lambda: est.partial_fit(X3, np.where(Y3 == 1, 9, Y3)), "classes not in"),
        (lambda: est.partial_fit(X3[:, :2], Y3), "X has 2 features"),
        (lambda: est.partial_fit(_with(X3, (0, 0), np.nan), Y3), "NaN"),
        (lambda: est.partial_fit(X3, Y3, classes=[0, 1]), "not the same as on last call"),
        (lambda: est.partial_fit(X3, Y3, sample_weight=np.ones(3)), "sample_weight"),
    ]
    if solver == "sgd":  # Adam's steps are bounded by learning_rate_init: no divergence
        failing.append((lambda: est.partial_fit(X3 * 1e150, Y3), "diverged in epoch 1"))
    original = est.get_params()
    for call, match in failing:
        if "diverged" in match:
            est.set_params(learning_rate_init=1e6)
        with pytest.raises(ValueError, match=match):
            call()
        est.set_params(**original)
        snapshot.check(est)

    # The next successful call continues exactly as if nothing had failed.
    reference = _small(solver=solver, activation="relu", batch_size=5)
    reference.partial_fit(X3, Y3, classes=[0, 1, 2])
    reference.partial_fit(X3, Y3)
    reference.partial_fit(X3, Y3)
    est.partial_fit(X3, Y3)
    _assert_same(vars(reference), vars(est))
    assert est.t_ == 3 * len(Y3)
