"""Behaviour of the training loop, compared with sklearn's MLPClassifier.

With ``activation='relu'`` or ``'tanh'`` both estimators draw the same
initial weights (Glorot bound sqrt(6 / (fan_in + fan_out)), weight matrix then
bias, from ``check_random_state(random_state)``), then the same early-stopping
split and shuffles from the same RandomState, so the whole training
trajectory can be compared with sklearn's to rounding error. Everything else
is checked against its documented definition.
"""

import itertools
import re
import threading
import warnings

import numpy as np
import pytest
import scipy
import scipy.optimize
from blas_expectations import limited_during_fit
from sklearn.datasets import load_digits, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_info, threadpool_limits

from sknumpynet import NumpyMLPClassifier, _base
from sknumpynet._nn.network import output_logits
from sknumpynet._threads import serial_other_blas

# --------------------------------------------------------------------- helpers


def _data(n_samples=60, n_classes=3, seed=0, separation=1.0):
    X, y = make_blobs(
        n_samples=n_samples,
        centers=n_classes,
        n_features=3,
        cluster_std=2.0 / separation,
        random_state=seed,
    )
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y


X3, Y3 = _data()
X2, Y2 = _data(n_classes=2)
X_EASY, Y_EASY = _data(n_samples=80, separation=4.0)  # well separated blobs


def _params(**params):
    base = dict(
        hidden_layer_sizes=(6,),
        activation="relu",
        learning_rate_init=0.01,
        random_state=0,
        max_iter=20,
    )
    base.update(params)
    return base


def ours(**params):
    return NumpyMLPClassifier(**_params(**params))


def sklearns(**params):
    return MLPClassifier(**_params(**params))


def _quiet_fit(est, X, y, **kwargs):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*batch_size.*clipped")
        return est.fit(X, y, **kwargs)


def _weights(est):
    return est.coefs_ + est.intercepts_


def assert_same_weights(a, b, atol=1e-12):
    assert [w.shape for w in _weights(a)] == [w.shape for w in _weights(b)]
    for u, v in zip(_weights(a), _weights(b)):
        np.testing.assert_allclose(u, v, rtol=0, atol=atol)


def initial_weights(seed, layer_units):
    """The documented initialisation, drawn independently of the estimator."""
    rng = np.random.RandomState(seed)
    coefs, intercepts = [], []
    for fan_in, fan_out in itertools.pairwise(layer_units):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        coefs.append(rng.uniform(-bound, bound, (fan_in, fan_out)))
        intercepts.append(rng.uniform(-bound, bound, fan_out))
    return coefs, intercepts, rng


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


# ---------------------------------------------------------------- early_stopping


def test_early_stopping_attributes_and_restored_weights():
    # Multiclass: reproduce the (stratified) split from the documented order of
    # draws, score the returned model on it, and compare with a run truncated
    # at the best epoch, whose last weights are the best weights.
    params = dict(
        solver="adam",
        early_stopping=True,
        validation_fraction=0.3,
        n_iter_no_change=4,
        max_iter=80,
        batch_size=10,
    )
    est = ours(**params).fit(X3, Y3)
    n = est.n_iter_
    assert n < 80
    assert len(est.validation_scores_) == len(est.validation_loss_curve_) == n
    assert len(est.loss_curve_) == n
    assert est.best_loss_ is None
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert np.isfinite(est.validation_loss_curve_).all()
    assert est.t_ == n * (len(Y3) - round(0.3 * len(Y3)))

    _, _, rng = initial_weights(0, [3, 6, 3])
    train, val = train_test_split(np.arange(len(Y3)), random_state=rng, test_size=0.3, stratify=Y3)
    assert est.score(X3[val], Y3[val]) == est.best_validation_score_
    # validation_loss_curve_ is the mean log-loss on that split, without L2.
    best = int(np.argmax(est.validation_scores_))
    assert best < n - 1  # restoring weights actually matters here
    truncated = _quiet_fit(ours(**dict(params, max_iter=best + 1)), X3, Y3)
    assert truncated.validation_scores_ == est.validation_scores_[: best + 1]
    assert_same_weights(est, truncated, atol=0)
    np.testing.assert_allclose(
        log_loss(Y3[val], truncated.predict_proba(X3[val])),
        est.validation_loss_curve_[best],
        rtol=1e-10,
    )
    # The weights of the last epoch are not the returned ones.
    last = _quiet_fit(ours(**dict(params, early_stopping=False, max_iter=n)), X3[train], Y3[train])
    assert not np.allclose(_weights(last)[0], est.coefs_[0])


