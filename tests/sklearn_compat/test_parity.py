"""Numerical parity with ``sklearn.neural_network.MLPClassifier``: the
solvers (adam, sgd with momentum and its schedules, lbfgs) and
scikit-learn's weight initialisation.

``MLPClassifier`` is the independent reference: with ``activation="relu"``
and ``learning_rate_init=1e-3`` (which make the initialisation and the step
size the same) and the same ``random_state``, both must run the same
training loop and end with the same weights.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from parity_problems import (
    PARITY,
    SKLEARN_ALPHA,
    X_BIN,
    X_MC,
    Y_BIN,
    Y_MC,
    _assert_parity,
    _assert_same_weights,
    _fit_both,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from weights import all_weights

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.usefixtures("single_threaded_blas")


# ---------------------------------------------------------------------------
# Parity with sklearn.neural_network.MLPClassifier
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("problem", ["binary", "multiclass"])
@pytest.mark.parametrize("hidden", [(8,), (6, 4)])
def test_parity_adam(problem, hidden):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    ours, ref = _fit_both(X, y, hidden_layer_sizes=hidden, random_state=0, max_iter=40, **PARITY)
    _assert_parity(ours, ref)
    assert ours.n_iter_ == 40
    assert_allclose(ours.best_loss_, ref.best_loss_, rtol=1e-6)


@pytest.mark.parametrize("activation", ["logistic", "tanh", "relu", "identity"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_sklearn_weight_init_draws_mlpclassifier_weights(activation, dtype, problem):
    # One sgd epoch with a step of 1e-300 leaves the initial weights exactly
    # as drawn (the update rounds away), so both estimators' coefs_ are their
    # initial weights: weight_init="sklearn" must draw MLPClassifier's.
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    params = dict(
        activation=activation,
        solver="sgd",
        momentum=0.0,
        learning_rate_init=1e-300,
        hidden_layer_sizes=(5, 4),
        max_iter=1,
        random_state=3,
    )
    ours = NumpyMLPClassifier(weight_init="sklearn", **params).fit(X.astype(dtype), y)
    ref = MLPClassifier(**params).fit(X.astype(dtype), y)
    for a, b in zip(all_weights(ours), all_weights(ref)):
        assert a.dtype == b.dtype == dtype
        assert_array_equal(a, b)
    default = NumpyMLPClassifier(**params).fit(X.astype(dtype), y)
    same = all(np.array_equal(a, b) for a, b in zip(all_weights(default), all_weights(ref)))
    assert same == (activation != "logistic")


@pytest.mark.parametrize("activation", ["logistic", "tanh"])
@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_parity_sklearn_weight_init(activation, solver):
    # weight_init="sklearn" starts from MLPClassifier's weights for every
    # activation, logistic included, so the whole trajectory coincides.
    X, y = X_MC, Y_MC
    params = dict(
        activation=activation,
        solver=solver,
        learning_rate_init=1e-2,
        hidden_layer_sizes=(8, 5),
        random_state=0,
        max_iter=30,
        batch_size=32,
        alpha=SKLEARN_ALPHA,
    )
    ours = NumpyMLPClassifier(weight_init="sklearn", **params).fit(X, y)
    ref = MLPClassifier(**params).fit(X, y)
    _assert_parity(ours, ref)
    # Guard: with logistic units the default bound is wider, so the default
    # initialisation really is a different starting point.
    default = NumpyMLPClassifier(**dict(ours.get_params(), weight_init="glorot_uniform"))
    default.fit(X, y)
    if activation == "logistic":
        assert not np.allclose(default.coefs_[0], ref.coefs_[0], rtol=1e-3, atol=0)
    else:
        _assert_same_weights(default, ours, rtol=0, atol=0)


def test_parity_adam_small_batches_and_convergence():
    # Mini-batches of 16, a large tol: the n_iter_no_change rule stops both
    # at the same epoch, before max_iter.
    params = dict(
        hidden_layer_sizes=(8,),
        random_state=2,
        max_iter=200,
        batch_size=16,
        tol=1e-2,
        n_iter_no_change=3,
        **PARITY,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours, ref = _fit_both(X_MC, Y_MC, **params)
    assert ours.n_iter_ < 200
    _assert_parity(ours, ref)


def test_parity_max_iter_warning():
    params = dict(hidden_layer_sizes=(4,), random_state=0, max_iter=3, **PARITY)
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        ours = NumpyMLPClassifier(**params).fit(X_BIN, Y_BIN)
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        ref = MLPClassifier(**params).fit(X_BIN, Y_BIN)
    _assert_parity(ours, ref)


@pytest.mark.parametrize("nesterov", [True, False])
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_parity_sgd_momentum(nesterov, problem):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    ours, ref = _fit_both(
        X,
        y,
        solver="sgd",
        nesterovs_momentum=nesterov,
        momentum=0.9,
        batch_size=32,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=30,
        **PARITY,
    )
    _assert_parity(ours, ref)


def test_parity_sgd_nesterov_differs_from_plain_momentum():
    # Guard: the two momentum variants really are different trajectories, so
    # the parity test above would notice if one were ignored.
    common = dict(
        solver="sgd", batch_size=32, hidden_layer_sizes=(8,), random_state=0, max_iter=30, **PARITY
    )
    a = NumpyMLPClassifier(nesterovs_momentum=True, **common).fit(X_MC, Y_MC)
    b = NumpyMLPClassifier(nesterovs_momentum=False, **common).fit(X_MC, Y_MC)
    assert not np.allclose(a.coefs_[0], b.coefs_[0], rtol=1e-6, atol=0)


@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_parity_sgd_invscaling(problem):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    params = dict(
        solver="sgd",
        learning_rate="invscaling",
        power_t=0.25,
        batch_size=20,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=30,
        **PARITY,
    )
    ours, ref = _fit_both(X, y, **params)
    _assert_parity(ours, ref)
    constant = NumpyMLPClassifier(**dict(params, learning_rate="constant")).fit(X, y)
    assert not np.allclose(constant.coefs_[0], ours.coefs_[0], rtol=1e-6, atol=0)


def test_parity_sgd_adaptive():
    # A tol no epoch can meet: every n_iter_no_change + 1 epochs the rate is
    # divided by 5, until it is below 1e-6 and training stops.
    params = dict(
        solver="sgd",
        learning_rate="adaptive",
        tol=10.0,
        n_iter_no_change=2,
        batch_size=30,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=200,
        **PARITY,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours, ref = _fit_both(X_MC, Y_MC, **params)
    # Epoch 1 improves on best_loss_=inf; then every third epoch lowers the
    # rate (epochs 4, 7, 10, 13, 16: 1e-3 / 5**5 < 1e-6) and epoch 19 stops.
    assert ours.n_iter_ == 19
    _assert_parity(ours, ref)
    assert ours._optimizer["learning_rate"] == pytest.approx(ref._optimizer.learning_rate)

    # A learning rate that improves: adaptive on a real plateau.
    params.update(tol=1e-3, learning_rate_init=0.05, n_iter_no_change=3)
    ours, ref = _fit_both(X_BIN, Y_BIN, **params)
    _assert_parity(ours, ref)


@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_parity_lbfgs(problem):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    params = dict(solver="lbfgs", hidden_layer_sizes=(8,), random_state=0, max_iter=20, **PARITY)
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        ours = NumpyMLPClassifier(**params).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        ref = MLPClassifier(**params).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_ == 20
    _assert_parity(ours, ref, check_curve=False, rtol=1e-4)
    assert len(ours.loss_curve_) == ours.n_iter_
    assert ours.loss_curve_[-1] == pytest.approx(ours.loss_, rel=1e-12)


def test_parity_lbfgs_converged():
    # A strong penalty: both converge (no warning) after the same iterations.
    params = dict(
        solver="lbfgs",
        hidden_layer_sizes=(4,),
        random_state=0,
        max_iter=500,
        tol=1e-6,
        **{**PARITY, "alpha": 5.0},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours, ref = _fit_both(X_BIN, Y_BIN, **params)
    assert ours.n_iter_ < 500
    assert ours.n_iter_ == ref.n_iter_
    _assert_parity(ours, ref, check_curve=False, rtol=1e-4)
