"""When training stops and what it reports: ``ConvergenceWarning``, ``tol``
and ``n_iter_no_change``, ``verbose`` lines, ``loss_curve_`` / ``loss_`` / ``t_``.

Compared with scikit-learn's MLPClassifier where both train alike (see
``training_problems``); everything else against its documented definition.
"""

import re
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from training_problems import (
    X2,
    X3,
    X_EASY,
    Y2,
    Y3,
    Y_EASY,
    _quiet_fit,
    assert_same_weights,
    initial_weights,
    ours,
    sklearns,
)

# ------------------------------------------------------------- ConvergenceWarning


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_convergence_warning_when_max_iter_ends_stochastic_training(solver):
    est = ours(solver=solver, max_iter=3, tol=0.0)
    with pytest.warns(
        ConvergenceWarning, match=r"Stochastic Optimizer: Maximum iterations \(3\) reached"
    ):
        est.fit(X3, Y3)
    assert est.n_iter_ == 3 and len(est.loss_curve_) == 3
    with pytest.warns(ConvergenceWarning, match=r"Maximum iterations \(3\)"):
        sklearns(solver=solver, max_iter=3, tol=0.0).fit(X3, Y3)


def test_convergence_warning_for_lbfgs():
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge.*max_iter"):
        est = ours(solver="lbfgs", max_iter=2).fit(X3, Y3)
    assert est.n_iter_ == 2
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge.*max_fun"):
        ours(solver="lbfgs", max_fun=3).fit(X3, Y3)
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        sklearns(solver="lbfgs", max_iter=2).fit(X3, Y3)


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_no_convergence_warning_when_training_stops_on_its_own(solver):
    est = ours(solver=solver, max_iter=500, tol=1e-3, alpha=1e-2)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X_EASY, Y_EASY)
    assert est.n_iter_ < 500
    assert est.score(X_EASY, Y_EASY) > 0.95


