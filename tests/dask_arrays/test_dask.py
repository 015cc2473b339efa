"""Training and prediction on Dask arrays, and search on a Dask cluster.

A real scheduler with two worker processes on 127.0.0.1 serves every test
(a session fixture, started at the first test that needs it). Each Dask result is compared with the same estimator fitted on the
same rows in memory: the independent reference for the distributed sums,
the cluster-side target statistics and the block-wise predictions.
"""

import subprocess
import sys
import tracemalloc
import warnings

import numpy as np
import pytest
from dask_problems import ADAM, BLOCK_ROWS, LBFGS, N_ROWS, on_cluster
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet._solvers.defaults import STEP_SIZES

da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")

pytestmark = [
    pytest.mark.filterwarnings("ignore:Sending large graph:UserWarning"),
]


@pytest.fixture(scope="module")
def lbfgs_pair(classification):
    X, y, Xd, yd = classification
    return NumpyMLPClassifier(**LBFGS).fit(X, y), NumpyMLPClassifier(**LBFGS).fit(Xd, yd)


def test_lbfgs_classifier_equals_in_memory_fit(classification, lbfgs_pair):
    X, _y, Xd, _ = classification
    memory, cluster = lbfgs_pair
    assert cluster.n_iter_ == memory.n_iter_
    assert_allclose(cluster.loss_curve_, memory.loss_curve_, rtol=1e-9)
    proba = cluster.predict_proba(Xd)
    assert isinstance(proba, da.Array)
    assert np.abs(proba.compute() - memory.predict_proba(X)).max() < 1e-6


def test_predictions_are_lazy_block_by_block_and_equal(classification, lbfgs_pair):
    X, _, Xd, _ = classification
    _, fitted = lbfgs_pair
    for method in ("predict", "predict_proba", "predict_log_proba"):
        lazy = getattr(fitted, method)(Xd)
        assert isinstance(lazy, da.Array)
        assert lazy.numblocks[0] == N_ROWS // BLOCK_ROWS
        assert_array_equal(lazy.compute(), getattr(fitted, method)(X))
    # the result uses a copy of the model taken when it was asked for: a
    # refit (which replaces the estimator's attributes) does not change it
    lazy = fitted.predict_proba(Xd[:100])
    expected = fitted.predict_proba(X[:100])
    state = fitted.__dict__
    fitted.__dict__ = dict(state, coefs_=[np.zeros_like(c) for c in state["coefs_"]])
    try:
        assert_array_equal(lazy.compute(), expected)
    finally:
        fitted.__dict__ = state


def test_lbfgs_with_weights_equals_in_memory_fit(classification):
    X, y, Xd, yd = classification
    weights = np.random.RandomState(1).uniform(0, 2, N_ROWS)
    params = dict(LBFGS, class_weight={0: 2.0, 1: 0.5}, max_iter=5)
    memory = NumpyMLPClassifier(**params).fit(X, y, sample_weight=weights)
    cluster = NumpyMLPClassifier(**params).fit(Xd, yd, sample_weight=on_cluster(weights))
    assert_allclose(cluster.loss_curve_, memory.loss_curve_, rtol=1e-9)
    balanced = dict(LBFGS, class_weight="balanced", max_iter=5)
    memory = NumpyMLPClassifier(**balanced).fit(X[:20_000], y[:20_000])
    cluster = NumpyMLPClassifier(**balanced).fit(Xd[:20_000], y[:20_000])
    assert_allclose(cluster.loss_curve_, memory.loss_curve_, rtol=1e-9)


def test_adam_streaming_accuracy_close_to_in_memory(classification):
    X, y, Xd, yd = classification
    memory = NumpyMLPClassifier(**ADAM).fit(X, y)
    cluster = NumpyMLPClassifier(**ADAM).fit(Xd, yd)
    assert cluster.n_iter_ == memory.n_iter_ == 3
    assert cluster.t_ == memory.t_ == 3 * N_ROWS
    assert abs(cluster.score(X, y) - memory.score(X, y)) < 0.02
    assert cluster.score(X, y) > 0.8