def test_early_stopping_binary_matches_sklearn():
    params = dict(
        solver="adam",
        early_stopping=True,
        validation_fraction=0.25,
        n_iter_no_change=5,
        max_iter=60,
        batch_size=16,
    )
    est = ours(**params).fit(X2, Y2)
    ref = sklearns(**params).fit(X2, Y2)
    assert est.n_iter_ == ref.n_iter_
    assert est.validation_scores_ == ref.validation_scores_
    assert est.best_validation_score_ == ref.best_validation_score_
    np.testing.assert_allclose(est.loss_curve_, ref.loss_curve_, rtol=1e-12)
    assert_same_weights(est, ref)


def test_early_stopping_with_sample_weight_scores_are_weighted():
    sw = np.where(Y2 == 1, 3.0, 1.0)
    est = ours(
        solver="adam",
        early_stopping=True,
        validation_fraction=0.25,
        max_iter=30,
        n_iter_no_change=3,
    ).fit(X2, Y2, sample_weight=sw)
    _, _, rng = initial_weights(0, [3, 6, 1])
    _, val = train_test_split(np.arange(len(Y2)), random_state=rng, test_size=0.25, stratify=Y2)
    np.testing.assert_allclose(
        est.score(X2[val], Y2[val], sample_weight=sw[val]), est.best_validation_score_
    )


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
    first = (list(est.loss_curve_), est.t_, [w.copy() for w in _weights(est)])
    _quiet_fit(est, X3, Y3)
    assert est.loss_curve_ == first[0] and est.t_ == first[1]
    for u, v in zip(_weights(est), first[2]):
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


# -------------------------------------------------------------------- batch_size


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_batch_size_larger_than_n_samples_warns_and_clips(solver):
    with pytest.warns(
        UserWarning,
        match="Got `batch_size` less than 1 or larger than sample size. It is going to be clipped",
    ):
        big = ours(solver=solver, batch_size=1000, max_iter=5).fit(X3, Y3)
    full = _quiet_fit(ours(solver=solver, batch_size=len(Y3), max_iter=5), X3, Y3)
    assert_same_weights(big, full, atol=0)
    assert big.loss_curve_ == full.loss_curve_
    with pytest.warns(UserWarning, match="It is going to be clipped"):
        sklearns(solver=solver, batch_size=1000, max_iter=5).fit(X3, Y3)


def test_batch_size_equal_to_n_samples_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours(solver="sgd", batch_size=len(Y3), max_iter=2).fit(X3, Y3)


