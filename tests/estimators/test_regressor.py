"""NumpyMLPRegressor against independent references.

* with ``normalize_y=False`` (and the shared defaults ``activation="relu"``,
  ``learning_rate_init=1e-3``) it trains exactly like scikit-learn's
  ``MLPRegressor``: the same weights for the same ``random_state``;
* ``normalize_y=True`` is ``TransformedTargetRegressor(MLPRegressor,
  StandardScaler())`` (Poisson: targets divided by their mean), with the
  scaling weighted by ``sample_weight``, fixed by the first ``partial_fit``
  and kept by ``warm_start``;
* early stopping's scores are the R^2 of held-out rows found independently;
* Poisson targets and predictions.

The guarantees (clear errors, failed fits that change nothing, threads)
are in ``test_regressor_guarantees.py``.
"""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPRegressor
from sklearn.neural_network import _multilayer_perceptron as sk_mlp
from sklearn.neural_network._base import squared_loss as sk_squared_loss
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPRegressor

pytestmark = pytest.mark.usefixtures("single_threaded_blas")

SOLVERS = ["adam", "sgd", "lbfgs"]
SMALL = dict(hidden_layer_sizes=(8, 5), max_iter=20, batch_size=16, random_state=1)


def regression_data(n_samples=60, n_outputs=1, offset=0.0, scale=1.0, seed=0):
    """Smooth targets of 4 features, ``offset + scale * f(X)``; 1-D for one output."""
    rng = np.random.RandomState(seed)
    X = rng.randn(n_samples, 4)
    columns = [2 * X[:, 0] + np.sin(X[:, 1]), X[:, 2] ** 2 - X[:, 3], X[:, 0] * X[:, 1]]
    Y = np.column_stack(columns[:n_outputs]) + 0.1 * rng.randn(n_samples, n_outputs)
    Y = offset + scale * Y
    return X, Y[:, 0] if n_outputs == 1 else Y


def count_data(n_samples=60, n_outputs=1, seed=0):
    """Poisson counts with a log-linear mean (several in the tens)."""
    rng = np.random.RandomState(seed)
    X = rng.randn(n_samples, 3)
    rates = np.exp(1.5 + 0.6 * X[:, :n_outputs] - 0.3 * X[:, [2]])
    Y = rng.poisson(rates).astype(float)
    return X, Y[:, 0] if n_outputs == 1 else Y


def _summed_squared_loss(y_true, y_pred, sample_weight=None):
    """scikit-learn's squared loss summed over the outputs (not averaged):
    the objective whose gradient ``MLPRegressor`` follows."""
    return 0.5 * np.average(((y_true - y_pred) ** 2).sum(axis=1), weights=sample_weight)


def sklearn_reference(params, multi_output_lbfgs, monkeypatch):
    """``MLPRegressor(**params)``; for lbfgs with several outputs, with its
    reported squared error summed over the outputs, so that the value its
    line search reads is that of the gradient it follows (see the
    NumpyMLPRegressor Notes)."""
    if multi_output_lbfgs:
        monkeypatch.setitem(sk_mlp.LOSS_FUNCTIONS, "squared_error", _summed_squared_loss)
    return MLPRegressor(**params)


def assert_same_weights(ours, ref, dtype=np.float64):
    """The same weights to rounding, in ``dtype``."""
    rtol, atol = (1e-9, 1e-12) if dtype == np.float64 else (1e-3, 1e-4)
    assert len(ours.coefs_) == len(ref.coefs_)
    for a, b in zip(ours.coefs_ + ours.intercepts_, ref.coefs_ + ref.intercepts_):
        assert a.dtype == dtype
        assert a.shape == b.shape
        assert_allclose(a, b, rtol=rtol, atol=atol)


# ------------------------------------------------ normalize_y=False: MLPRegressor