def test_regressor_lbfgs_and_adam(regression):
    X, y, Xd, yd = regression
    memory = NumpyMLPRegressor(**LBFGS).fit(X, y)
    cluster = NumpyMLPRegressor(**LBFGS).fit(Xd, yd)
    assert_allclose(cluster._y_offset, memory._y_offset, rtol=1e-12)
    assert_allclose(cluster._y_scale, memory._y_scale, rtol=1e-12)
    assert_allclose(cluster.loss_curve_, memory.loss_curve_, rtol=1e-9)
    prediction = cluster.predict(Xd)
    assert isinstance(prediction, da.Array) and prediction.ndim == 1
    assert_allclose(prediction.compute(), memory.predict(X), rtol=1e-8, atol=1e-6)
    # y in memory, X on the cluster
    short = dict(LBFGS, max_iter=3)
    in_memory_y = NumpyMLPRegressor(**short).fit(Xd, y)
    reference = NumpyMLPRegressor(**short).fit(X, y)
    assert_allclose(in_memory_y.loss_curve_, reference.loss_curve_, rtol=1e-9)
    memory = NumpyMLPRegressor(**ADAM).fit(X, y)
    cluster = NumpyMLPRegressor(**ADAM).fit(Xd, yd)
    assert abs(cluster.score(X, y) - memory.score(X, y)) < 0.02


def test_float32_kept(classification):
    _X, _y, Xd, yd = classification
    fitted = NumpyMLPClassifier(**dict(LBFGS, max_iter=3)).fit(Xd.astype(np.float32), yd)
    assert fitted.coefs_[0].dtype == np.float32
    assert fitted.predict_proba(Xd[:10].astype(np.float32)).dtype == np.float32


@pytest.fixture(scope="module")
def large(client):
    """38 MB of data made on the workers, in 12 blocks of 3.2 MB."""
    X = da.random.RandomState(0).standard_normal((120_000, 40), chunks=(10_000, 40))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return X.persist(), y.persist()


@pytest.mark.parametrize(
    "params", [dict(LBFGS, max_iter=3), dict(ADAM, max_iter=1, batch_size=500)]
)
def test_client_never_holds_X(large, params):
    Xd, yd = large
    NumpyMLPClassifier(**dict(params, max_iter=1, batch_size=50)).fit(Xd[:100], yd[:100])
    tracemalloc.start()
    try:
        NumpyMLPClassifier(**params).fit(Xd, yd)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The stochastic solvers hold at most three blocks of 1/12 of X (the one
    # trained on, the next arriving, the previous one until it is let go),
    # L-BFGS only parameter vectors; the rest is the scheduler, which runs
    # in this process.
    assert peak < 0.4 * Xd.nbytes, (peak, Xd.nbytes)


def test_partial_fit_streams_one_epoch(classification):
    _X, _y, Xd, yd = classification
    clf = NumpyMLPClassifier(**ADAM)
    clf.partial_fit(Xd, yd, classes=[0, 1, 2])
    assert clf.n_iter_ == 1 and clf.t_ == N_ROWS
    with pytest.raises(ValueError, match="not in `classes"):
        NumpyMLPClassifier(**ADAM).partial_fit(Xd, yd, classes=[0, 1])


def test_bad_input_on_dask_gives_clear_errors(classification):
    X, y, Xd, yd = classification
    bad = X[:2000].copy()
    bad[1500, 3] = np.nan
    for solver in ("lbfgs", "adam"):
        with pytest.raises(ValueError, match="Input X contains NaN"):
            NumpyMLPClassifier(solver=solver, max_iter=2).fit(on_cluster(bad, 500), y[:2000])
    with pytest.raises(ValueError, match="early_stopping"):
        NumpyMLPClassifier(early_stopping=True).fit(Xd, yd)
    with pytest.raises(ValueError, match="Multilabel"):
        NumpyMLPClassifier().fit(Xd, np.stack([y, y], axis=1) > 0)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        NumpyMLPClassifier().fit(Xd, y[:10])
    with pytest.raises(ValueError, match="Negative values"):
        NumpyMLPRegressor(solver="lbfgs", max_iter=2).fit(
            Xd, y, sample_weight=on_cluster(np.full(N_ROWS, -1.0))
        )
    fitted = NumpyMLPClassifier(**dict(LBFGS, max_iter=2)).fit(X[:500], y[:500])
    with pytest.raises(ValueError, match="features"):
        fitted.predict(Xd[:, :5])


def test_numpy_path_does_not_import_dask():
    code = (
        "import sys; import numpy as np; from sknumpynet import NumpyMLPClassifier;"
        "X = np.random.RandomState(0).rand(50, 3); y = X[:, 0] > 0.5;"
        "m = NumpyMLPClassifier(max_iter=5).fit(X, y); m.predict_proba(X);"
        "m.set_params(solver='lbfgs').fit(X, y).predict(X);"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in ('dask', 'distributed')))"
    )
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_grid_search_on_the_cluster_matches_serial(client):
    import joblib

    X, y = make_classification(300, 8, random_state=0)
    grid = {"alpha": [1e-4, 1e-1], "hidden_layer_sizes": [(5,), (10,)]}
    est = NumpyMLPClassifier(max_iter=30, random_state=0)
    serial = GridSearchCV(est, grid, cv=3, n_jobs=1).fit(X, y)
    with joblib.parallel_backend("dask"):
        on_dask = GridSearchCV(est, grid, cv=3, n_jobs=-1).fit(X, y)
    for key in ("mean_test_score", "split0_test_score", "split2_test_score", "rank_test_score"):
        assert_array_equal(on_dask.cv_results_[key], serial.cv_results_[key])
    assert on_dask.best_params_ == serial.best_params_


