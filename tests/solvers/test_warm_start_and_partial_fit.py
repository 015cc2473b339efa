"""Continued training: ``warm_start`` and ``partial_fit``.

Compared with scikit-learn's MLPClassifier where both train alike (see
``training_problems``); everything else against its documented definition.
"""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from training_problems import (
    X2,
    X3,
    Y2,
    Y3,
    _quiet_fit,
    assert_same_weights,
    ours,
    sklearns,
)
from weights import all_weights

# -------------------------------------------------------------------- warm_start


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_warm_start_continues_like_sklearn(solver):
    params = dict(solver=solver, warm_start=True, max_iter=5, tol=0.0, batch_size=16)
    est, ref = ours(**params), sklearns(**params)
    _quiet_fit(est, X3, Y3)
    _quiet_fit(ref, X3, Y3)
    first_curve, first_t, first_coef = list(est.loss_curve_), est.t_, est.coefs_[0].copy()
    _quiet_fit(est, X3, Y3)
    _quiet_fit(ref, X3, Y3)
    assert est.n_iter_ == 5
    assert len(est.loss_curve_) == 10 and est.loss_curve_[:5] == first_curve
    assert est.t_ == 2 * first_t == 10 * len(Y3)
    # The second fit starts where the first ended, not from a new initialisation.
    assert abs(est.loss_curve_[5] - first_curve[-1]) < 0.1 * first_curve[-1]
    assert abs(est.loss_curve_[5] - first_curve[-1]) < abs(est.loss_curve_[5] - first_curve[0])
    assert not np.array_equal(est.coefs_[0], first_coef)
    np.testing.assert_allclose(est.loss_curve_, ref.loss_curve_, rtol=1e-12)
    assert est.t_ == ref.t_
    assert_same_weights(est, ref)


def test_without_warm_start_fit_restarts():
    est = _quiet_fit(ours(solver="adam", max_iter=5), X3, Y3)
    first = (list(est.loss_curve_), est.t_, [w.copy() for w in all_weights(est)])
    _quiet_fit(est, X3, Y3)
    assert est.loss_curve_ == first[0] and est.t_ == first[1]
    for u, v in zip(all_weights(est), first[2]):
        np.testing.assert_array_equal(u, v)


def test_warm_start_lbfgs_starts_from_previous_solution():
    est = _quiet_fit(ours(solver="lbfgs", warm_start=True, max_iter=10), X3, Y3)
    first_loss = est.loss_
    _quiet_fit(est, X3, Y3)
    assert est.loss_curve_[0] <= first_loss + 1e-12
    cold = _quiet_fit(ours(solver="lbfgs", max_iter=10), X3, Y3)
    assert cold.loss_curve_[0] > first_loss


# -------------------------------------------------------------------- partial_fit


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_partial_fit_runs_one_epoch_per_call_like_sklearn(solver):
    params = dict(solver=solver, batch_size=16)
    est, ref = ours(**params), sklearns(**params)
    batches = [(X3[:30], Y3[:30]), (X3[30:], Y3[30:]), (X3, Y3)]
    t = 0
    for i, (X, y) in enumerate(batches):
        kwargs = {"classes": [0, 1, 2]} if i == 0 else {}
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            est.partial_fit(X, y, **kwargs)
        ref.partial_fit(X, y, **kwargs)
        t += len(y)
        assert est.n_iter_ == ref.n_iter_ == 1
        assert est.t_ == ref.t_ == t
        assert len(est.loss_curve_) == i + 1
        np.testing.assert_allclose(est.loss_curve_, ref.loss_curve_, rtol=1e-12)
        assert_same_weights(est, ref)


def test_partial_fit_classes_from_argument_and_label_subsets():
    est = ours(solver="sgd")
    only_two = Y3 != 2
    est.partial_fit(X3[only_two], Y3[only_two], classes=np.array([2, 0, 1]))
    np.testing.assert_array_equal(est.classes_, [0, 1, 2])
    assert est.n_outputs_ == 3 and est.out_activation_ == "softmax"
    assert est.predict_proba(X3).shape == (len(Y3), 3)
    est.partial_fit(X3[Y3 == 2], Y3[Y3 == 2])  # a single label is fine later too
    est.partial_fit(X3, Y3, classes=[0, 1, 2])  # repeating the same classes is allowed
    assert est.t_ == len(Y3[only_two]) + len(Y3[Y3 == 2]) + len(Y3)
    # String labels, binary classes given but only one seen.
    labels = np.array(["no", "yes"])[(Y2 > 0).astype(int)]
    bin_est = ours(solver="adam").partial_fit(
        X2[labels == "no"], labels[labels == "no"], classes=["no", "yes"]
    )
    np.testing.assert_array_equal(bin_est.classes_, ["no", "yes"])
    assert bin_est.n_outputs_ == 1
    assert set(bin_est.predict(X2)) <= {"no", "yes"}


def test_partial_fit_after_fit_continues():
    est = _quiet_fit(ours(solver="sgd", max_iter=4), X3, Y3)
    ref = _quiet_fit(sklearns(solver="sgd", max_iter=4), X3, Y3)
    est.partial_fit(X3, Y3)
    ref.partial_fit(X3, Y3)
    assert len(est.loss_curve_) == 5 and est.n_iter_ == 1 and est.t_ == 5 * len(Y3)
    assert_same_weights(est, ref)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_partial_fit_sample_weight(solver):
    # Full batch, one epoch: integer weights equal repeated rows, and the
    # update equals sklearn's.
    sw = np.random.RandomState(1).randint(1, 4, len(Y3)).astype(float)
    params = dict(solver=solver, batch_size=500, shuffle=False)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*batch_size.*clipped")
        weighted = ours(**params).partial_fit(X3, Y3, sample_weight=sw, classes=[0, 1, 2])
        repeated = ours(**params).partial_fit(
            np.repeat(X3, sw.astype(int), axis=0), np.repeat(Y3, sw.astype(int)), classes=[0, 1, 2]
        )
        ref = sklearns(**params).partial_fit(X3, Y3, sample_weight=sw, classes=[0, 1, 2])
    assert_same_weights(weighted, repeated, atol=1e-12)
    assert_same_weights(weighted, ref, atol=1e-12)
    np.testing.assert_allclose(weighted.loss_, repeated.loss_, rtol=1e-12)
    unweighted = ours(**params)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*batch_size.*clipped")
        unweighted.partial_fit(X3, Y3, classes=[0, 1, 2])
    assert not np.allclose(unweighted.coefs_[0], weighted.coefs_[0])