def test_defaults_are_mlpregressors_but_normalize_y():
    ours = NumpyMLPRegressor().get_params()
    theirs = MLPRegressor().get_params()
    added = {"weight_init", "normalize_y", "dropout", "weight_decay", "warmup_iter"}
    assert set(ours) - set(theirs) == added
    assert {k: ours[k] for k in theirs} == theirs
    assert ours["normalize_y"] is True


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "csr"])
@pytest.mark.parametrize("n_outputs", [1, 3])
@pytest.mark.parametrize("solver", SOLVERS)
def test_trains_exactly_like_mlpregressor(solver, n_outputs, sparse, dtype, weighted, monkeypatch):
    X, y = regression_data(n_outputs=n_outputs)
    X = X.astype(dtype)
    X_in = sp.csr_matrix(X) if sparse else X
    # zero, integer and fractional weights
    sw = np.random.RandomState(1).randint(0, 4, len(y)) * 0.75 if weighted else None
    params = dict(SMALL, solver=solver)
    ours = NumpyMLPRegressor(normalize_y=False, **params).fit(X_in, y, sample_weight=sw)
    ref = sklearn_reference(params, solver == "lbfgs" and n_outputs > 1, monkeypatch)
    ref.fit(X_in, y, sample_weight=sw)

    assert_same_weights(ours, ref, dtype)
    assert ours.n_iter_ == ref.n_iter_ == 20
    assert ours.n_outputs_ == ref.n_outputs_ == n_outputs
    assert ours.n_layers_ == ref.n_layers_
    assert ours.out_activation_ == ref.out_activation_ == "identity"
    pred = ours.predict(X_in)
    assert pred.dtype == dtype
    assert pred.shape == y.shape
    rtol = 1e-9 if dtype == np.float64 else 1e-3
    assert_allclose(pred, ref.predict(X_in), rtol=rtol, atol=rtol)


@pytest.mark.parametrize("alpha", [0.0, 0.1])
@pytest.mark.parametrize("solver", SOLVERS)
def test_multi_output_loss_is_n_outputs_times_mlpregressors(solver, alpha):
    """The class Notes: the squared-error part of ``loss_`` is ``n_outputs_``
    times MLPRegressor's (its ``squared_loss``), the L2 term the same."""
    X, Y = regression_data(n_outputs=3)
    params = dict(SMALL, solver=solver, alpha=alpha)
    ours = NumpyMLPRegressor(normalize_y=False, **params).fit(X, Y)
    penalty = alpha / (2 * len(X)) * sum((W**2).sum() for W in ours.coefs_)
    if solver == "lbfgs":  # the loss of the final weights
        expected = 3 * sk_squared_loss(Y, ours.predict(X)) + penalty
        assert ours.loss_ == pytest.approx(expected, rel=1e-10)
        return
    ref = MLPRegressor(**params).fit(X, Y)
    assert_same_weights(ours, ref)
    if alpha == 0:
        assert ours.loss_ == pytest.approx(3 * ref.loss_, rel=1e-10)
        assert_allclose(ours.loss_curve_, 3 * np.asarray(ref.loss_curve_), rtol=1e-10)
        assert ours.best_loss_ == pytest.approx(3 * ref.best_loss_, rel=1e-10)
    else:  # the L2 term (summed over the epoch's batches) is not multiplied
        assert 1.5 < ours.loss_ / ref.loss_ < 3


def test_multi_output_poisson_loss_equals_mlpregressors():
    """MLPRegressor sums the Poisson deviance over the outputs, as here."""
    X, Y = count_data(n_outputs=2)
    params = dict(SMALL, solver="lbfgs", loss="poisson")
    ours = NumpyMLPRegressor(normalize_y=False, **params).fit(X, Y)
    ref = MLPRegressor(**params).fit(X, Y)
    assert_same_weights(ours, ref)
    assert ours.loss_ == pytest.approx(ref.loss_, rel=1e-10)


def test_early_stopping_matches_mlpregressor():
    X, y = regression_data()
    params = dict(SMALL, early_stopping=True, validation_fraction=0.2, learning_rate_init=0.01)
    ours = NumpyMLPRegressor(normalize_y=False, **params).fit(X, y)
    ref = MLPRegressor(**params).fit(X, y)
    assert_allclose(ours.validation_scores_, ref.validation_scores_, rtol=1e-9)
    assert ours.best_validation_score_ == pytest.approx(ref.best_validation_score_, rel=1e-9)
    assert ours.n_iter_ == ref.n_iter_
    assert_same_weights(ours, ref)


# ------------------------------------------------------------- normalize_y=True


