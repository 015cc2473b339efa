"""scikit-learn's own MLPRegressor tests, run unchanged against NumpyMLPRegressor.

Every test function of the installed ``sklearn/neural_network/tests/test_mlp.py``
that exercises ``MLPRegressor`` (through the module global or a parameter)
is run with ``MLPRegressor`` replaced by
:class:`SklearnDefaultsNumpyMLPRegressor`: NumpyMLPRegressor with the one
default in which it differs from MLPRegressor (``normalize_y=False``) set
back to scikit-learn's behaviour. The machinery is shared with the
classifier's suite, in ``sklearn_mlp_harness.py``.

Tests that cannot apply are listed in :data:`EXCLUDED` with the reason,
verified by running them; every behaviour they check that is reachable through
the public API has an equivalent test at the end of this file.
"""

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.utils import estimator_checks
from sklearn.utils.validation import check_is_fitted
from sklearn_mlp_harness import (
    SKLEARN_REGRESSOR_DEFAULTS,
    SklearnDefaultsNumpyMLPRegressor,
    collect,
    run_sklearn_test,
    sk_tests,
    uncovered_tests,
)

from sknumpynet import NumpyMLPRegressor

pytestmark = pytest.mark.usefixtures("single_threaded_blas")

#: sklearn tests that are not run, with the reason. Each was run against the
#: replacement and failed for exactly this reason. The public-API
#: equivalents are in the last section of this file.
EXCLUDED = {
    "test_nonfinite_params": (
        "expects MLPRegressor's exact message 'Solver produced non-finite "
        "parameter weights...'; the ValueError is raised, for the same reason, "
        "with the divergence guard's message, which names the epoch and the "
        "remedy ('Training diverged in epoch 1: the objective or the weights "
        "became non-finite. Lower learning_rate_init ... or scale the input "
        "features'); equivalent: test_nonfinite_params_through_public_api"
    ),
    "test_mlp_diverging_loss": (
        "expects a diverging fit (learning_rate_init=1, early stopping) to "
        "return a model with NaN validation scores (and NaN predictions); "
        "by design (the divergence guard: no NaN outputs, a failed fit "
        "changes nothing) NumpyMLPRegressor raises a clear ValueError instead "
        "('Training diverged: the predictions on the early-stopping validation "
        "split became non-finite...', at epoch 3, where the weights are still "
        "finite but the held-out outputs are not); "
        "equivalent: test_mlp_diverging_loss_through_public_api"
    ),
}

SKLEARN_CASES = collect("MLPRegressor", EXCLUDED)


@pytest.mark.parametrize("test_name, params", SKLEARN_CASES)
def test_sklearn_mlp_regressor(test_name, params, monkeypatch, request):
    """Run one sklearn test (with its parameters) against the replacement."""
    run_sklearn_test("MLPRegressor", test_name, params, monkeypatch, request)


# ------------------------------------------------------- the harness itself


def test_replacement_follows_estimator_conventions():
    est = SklearnDefaultsNumpyMLPRegressor()
    params = est.get_params()
    assert params["normalize_y"] is False
    base = NumpyMLPRegressor().get_params()
    assert set(params) == set(base)
    for name in set(base) - set(SKLEARN_REGRESSOR_DEFAULTS):
        assert params[name] == base[name], name
    # every other default is MLPRegressor's own
    sk_params = sk_tests.MLPRegressor().get_params()
    for name in set(sk_params):
        assert params[name] == sk_params[name], name
    est = SklearnDefaultsNumpyMLPRegressor("poisson", (7,), "tanh", solver="sgd")
    cloned = clone(est)
    assert type(cloned) is SklearnDefaultsNumpyMLPRegressor
    assert cloned.get_params() == est.get_params()
    assert "activation='tanh'" in repr(est)
    assert "normalize_y" not in repr(SklearnDefaultsNumpyMLPRegressor())
    with pytest.raises(TypeError):
        SklearnDefaultsNumpyMLPRegressor(no_such_parameter=1)


@pytest.mark.parametrize(
    "check_name",
    [
        "check_parameters_default_constructible",
        "check_no_attributes_set_in_init",
        "check_get_params_invariance",
        "check_set_params",
        "check_estimator_cloneable",
        "check_estimator_repr",
        "check_estimators_overwrite_params",
    ],
)
def test_replacement_passes_sklearn_parameter_checks(check_name):
    getattr(estimator_checks, check_name)(
        "SklearnDefaultsNumpyMLPRegressor", SklearnDefaultsNumpyMLPRegressor()
    )


def test_collection_covers_every_regressor_test():
    """Every MLPRegressor test of sklearn is either run or excluded, and the
    parameter sets selecting MLPRegressor of shared tests are run here."""
    assert uncovered_tests("MLPRegressor", SKLEARN_CASES, EXCLUDED) == []
    run = {p.values[0] for p in SKLEARN_CASES}
    assert {"test_early_stopping", "test_mlp_param_dtypes", "test_shuffle"} <= run


# ------------------------------------- public-API equivalents of EXCLUDED


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_nonfinite_params_through_public_api(solver):
    """sklearn's test_nonfinite_params with this package's message.

    Inputs near the largest float make the weights or the objective
    non-finite: fit raises a ValueError that says so and names a remedy,
    warns nothing (no overflow RuntimeWarning) and leaves the estimator
    unfitted.
    """
    rng = np.random.RandomState(0)
    n_samples = 10
    X = np.finfo(np.float64).max * rng.uniform(size=(n_samples, 2))
    y = rng.standard_normal(size=n_samples)
    clf = SklearnDefaultsNumpyMLPRegressor(solver=solver)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match=r"non-finite.*[Ss]cale the input features"):
            clf.fit(X, y)
    with pytest.raises(NotFittedError):
        check_is_fitted(clf)


def test_mlp_diverging_loss_through_public_api():
    """sklearn's test_mlp_diverging_loss: a fit diverging with early
    stopping on gives a clear error (not a crash inside the scorer), and
    the fitted model it would replace is kept as it was."""
    params = dict(
        hidden_layer_sizes=100,
        activation="identity",
        solver="sgd",
        alpha=0.0001,
        learning_rate="constant",
        learning_rate_init=1,
        shuffle=True,
        max_iter=20,
        early_stopping=True,
        n_iter_no_change=10,
        random_state=0,
    )
    X, y = sk_tests.X_iris, sk_tests.y_iris
    mlp = SklearnDefaultsNumpyMLPRegressor(**params)
    # one epoch is still finite: validation scores are floats
    with pytest.warns(ConvergenceWarning):
        mlp.set_params(max_iter=1).fit(X, y)
    assert isinstance(mlp.validation_scores_[-1], float)
    assert np.isfinite(mlp.validation_scores_).all()
    before = {k: v for k, v in vars(mlp).items()}
    prediction = mlp.predict(X)
    mlp.set_params(max_iter=20)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match=r"Training diverged.*learning_rate_init"):
            mlp.fit(X, y)
    assert vars(mlp).keys() == before.keys()
    assert all(vars(mlp)[k] is v for k, v in before.items() if k != "max_iter")
    np.testing.assert_array_equal(mlp.predict(X), prediction)
