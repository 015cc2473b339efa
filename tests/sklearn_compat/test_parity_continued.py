"""Numerical parity with ``sklearn.neural_network.MLPClassifier`` with sample
weights and in continued training: ``warm_start``, ``partial_fit`` and
``early_stopping``.

``MLPClassifier`` is the independent reference: with ``activation="relu"``
and ``learning_rate_init=1e-3`` (which make the initialisation and the step
size the same) and the same ``random_state``, both must run the same
training loop and end with the same weights.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from parity_problems import (
    PARITY,
    X_BIN,
    X_MC,
    Y_BIN,
    Y_MC,
    _assert_parity,
    _binary,
    _fit_both,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.usefixtures("single_threaded_blas")


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_parity_sample_weight(solver, problem):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    rng = np.random.RandomState(42)
    sw = rng.uniform(0.1, 3.0, size=len(y))
    sw[:10] = 0.0
    params = dict(solver=solver, hidden_layer_sizes=(8,), random_state=0, max_iter=20, **PARITY)
    ours, ref = _fit_both(X, y, fit_params={"sample_weight": sw}, **params)
    unweighted = NumpyMLPClassifier(**params).fit(X, y)
    _assert_parity(
        ours, ref, check_curve=solver != "lbfgs", rtol=1e-6 if solver != "lbfgs" else 1e-4
    )
    assert not np.allclose(unweighted.coefs_[0], ours.coefs_[0], rtol=1e-6, atol=0)


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_parity_warm_start(solver):
    params = dict(
        solver=solver,
        warm_start=True,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=15,
        **PARITY,
    )
    ours = NumpyMLPClassifier(**params)
    ref = MLPClassifier(**params)
    ours.fit(X_MC, Y_MC)
    ref.fit(X_MC, Y_MC)
    first = [c.copy() for c in ours.coefs_]
    _assert_parity(ours, ref)
    ours.fit(X_MC, Y_MC)
    ref.fit(X_MC, Y_MC)
    _assert_parity(ours, ref)
    assert ours.n_iter_ == 15
    assert len(ours.loss_curve_) == 30  # the history continues
    assert ours.t_ == 30 * len(Y_MC)
    # The second fit started from the first solution, not from scratch.
    cold = NumpyMLPClassifier(**dict(params, warm_start=False)).fit(X_MC, Y_MC)
    assert not np.allclose(ours.coefs_[0], first[0], rtol=1e-6, atol=0)
    assert not np.allclose(ours.coefs_[0], cold.coefs_[0], rtol=1e-6, atol=0)

    # Different classes on a warm-start refit are refused, as in sklearn.
    for est in (ours, ref):
        with pytest.raises(ValueError, match="warm_start can only be used"):
            est.fit(X_MC[Y_MC < 2], Y_MC[Y_MC < 2])


def test_parity_warm_start_lbfgs():
    params = dict(
        solver="lbfgs",
        warm_start=True,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=10,
        **PARITY,
    )
    ours = NumpyMLPClassifier(**params)
    ref = MLPClassifier(**params)
    for _ in range(2):
        with pytest.warns(ConvergenceWarning):
            ours.fit(X_MC, Y_MC)
        with pytest.warns(ConvergenceWarning):
            ref.fit(X_MC, Y_MC)
        _assert_parity(ours, ref, check_curve=False, rtol=1e-4)


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_parity_partial_fit(solver):
    params = dict(solver=solver, hidden_layer_sizes=(8,), random_state=0, **PARITY)
    ours = NumpyMLPClassifier(**params)
    ref = MLPClassifier(**params)
    classes = np.unique(Y_MC)
    # First chunk lacks class 2: allowed because classes is given.
    chunks = [np.flatnonzero(Y_MC != 2)[:40]] + np.array_split(np.arange(len(Y_MC)), 4)
    for i, idx in enumerate(chunks):
        kwargs = {"classes": classes} if i == 0 else {}
        ours.partial_fit(X_MC[idx], Y_MC[idx], **kwargs)
        ref.partial_fit(X_MC[idx], Y_MC[idx], **kwargs)
        assert ours.n_iter_ == ref.n_iter_ == 1
        assert len(ours.loss_curve_) == i + 1
        _assert_parity(ours, ref)


def test_parity_partial_fit_binary_with_sample_weight():
    params = dict(hidden_layer_sizes=(8,), random_state=3, batch_size=16, **PARITY)
    ours = NumpyMLPClassifier(**params)
    ref = MLPClassifier(**params)
    sw = np.linspace(0.5, 2.0, len(Y_BIN))
    for idx in np.array_split(np.arange(len(Y_BIN)), 3):
        ours.partial_fit(X_BIN[idx], Y_BIN[idx], classes=[0, 1], sample_weight=sw[idx])
        ref.partial_fit(X_BIN[idx], Y_BIN[idx], classes=[0, 1], sample_weight=sw[idx])
    _assert_parity(ours, ref)


@pytest.mark.parametrize("with_weights", [False, True])
def test_parity_early_stopping_binary(with_weights):
    params = dict(
        early_stopping=True,
        validation_fraction=0.2,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=300,
        n_iter_no_change=5,
        batch_size=32,
        **PARITY,
    )
    fit_params = {}
    if with_weights:
        fit_params["sample_weight"] = np.random.RandomState(0).uniform(0.5, 2, len(Y_BIN))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours, ref = _fit_both(X_BIN, Y_BIN, fit_params=fit_params, **params)
    assert ours.n_iter_ < 300  # stopped early
    _assert_parity(ours, ref)
    assert ours.best_loss_ is None and ref.best_loss_ is None
    assert len(ours.validation_scores_) == ours.n_iter_
    assert_allclose(ours.validation_scores_, ref.validation_scores_)
    assert ours.best_validation_score_ == pytest.approx(ref.best_validation_score_)
    assert ours.best_validation_score_ == max(ours.validation_scores_)


def test_parity_early_stopping_restores_best_weights():
    # Long enough that the last epoch is not the best one: both must restore
    # the weights of the best validation epoch, not keep the last ones.
    params = dict(
        early_stopping=True,
        validation_fraction=0.3,
        hidden_layer_sizes=(16,),
        random_state=0,
        max_iter=300,
        n_iter_no_change=8,
        tol=0.0,
        learning_rate_init=1e-2,
        activation="relu",
        batch_size=16,
    )
    X, y = _binary(n_samples=100, random_state=5)
    ours, ref = _fit_both(X, y, **params)
    scores = ours.validation_scores_
    assert int(np.argmax(scores)) < len(scores) - 1
    _assert_parity(ours, ref)