@pytest.mark.parametrize("n_outputs", [1, 3])
@pytest.mark.parametrize("solver", SOLVERS)
def test_normalize_y_is_a_standard_scaled_target(solver, n_outputs, monkeypatch):
    """Raw targets in the hundreds: the same model as MLPRegressor behind a
    TransformedTargetRegressor with a StandardScaler."""
    X, y = regression_data(n_outputs=n_outputs, offset=300.0, scale=50.0)
    params = dict(SMALL, solver=solver)
    ours = NumpyMLPRegressor(**params).fit(X, y)
    mlp = sklearn_reference(params, solver == "lbfgs" and n_outputs > 1, monkeypatch)
    ref = TransformedTargetRegressor(mlp, transformer=StandardScaler()).fit(X, y)
    assert_same_weights(ours, ref.regressor_)
    assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-10)
    if solver != "lbfgs":
        # the scaling matters: 20 epochs of small steps on raw targets are far off
        raw = NumpyMLPRegressor(normalize_y=False, **params).fit(X, y)
        assert ours.score(X, y) > raw.score(X, y) + 0.5


@pytest.mark.parametrize("n_outputs", [1, 2])
@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_normalize_y_poisson_divides_by_the_mean(solver, n_outputs):
    X, y = count_data(n_outputs=n_outputs)
    params = dict(SMALL, solver=solver, loss="poisson")
    ours = NumpyMLPRegressor(**params).fit(X, y)
    mean = y.mean(axis=0)
    ref = MLPRegressor(**params).fit(X, y / mean)
    assert_same_weights(ours, ref)
    assert_allclose(ours.predict(X), ref.predict(X) * mean, rtol=1e-10)
    assert ours.out_activation_ == "exp"


def test_normalize_y_scaling_is_weighted():
    """The weighted mean and standard deviation, against MLPRegressor
    trained with the same weights on targets standardised by hand."""
    X, y = regression_data(offset=-40.0, scale=8.0)
    sw = np.random.RandomState(3).uniform(0, 3, len(y))
    mean = np.average(y, weights=sw)
    std = np.sqrt(np.average((y - mean) ** 2, weights=sw))
    params = dict(SMALL, solver="lbfgs")
    ours = NumpyMLPRegressor(**params).fit(X, y, sample_weight=sw)
    ref = MLPRegressor(**params).fit(X, (y - mean) / std, sample_weight=sw)
    assert_same_weights(ours, ref)
    assert_allclose(ours.predict(X), ref.predict(X) * std + mean, rtol=1e-10)


@pytest.mark.parametrize("n_outputs", [1, 2])
@pytest.mark.parametrize("loss", ["squared_error", "poisson"])
def test_integer_sample_weight_equals_repeated_rows(loss, n_outputs):
    """lbfgs, a few dozen iterations, normalize_y on: weighting a row k times
    is the same model as repeating it, scaling of the targets included."""
    if loss == "poisson":
        X, y = count_data(n_samples=40, n_outputs=n_outputs)
    else:
        X, y = regression_data(n_samples=40, n_outputs=n_outputs, offset=100.0, scale=20.0)
    sw = np.random.RandomState(2).randint(0, 4, len(X))
    rows = np.repeat(np.arange(len(X)), sw)
    params = dict(loss=loss, solver="lbfgs", max_iter=30, hidden_layer_sizes=(10,), random_state=0)
    weighted = NumpyMLPRegressor(**params).fit(X, y, sample_weight=sw)
    repeated = NumpyMLPRegressor(**params).fit(X[rows], y[rows])
    assert weighted.n_iter_ == repeated.n_iter_ == 30
    assert_allclose(weighted.loss_, repeated.loss_, rtol=1e-9)
    assert_same_weights(weighted, repeated)
    assert_allclose(weighted.predict(X), repeated.predict(X), rtol=1e-9)
    # the weights matter (the unweighted fit is another model)
    plain = NumpyMLPRegressor(**params).fit(X, y)
    assert not np.allclose(plain.predict(X), weighted.predict(X), rtol=1e-3)


# ----------------------------------------- partial_fit, warm_start, early stopping


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_partial_fit_keeps_the_scaling_of_the_first_call(solver):
    X, y = regression_data(offset=300.0, scale=50.0)
    first, second = slice(0, 30), slice(30, 60)
    y_second = y[second] + 200.0  # another mean and spread than the first call's
    mean, std = y[first].mean(), y[first].std()
    params = dict(solver=solver, hidden_layer_sizes=(8,), random_state=0, learning_rate_init=0.01)
    ours = NumpyMLPRegressor(**params)
    ref = MLPRegressor(**params)
    for _ in range(3):
        ours.partial_fit(X[first], y[first])
        ours.partial_fit(X[second], y_second)
        ref.partial_fit(X[first], (y[first] - mean) / std)
        ref.partial_fit(X[second], (y_second - mean) / std)
    assert_same_weights(ours, ref)
    assert_allclose(ours.predict(X), ref.predict(X) * std + mean, rtol=1e-10)
    assert ours.n_iter_ == ref.n_iter_
    assert ours.t_ == ref.t_ == 3 * len(X)