@pytest.mark.parametrize("activation, solver", [("logistic", "adam"), ("tanh", "sgd")])
def test_auto_step_is_resolved_and_used_on_dask_arrays(classification, activation, solver):
    X, y, Xd, yd = classification
    params = dict(ADAM, activation=activation, solver=solver, max_iter=1)
    params.pop("learning_rate_init")
    cluster = NumpyMLPClassifier(**params).fit(Xd, yd)  # learning_rate_init="auto"
    memory = NumpyMLPClassifier(**params).fit(X, y)
    assert cluster.learning_rate_init_ == memory.learning_rate_init_
    assert cluster.learning_rate_init_ == STEP_SIZES[(activation, "log_loss")][solver]
    explicit = NumpyMLPClassifier(**params, learning_rate_init=cluster.learning_rate_init_)
    assert_array_equal(explicit.fit(Xd, yd).loss_curve_, cluster.loss_curve_)
    other = NumpyMLPClassifier(**params, learning_rate_init=cluster.learning_rate_init_ / 10)
    assert other.fit(Xd, yd).loss_curve_ != cluster.loss_curve_


def test_input_scaled_initialisation_reads_the_cluster_blocks(classification):
    from sknumpynet._dask.fit import feature_rms as cluster_rms
    from sknumpynet._nn.initializers import feature_rms

    X, y, Xd, yd = classification
    scale = np.linspace(1, 300, X.shape[1])  # some features far from unit scale
    w = np.random.RandomState(0).uniform(0, 2, len(X))
    assert_allclose(cluster_rms(Xd * scale, on_cluster(w)), feature_rms(X * scale, w), rtol=1e-12)
    assert_allclose(cluster_rms(Xd * scale, None), feature_rms(X * scale), rtol=1e-12)
    # steps too small to move the weights: both fits end where they started
    params = dict(ADAM, activation="tanh", max_iter=1, learning_rate_init=1e-12)
    cluster = NumpyMLPClassifier(**params).fit(Xd * scale, yd)
    memory = NumpyMLPClassifier(**params).fit(X * scale, y)
    assert cluster.weight_init_ == memory.weight_init_ == "glorot_scaled"
    assert_allclose(cluster.coefs_[0], memory.coefs_[0], rtol=0, atol=1e-9)
    unscaled = NumpyMLPClassifier(**params, weight_init="glorot_uniform").fit(X * scale, y)
    assert np.abs(unscaled.coefs_[0] - memory.coefs_[0]).max() > 0.01


def test_input_scaling_leaves_non_finite_blocks_to_the_input_check(classification):
    import dask

    from sknumpynet._dask.fit import feature_rms as cluster_rms

    X, y, _, _ = classification
    bad = X[:2000].copy()
    bad[1500, 3] = np.inf
    # computed here rather than in a worker, where a warning would only be logged
    with dask.config.set(scheduler="sync"), warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        assert not np.isfinite(cluster_rms(on_cluster(bad, 500), None)).all()
    with pytest.raises(ValueError, match="Input X contains infinity"):
        NumpyMLPClassifier(activation="tanh", max_iter=2).fit(on_cluster(bad, 500), y[:2000])