def test_no_convergence_warning_from_partial_fit():
    est = ours(solver="sgd", max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.partial_fit(X3, Y3, classes=[0, 1, 2])
        est.partial_fit(X3, Y3)


# ------------------------------------------------------------ tol, n_iter_no_change


@pytest.mark.parametrize("solver", ["sgd", "adam"])
@pytest.mark.parametrize("n_iter_no_change", [1, 3])
def test_tol_rule_counts_epochs_like_sklearn(solver, n_iter_no_change):
    # With a tolerance larger than any possible improvement, every epoch after
    # the first counts as "no improvement": training stops after exactly
    # n_iter_no_change + 2 epochs (the first sets best_loss_ from +inf).
    params = dict(solver=solver, tol=10.0, n_iter_no_change=n_iter_no_change, max_iter=100)
    est = ours(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X3, Y3)
    assert est.n_iter_ == n_iter_no_change + 2
    assert sklearns(**params).fit(X3, Y3).n_iter_ == est.n_iter_


def _epochs_until_stop(curve, tol, n_iter_no_change):
    """Replay sklearn's rule: count epochs whose loss is not below best - tol."""
    best, count = np.inf, 0
    for epoch, loss in enumerate(curve, start=1):
        count = count + 1 if loss > best - tol else 0
        best = min(best, loss)
        if count > n_iter_no_change:
            return epoch
    return None


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_tol_stops_early_on_an_easy_problem(solver):
    est = ours(solver=solver, max_iter=300, tol=1e-3, n_iter_no_change=5)
    est.fit(X_EASY, Y_EASY)
    assert est.n_iter_ < 300
    # The documented rule, replayed on loss_curve_, stops at the same epoch.
    assert _epochs_until_stop(est.loss_curve_, tol=1e-3, n_iter_no_change=5) == est.n_iter_
    ref = sklearns(solver=solver, max_iter=300, tol=1e-3, n_iter_no_change=5).fit(X_EASY, Y_EASY)
    assert ref.n_iter_ == est.n_iter_


@pytest.mark.parametrize("early_stopping", [False, True])
def test_infinite_n_iter_no_change_never_stops(early_stopping):
    est = ours(
        solver="adam", tol=10.0, n_iter_no_change=np.inf, max_iter=12, early_stopping=early_stopping
    )
    with pytest.warns(ConvergenceWarning, match=r"Maximum iterations \(12\)"):
        est.fit(X3, Y3)
    assert est.n_iter_ == 12 and len(est.loss_curve_) == 12


def test_early_stopping_tol_rule_uses_validation_score():
    # tol larger than any accuracy gain: stops after n_iter_no_change + 2 epochs.
    est = ours(solver="adam", early_stopping=True, tol=2.0, n_iter_no_change=2, max_iter=50)
    est.fit(X3, Y3)
    assert est.n_iter_ == 4


# ---------------------------------------------------------------------- verbose


LINE = re.compile(r"^Iteration (\d+), loss = (\d+\.\d{8})$")


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_verbose_prints_one_line_per_epoch_like_sklearn(capsys, solver):
    est = ours(solver=solver, verbose=True, max_iter=7)
    _quiet_fit(est, X3, Y3)
    out = capsys.readouterr().out
    lines = out.splitlines()
    iterations = [LINE.match(line) for line in lines if line.startswith("Iteration")]
    assert len(iterations) == est.n_iter_ == 7
    assert all(iterations)
    assert [int(m.group(1)) for m in iterations] == list(range(1, 8))
    np.testing.assert_allclose([float(m.group(2)) for m in iterations], est.loss_curve_, atol=1e-8)
    _quiet_fit(sklearns(solver=solver, verbose=True, max_iter=7), X3, Y3)
    assert capsys.readouterr().out == out  # same trajectory, same text


def test_verbose_prints_validation_score_with_early_stopping(capsys):
    params = dict(
        solver="adam",
        verbose=True,
        early_stopping=True,
        validation_fraction=0.25,
        n_iter_no_change=3,
        max_iter=60,
    )
    est = ours(**params).fit(X2, Y2)
    out = capsys.readouterr().out
    scores = re.findall(r"^Validation score: (\d\.\d{6})$", out, flags=re.M)
    assert len(scores) == est.n_iter_
    np.testing.assert_allclose([float(s) for s in scores], est.validation_scores_, atol=1e-6)
    assert len(re.findall(r"^Iteration \d+, loss = ", out, flags=re.M)) == est.n_iter_
    if est.n_iter_ < 60:
        assert "Validation score did not improve more than tol" in out
    # Binary targets: sklearn stratifies the same way, so the output is identical.
    sklearns(**params).fit(X2, Y2)
    assert capsys.readouterr().out == out


def test_verbose_lbfgs_and_silent_default(capsys):
    est = _quiet_fit(ours(solver="lbfgs", verbose=True, max_iter=5), X3, Y3)
    out = capsys.readouterr().out
    assert len(re.findall(r"^Iteration \d+, loss = \d+\.\d{8}$", out, flags=re.M)) == est.n_iter_
    _quiet_fit(ours(solver="adam", max_iter=3), X3, Y3)
    assert capsys.readouterr().out == ""


# -------------------------------------------------------- loss_curve_, loss_, t_


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_loss_curve_loss_and_t(solver):
    est = _quiet_fit(ours(solver=solver, batch_size=16, max_iter=15), X3, Y3)
    assert len(est.loss_curve_) == est.n_iter_
    assert est.loss_ == est.loss_curve_[-1]
    assert est.best_loss_ == min(est.loss_curve_)
    assert np.isfinite(est.loss_curve_).all()
    if solver != "lbfgs":
        assert est.t_ == est.n_iter_ * len(Y3)
        ref = _quiet_fit(sklearns(solver=solver, batch_size=16, max_iter=15), X3, Y3)
        np.testing.assert_allclose(est.loss_curve_, ref.loss_curve_, rtol=1e-12)
        assert est.t_ == ref.t_ and est.n_iter_ == ref.n_iter_
        assert_same_weights(est, ref)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_loss_is_the_last_epoch_not_the_best(solver):
    # A large step makes the curve noisy: the last epoch is not the best one.
    est = _quiet_fit(ours(solver=solver, learning_rate_init=0.3, batch_size=8, max_iter=30), X3, Y3)
    assert est.loss_curve_[-1] > min(est.loss_curve_)
    assert est.loss_ == est.loss_curve_[-1]
    assert est.best_loss_ == min(est.loss_curve_)


def test_first_loss_is_the_documented_objective_at_the_initial_weights():
    # Full batch: loss_curve_[0] is the objective before the first update,
    # mean log-loss + alpha / (2 n) * sum of squared weights.
    alpha = 0.5
    est = _quiet_fit(
        ours(activation="logistic", solver="sgd", batch_size=len(Y3), alpha=alpha, max_iter=1),
        X3,
        Y3,
    )
    coefs, intercepts, _ = initial_weights(0, [3, 6, 3])
    hidden = 1 / (1 + np.exp(-(X3 @ coefs[0] + intercepts[0])))
    logits = hidden @ coefs[1] + intercepts[1]
    proba = np.exp(logits - logits.max(axis=1, keepdims=True))
    proba /= proba.sum(axis=1, keepdims=True)
    expected = log_loss(Y3, proba) + alpha / (2 * len(Y3)) * sum((c**2).sum() for c in coefs)
    np.testing.assert_allclose(est.loss_curve_[0], expected, rtol=1e-10)


@pytest.mark.parametrize("activation", ["logistic", "relu", "tanh"])
def test_full_batch_gradient_descent_decreases_the_loss(activation):
    est = _quiet_fit(
        ours(
            activation=activation,
            solver="sgd",
            momentum=0.0,
            batch_size=len(Y_EASY),
            learning_rate_init=0.05,
            max_iter=40,
            tol=0.0,
        ),
        X_EASY,
        Y_EASY,
    )
    curve = np.array(est.loss_curve_)
    assert len(curve) == 40
    assert (np.diff(curve) < 0).all()
    assert curve[-1] < 0.9 * curve[0]


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_training_learns_an_easy_problem(solver):
    est = _quiet_fit(ours(solver=solver, activation="logistic", max_iter=200), X_EASY, Y_EASY)
    assert est.score(X_EASY, Y_EASY) > 0.95
    assert est.loss_curve_[-1] < est.loss_curve_[0]