@pytest.mark.parametrize("solver", SOLVERS)
def test_warm_start_keeps_the_scaling_and_continues_like_mlpregressor(solver):
    X, y = regression_data(offset=300.0, scale=50.0)
    y_next = 2 * y - 100.0
    mean, std = y.mean(), y.std()
    params = dict(SMALL, solver=solver, warm_start=True, max_iter=10)
    ours = NumpyMLPRegressor(**params).fit(X, y).fit(X, y_next)
    ref = MLPRegressor(**params).fit(X, (y - mean) / std).fit(X, (y_next - mean) / std)
    assert_same_weights(ours, ref)
    assert_allclose(ours.predict(X), ref.predict(X) * std + mean, rtol=1e-10)
    # without warm_start the scaling is fitted again: the same as a fresh fit
    cold = NumpyMLPRegressor(**dict(params, warm_start=False))
    cold.fit(X, y).fit(X, y_next)
    fresh = NumpyMLPRegressor(**dict(params, warm_start=False)).fit(X, y_next)
    assert_allclose(cold.predict(X), fresh.predict(X), rtol=1e-12)


def test_early_stopping_scores_are_r2_of_held_out_rows():
    """``validation_scores_`` and ``validation_loss_curve_`` recomputed from
    held-out rows found without the estimator's help: the only 3 of the 30
    rows whose R^2 under the restored (best-epoch) weights is the best score."""
    X, y = regression_data(n_samples=30, offset=300.0, scale=50.0)
    est = NumpyMLPRegressor(
        hidden_layer_sizes=(10,),
        early_stopping=True,
        validation_fraction=0.1,
        learning_rate_init=0.01,
        max_iter=40,
        n_iter_no_change=5,
        random_state=0,
    ).fit(X, y)
    scores = est.validation_scores_
    assert len(scores) == len(est.validation_loss_curve_) == len(est.loss_curve_) == est.n_iter_
    best = int(np.argmax(scores))
    assert est.best_validation_score_ == scores[best]
    assert len(set(np.round(scores, 6))) > 3  # the scores change from epoch to epoch

    pred = est.predict(X)
    triples = np.array(list(itertools.combinations(range(len(y)), 3)))
    y_t, pred_t = y[triples], pred[triples]  # R^2 of every triple at once
    residual = ((y_t - pred_t) ** 2).sum(axis=1)
    total = ((y_t - y_t.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    matches = triples[np.isclose(1 - residual / total, scores[best], rtol=1e-9, atol=0)]
    assert len(matches) == 1
    held_out = matches[0]
    assert r2_score(y[held_out], pred[held_out]) == pytest.approx(scores[best], rel=1e-9)
    # the loss of that epoch: half the squared error, in the normalised units
    expected = 0.5 * np.mean(((y[held_out] - pred[held_out]) / y.std()) ** 2)
    assert est.validation_loss_curve_[best] == pytest.approx(expected, rel=1e-9)

    plain = NumpyMLPRegressor(hidden_layer_sizes=(10,), max_iter=5, random_state=0).fit(X, y)
    assert plain.validation_scores_ is None and plain.validation_loss_curve_ is None


# ---------------------------------------------------------------------- Poisson


@pytest.mark.parametrize("solver", SOLVERS)
def test_poisson_matches_mlpregressor_without_normalization(solver):
    X, y = count_data()
    params = dict(SMALL, solver=solver, loss="poisson")
    ours = NumpyMLPRegressor(normalize_y=False, **params).fit(X, y)
    ref = MLPRegressor(**params).fit(X, y)
    assert_same_weights(ours, ref)
    assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-9)


@pytest.mark.parametrize("normalize_y", [True, False])
def test_poisson_predictions_positive_and_finite_for_huge_inputs(normalize_y):
    X, y = count_data()
    est = NumpyMLPRegressor(loss="poisson", normalize_y=normalize_y, **SMALL).fit(X, y)
    assert (est.predict(X) > 0).all()
    big = np.finfo(np.float64).max
    for factor in [1e3, 1e100, 1e300, -1e300]:
        pred = est.predict(X * factor)
        assert np.isfinite(pred).all() and (pred >= 0).all()
        assert pred.max() > 0
    # rows whose logits overflow are capped at the largest float
    assert max(est.predict(X * 1e300).max(), est.predict(X * -1e300).max()) > big / 2
