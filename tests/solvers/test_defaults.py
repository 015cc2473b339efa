"""``learning_rate_init="auto"``: the step size resolved at fit time.

The references are independent of the table: an explicit float gives the
same run as ``"auto"`` resolved to it, and with relu units at their defaults
the run is ``MLPClassifier``'s at its defaults (same initial weights, same
step size, same training loop); tanh units likewise on standardised data
(``tests/nn/test_initialisation.py``).
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet._solvers.defaults import STEP_SIZES, resolve_learning_rate


def _data(n_classes=3):
    X, y = make_classification(
        n_samples=90,
        n_features=5,
        n_informative=4,
        n_redundant=0,
        n_classes=n_classes,
        random_state=0,
    )
    return StandardScaler().fit_transform(X), y


def test_table_covers_every_activation_loss_and_stochastic_solver():
    activations = {"identity", "logistic", "tanh", "relu", "selu", "gelu", "silu", "mish"}
    assert set(STEP_SIZES) == {
        (a, loss) for a in activations for loss in ("log_loss", "squared_error")
    }
    for steps in STEP_SIZES.values():
        assert set(steps) == {"adam", "sgd"}
        assert all(isinstance(v, float) and v > 0 for v in steps.values())


def test_drop_in_entries():
    # relu with adam is MLPClassifier's default step; the default
    # configuration keeps the step it was tuned with.
    assert resolve_learning_rate("auto", "relu", "adam", "log_loss") == 0.001
    assert resolve_learning_rate("auto", "logistic", "adam", "log_loss") == 0.1


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
@pytest.mark.parametrize("activation", ["identity", "logistic", "tanh", "relu"])
@pytest.mark.parametrize("loss", ["log_loss", "squared_error"])
def test_fitted_step_is_the_resolved_one_and_a_float_is_kept(solver, activation, loss):
    X, y = _data()
    params = dict(solver=solver, activation=activation, loss=loss, max_iter=3, random_state=0)
    est = NumpyMLPClassifier(**params).fit(X, y)
    assert est.learning_rate_init == "auto"  # the parameter is left as given
    assert est.learning_rate_init_ == resolve_learning_rate("auto", activation, solver, loss)
    assert (
        NumpyMLPClassifier(**params, learning_rate_init=0.37).fit(X, y).learning_rate_init_ == 0.37
    )


@pytest.mark.parametrize("solver", ["adam", "sgd"])
@pytest.mark.parametrize("activation", ["logistic", "relu"])
def test_auto_trains_exactly_like_the_resolved_float(solver, activation):
    X, y = _data()
    params = dict(solver=solver, activation=activation, max_iter=20, random_state=0)
    auto = NumpyMLPClassifier(**params).fit(X, y)
    explicit = NumpyMLPClassifier(**params, learning_rate_init=auto.learning_rate_init_).fit(X, y)
    for a, b in zip(auto.coefs_ + auto.intercepts_, explicit.coefs_ + explicit.intercepts_):
        assert_array_equal(a, b)
    assert auto.loss_curve_ == explicit.loss_curve_
    # and the step actually reaches the optimiser: another float trains differently
    other = NumpyMLPClassifier(**params, learning_rate_init=auto.learning_rate_init_ * 3)
    assert not np.array_equal(other.fit(X, y).coefs_[0], auto.coefs_[0])


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("solver", ["adam", "sgd"])
@pytest.mark.parametrize("activation", ["relu", "identity"])
def test_relu_and_identity_at_defaults_are_mlpclassifier_at_defaults(activation, solver, n_classes):
    # every default but alpha is MLPClassifier's ('auto' resolves to its step)
    X, y = _data(n_classes)
    ours = NumpyMLPClassifier(
        activation=activation, solver=solver, max_iter=30, random_state=1, alpha=1e-4
    )
    ref = MLPClassifier(activation=activation, solver=solver, max_iter=30, random_state=1)
    ours.fit(X, y)
    ref.fit(X, y)
    assert ours.n_iter_ == ref.n_iter_
    for a, b in zip(ours.coefs_, ref.coefs_):
        assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    assert_allclose(ours.loss_curve_, ref.loss_curve_, rtol=1e-9)


def test_divergence_message_names_the_resolved_step():
    X, y = _data()
    X = X * 1e200
    est = NumpyMLPClassifier(solver="sgd", activation="identity", max_iter=5, random_state=0)
    with pytest.raises(ValueError, match=r"currently 0\.001\b"):
        est.fit(X, y)


def test_regressor_keeps_its_float_default():
    X, y = _data()
    est = NumpyMLPRegressor(max_iter=3, random_state=0).fit(X, y.astype(float))
    assert est.learning_rate_init_ == MLPRegressor().learning_rate_init == 0.001


def test_partial_fit_reports_the_step_its_restored_optimiser_takes():
    # MLPClassifier's partial_fit keeps the optimiser, and with it the step,
    # of its first call whatever learning_rate_init says later
    X, y = make_classification(100, 5, random_state=0)
    ours = NumpyMLPClassifier(activation="tanh", random_state=0, alpha=1e-4)
    ref = MLPClassifier(activation="tanh", random_state=0)
    for est in (ours, ref):
        est.partial_fit(X, y, classes=[0, 1])
        est.set_params(learning_rate_init=0.5).partial_fit(X, y)
    assert ours.learning_rate_init_ == 0.001
    for a, b in zip(ours.coefs_, ref.coefs_):
        assert_allclose(a, b, rtol=1e-9, atol=1e-12)