@pytest.mark.parametrize("n_samples, expected", [(60, 60), (250, 200)])
def test_batch_size_auto_is_min_200_n_samples(n_samples, expected):
    X, y = _data(n_samples=n_samples)
    auto = _quiet_fit(ours(solver="adam", batch_size="auto", max_iter=3), X, y)
    explicit = _quiet_fit(ours(solver="adam", batch_size=expected, max_iter=3), X, y)
    assert_same_weights(auto, explicit, atol=0)
    other = _quiet_fit(ours(solver="adam", batch_size=expected // 2, max_iter=3), X, y)
    assert not np.allclose(other.coefs_[0], auto.coefs_[0])


def test_batch_size_ignored_by_lbfgs():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = ours(solver="lbfgs", batch_size=1000, max_iter=10).fit(X3, Y3)
    b = _quiet_fit(ours(solver="lbfgs", max_iter=10), X3, Y3)
    assert_same_weights(a, b, atol=0)


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


@pytest.mark.parametrize(
    "solver, trainer",
    [("lbfgs", (scipy.optimize, "minimize")), ("adam", (_base, "run_epochs"))],
)
def test_training_runs_other_blas_on_one_thread(monkeypatch, solver, trainer):
    """While a solver runs, every BLAS library but numpy's own uses one thread
    (their workers would otherwise compete with numpy's for the CPU); numpy's
    keeps its setting, and all are restored afterwards."""
    seen = []
    module, name = trainer
    real = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(threadpool_info())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    # two threads everywhere first, so that one thread during the fit is a change
    with threadpool_limits(limits=2, user_api="blas"):
        before = threadpool_info()
        _quiet_fit(ours(solver=solver, max_iter=5), X3, Y3)
        after = threadpool_info()
    assert len(seen) == 1
    assert any(limited_during_fit(lib, before) for lib in before)
    for lib, during in zip(before, seen[0]):
        assert during["filepath"] == lib["filepath"]
        expected = 1 if limited_during_fit(lib, before) else lib["num_threads"]
        assert during["num_threads"] == expected
    assert after == before


def test_overlapping_blas_limits_are_shared():
    """Fits that overlap in several threads leave in any order: the first to
    leave must not lift the one-thread limit while another still trains,
    and the last restores the settings from before the first."""
    entered = [threading.Event(), threading.Event()]
    release = [threading.Event(), threading.Event()]
    seen = {}

    def fit(i):
        entered[i].set()
        assert release[i].wait(10)

    with threadpool_limits(limits=2, user_api="blas"):
        before = threadpool_info()
        expected = [1 if limited_during_fit(lib, before) else lib["num_threads"] for lib in before]
        threads = [threading.Thread(target=serial_other_blas, args=(fit, i)) for i in (0, 1)]
        for thread, event in zip(threads, entered):
            thread.start()
            assert event.wait(10)
        release[0].set()  # the first fit finishes first
        threads[0].join(10)
        seen["one left"] = [lib["num_threads"] for lib in threadpool_info()]
        release[1].set()
        threads[1].join(10)
        seen["both left"] = threadpool_info()
    assert seen["one left"] == expected
    assert seen["both left"] == before


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
    assert all(np.isfinite(w).all() for w in _weights(weighted))
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


# ----------------------------------------------------------- learning_rate schedules


def test_invscaling_decreases_the_learning_rate_like_sklearn():
    params = dict(
        solver="sgd",
        learning_rate="invscaling",
        learning_rate_init=0.5,
        power_t=0.5,
        max_iter=6,
        batch_size=16,
    )
    est = _quiet_fit(ours(**params), X3, Y3)
    ref = _quiet_fit(sklearns(**params), X3, Y3)
    assert est._optimizer["learning_rate"] == pytest.approx(0.5 / (est.t_ + 1) ** 0.5, rel=1e-12)
    assert est._optimizer["learning_rate"] < 0.5
    assert est._optimizer["learning_rate"] == pytest.approx(ref._optimizer.learning_rate, rel=1e-12)
    assert_same_weights(est, ref)
    constant = _quiet_fit(ours(**dict(params, learning_rate="constant")), X3, Y3)
    assert not np.allclose(constant.coefs_[0], est.coefs_[0])
    assert constant._optimizer["learning_rate"] == 0.5


def test_invscaling_with_partial_fit_uses_samples_seen():
    est = ours(solver="sgd", learning_rate="invscaling", learning_rate_init=0.5, power_t=0.25)
    est.partial_fit(X3, Y3, classes=[0, 1, 2])
    est.partial_fit(X3, Y3)
    assert est._optimizer["learning_rate"] == pytest.approx(0.5 / (2 * len(Y3) + 1) ** 0.25)


def test_adaptive_divides_learning_rate_by_5_on_plateau(capsys):
    params = dict(
        solver="sgd",
        learning_rate="adaptive",
        tol=10.0,
        n_iter_no_change=1,
        max_iter=9,
        batch_size=16,
        verbose=True,
    )
    est = _quiet_fit(ours(**params), X3, Y3)
    out = capsys.readouterr().out
    rates = [float(r) for r in re.findall(r"Setting learning rate to (\d+\.\d+)", out)]
    # Epoch 1 sets the best loss; then every 2 epochs without improvement > 1.
    assert len(rates) == 4
    np.testing.assert_allclose(rates, [0.01 / 5**i for i in range(1, 5)], atol=1e-6)
    assert est._optimizer["learning_rate"] == pytest.approx(0.01 / 5**4)
    assert est.n_iter_ == 9  # the adaptive schedule does not stop training
    ref = _quiet_fit(sklearns(**params), X3, Y3)
    assert capsys.readouterr().out == out
    assert ref._optimizer.learning_rate == pytest.approx(est._optimizer["learning_rate"])
    assert_same_weights(est, ref)


def test_adaptive_stops_once_learning_rate_is_tiny(capsys):
    est = ours(
        solver="sgd",
        learning_rate="adaptive",
        learning_rate_init=1e-5,
        tol=10.0,
        n_iter_no_change=1,
        max_iter=100,
        verbose=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X3, Y3)
    out = capsys.readouterr().out
    assert "Learning rate too small. Stopping." in out
    # 1e-5 -> 2e-6 -> 4e-7 (<= 1e-6): stop at the next plateau.
    assert est._optimizer["learning_rate"] == pytest.approx(4e-7)
    assert est.n_iter_ == 7


@pytest.mark.parametrize("learning_rate", ["invscaling", "adaptive"])
def test_schedules_do_not_affect_adam(learning_rate):
    a = _quiet_fit(ours(solver="adam", learning_rate=learning_rate, max_iter=8), X3, Y3)
    b = _quiet_fit(ours(solver="adam", max_iter=8), X3, Y3)
    assert_same_weights(a, b, atol=0)


# ------------------------------------------------------------------ random_state


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_random_state(solver):
    a = _quiet_fit(ours(solver=solver, random_state=3, max_iter=8), X3, Y3)
    b = _quiet_fit(ours(solver=solver, random_state=3, max_iter=8), X3, Y3)
    c = _quiet_fit(ours(solver=solver, random_state=4, max_iter=8), X3, Y3)
    assert_same_weights(a, b, atol=0)
    assert a.loss_curve_ == b.loss_curve_
    np.testing.assert_array_equal(a.predict_proba(X3), b.predict_proba(X3))
    assert not np.allclose(a.coefs_[0], c.coefs_[0])
    # A RandomState instance is accepted and gives the int seed's stream.
    d = _quiet_fit(ours(solver=solver, random_state=np.random.RandomState(3), max_iter=8), X3, Y3)
    assert_same_weights(a, d, atol=0)


def test_random_state_instance_is_consumed_like_sklearn():
    rs = np.random.RandomState(0)
    est = ours(solver="adam", random_state=rs, max_iter=3)
    first = [w.copy() for w in _weights(_quiet_fit(est, X3, Y3))]
    second = _weights(_quiet_fit(est, X3, Y3))
    assert not np.allclose(first[0], second[0])


def test_random_state_none_gives_different_models():
    a = _quiet_fit(ours(solver="adam", random_state=None, max_iter=2), X3, Y3)
    b = _quiet_fit(ours(solver="adam", random_state=None, max_iter=2), X3, Y3)
    assert not np.allclose(a.coefs_[0], b.coefs_[0])


def test_initial_weights_follow_the_documented_contract():
    # One epoch of plain full-batch gradient descent from the documented
    # initialisation, done by hand, equals the estimator's.
    est = _quiet_fit(
        ours(
            solver="sgd",
            activation="tanh",
            momentum=0.0,
            batch_size=len(Y3),
            max_iter=1,
            learning_rate_init=0.1,
            alpha=0.0,
            shuffle=False,
        ),
        X3,
        Y3,
    )
    ref = MLPClassifier(
        **_params(
            solver="sgd",
            activation="tanh",
            momentum=0.0,
            batch_size=len(Y3),
            max_iter=1,
            learning_rate_init=0.1,
            alpha=0.0,
            shuffle=False,
        )
    )
    _quiet_fit(ref, X3, Y3)
    coefs, intercepts, _ = initial_weights(0, [3, 6, 3])
    h = np.tanh(X3 @ coefs[0] + intercepts[0])
    z = h @ coefs[1] + intercepts[1]
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d2 = (p - np.eye(3)[Y3]) / len(Y3)
    d1 = (d2 @ coefs[1].T) * (1 - h**2)
    expected = [coefs[0] - 0.1 * X3.T @ d1, coefs[1] - 0.1 * h.T @ d2]
    for got, want in zip(est.coefs_, expected):
        np.testing.assert_allclose(got, want, atol=1e-12)
    assert_same_weights(est, ref)


# ------------------------------------------------------------ hidden_layer_sizes


@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_no_hidden_layer_is_logistic_regression(solver):
    est = _quiet_fit(ours(hidden_layer_sizes=(), solver=solver, max_iter=300, alpha=1.0), X3, Y3)
    assert est.n_layers_ == 2
    assert [c.shape for c in est.coefs_] == [(3, 3)]
    assert [b.shape for b in est.intercepts_] == [(3,)]
    assert est.score(X3, Y3) > 0.8
    # Convex problem: lbfgs reaches the same optimum as sklearn's.
    if solver == "lbfgs":
        ref = _quiet_fit(
            sklearns(hidden_layer_sizes=(), solver="lbfgs", max_iter=300, alpha=1.0), X3, Y3
        )
        np.testing.assert_allclose(est.predict_proba(X3), ref.predict_proba(X3), atol=1e-4)
    binary = _quiet_fit(ours(hidden_layer_sizes=(), solver=solver, max_iter=100), X2, Y2)
    assert [c.shape for c in binary.coefs_] == [(3, 1)]


@pytest.mark.parametrize(
    "sizes, shapes",
    [
        (7, [(3, 7), (7, 3)]),
        ([7], [(3, 7), (7, 3)]),
        (np.array([4, 5]), [(3, 4), (4, 5), (5, 3)]),
    ],
)
def test_int_and_sequence_hidden_layer_sizes(sizes, shapes):
    est = _quiet_fit(ours(hidden_layer_sizes=sizes, max_iter=5), X3, Y3)
    assert [c.shape for c in est.coefs_] == shapes
    assert est.n_layers_ == len(shapes) + 1
    assert est.hidden_layer_sizes is sizes  # the parameter is not modified


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_deep_network_matches_sklearn(solver):
    params = dict(hidden_layer_sizes=(8, 6, 4), solver=solver, max_iter=15, batch_size=16)
    est = _quiet_fit(ours(**params), X3, Y3)
    ref = _quiet_fit(sklearns(**params), X3, Y3)
    assert est.n_layers_ == ref.n_layers_ == 5
    assert [c.shape for c in est.coefs_] == [(3, 8), (8, 6), (6, 4), (4, 3)]
    assert_same_weights(est, ref, atol=1e-10)
    deep = _quiet_fit(
        ours(hidden_layer_sizes=(8, 6, 4), activation="tanh", max_iter=300), X_EASY, Y_EASY
    )
    assert deep.score(X_EASY, Y_EASY) > 0.95


# ------------------------------------------------ edge cases of the training set


def test_training_split_with_only_zero_weights_is_a_clear_error():
    X = np.random.RandomState(0).randn(40, 3)
    y = np.arange(40) % 2
    sw = np.zeros(40)
    sw[0] = 1
    est = ours(
        hidden_layer_sizes=(3,),
        early_stopping=True,
        validation_fraction=0.5,
        random_state=0,
        max_iter=5,
    )
    with pytest.raises(ValueError, match="sample_weight 0"):
        est.fit(X, y, sample_weight=sw)
    assert not hasattr(est, "coefs_")


def test_multiclass_early_stopping_with_a_rare_class_falls_back_to_a_plain_split():
    # 60 digits: 10 classes cannot all appear in a 6-row validation split,
    # which a stratified split requires; MLPClassifier fits this, and so must we.
    X, y = load_digits(return_X_y=True)
    est = ours(early_stopping=True, random_state=0, max_iter=5).fit(X[:60] / 16, y[:60])
    ref = MLPClassifier(early_stopping=True, random_state=0, max_iter=5).fit(X[:60] / 16, y[:60])
    assert len(est.validation_scores_) == est.n_iter_ == ref.n_iter_ == 5


def test_continued_training_keeps_the_model_dtype():
    X = np.random.RandomState(0).randn(60, 4)
    y = np.arange(60) % 3
    est = ours(solver="sgd", hidden_layer_sizes=(5,)).partial_fit(
        X.astype(np.float32), y, classes=[0, 1, 2]
    )
    est.partial_fit(X, y)  # float64 batch
    assert all(c.dtype == np.float32 for c in est.coefs_ + est.intercepts_)
    assert est.predict_proba(X.astype(np.float32)).dtype == np.float32


def test_warnings_point_at_the_callers_line():
    X = np.random.RandomState(0).randn(40, 3)
    y = np.arange(40) % 2
    for params in [dict(max_iter=2), dict(solver="lbfgs", max_iter=2)]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ours(**params).fit(X, y)
        assert caught and all(w.filename == __file__ for w in caught), [
            (w.filename, str(w.message)) for w in caught
        ]


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_float32_training_with_logits_beyond_float32_exp_range(solver):
    """Unscaled inputs drive float32 logits past 88, where exp overflows in
    float32: training and prediction still work, as in float64."""
    rng = np.random.RandomState(0)
    X, y = make_blobs(n_samples=300, centers=3, n_features=3, random_state=0)
    X = (X * 100.0).astype(np.float32)
    est = _quiet_fit(ours(solver=solver, hidden_layer_sizes=(20,), max_iter=50), X, y)
    assert est.coefs_[0].dtype == np.float32
    probe = np.vstack([X, rng.normal(scale=1000.0, size=(50, 3)).astype(np.float32)])
    logits = output_logits(probe, est.coefs_, est.intercepts_, est.activation)
    assert np.abs(logits).max() > 88  # the case under test
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = est.predict_proba(probe)
    assert proba.dtype == np.float32 and np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(est.predict(probe), est.classes_[proba.argmax(axis=1)])
    assert est.score(X, y) > 0.9
