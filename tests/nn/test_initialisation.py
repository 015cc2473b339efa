"""``weight_init``: ``'glorot_scaled'``, the features' root mean square it
reads, and what ``'auto'`` resolves to.

References: NumPy's weighted average (for the root mean square), repeated
rows (for weights), ``'glorot_uniform'``'s draws (which ``'glorot_scaled'``
must keep on scaled features), ``MLPClassifier`` (which tanh units at their
defaults must match on standardised data) and scikit-learn's class-weight
estimator check, across seeds (which tanh units at their defaults failed on
unscaled data before their first layer was scaled).
"""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_blobs, make_classification
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet._nn.initializers import UNIT_SCALE, feature_rms, initialize
from sknumpynet._solvers.defaults import INPUT_SCALED_UNITS, resolve_weight_init


def _unscaled(n=120, seed=0):
    """Features on very different scales: ~1, ~30, ~1000 (off-centre), ~0.1."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 4)) * np.array([1.0, 30.0, 5.0, 0.1]) + np.array([0, 0, 1000, 0])
    y = (X[:, 0] + X[:, 1] / 30 + (X[:, 2] - 1000) / 5 > 0).astype(int)
    return X, y


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_feature_rms_is_the_weighted_root_mean_square(dtype):
    X, _ = _unscaled()
    X = X.astype(dtype)
    w = np.random.RandomState(1).uniform(0, 3, len(X))
    expected = np.sqrt(np.average(X.astype(np.float64) ** 2, axis=0, weights=w))
    assert_allclose(feature_rms(X, w), expected, rtol=1e-12)
    assert_allclose(feature_rms(X), np.sqrt(np.mean(X.astype(np.float64) ** 2, axis=0)), rtol=1e-12)
    assert_allclose(feature_rms(sp.csr_matrix(X), w), expected, rtol=1e-12)
    assert_allclose(feature_rms(sp.csc_matrix(X)), feature_rms(X), rtol=1e-12)


def test_feature_rms_of_integer_weights_is_that_of_repeated_rows():
    X, _ = _unscaled(50)
    counts = np.random.RandomState(2).randint(0, 4, len(X))
    assert_allclose(
        feature_rms(X, counts.astype(float)), feature_rms(np.repeat(X, counts, 0)), rtol=1e-12
    )


def test_feature_rms_blocks_add_up():
    # more rows than one block of the blockwise sum
    X = np.random.RandomState(3).normal(size=(10_000, 3)) * 7
    assert_allclose(feature_rms(X), np.sqrt((X**2).mean(axis=0)), rtol=1e-12)


def test_feature_rms_of_huge_finite_features_does_not_overflow():
    X, y = _unscaled()
    X[:, 1] *= 1e300  # x ** 2 would overflow
    X[:, 3] = 0.0
    rms = feature_rms(X)
    assert_allclose(rms[1], np.sqrt(np.mean((X[:, 1] / 1e300) ** 2)) * 1e300, rtol=1e-12)
    assert rms[3] == 0.0
    assert_allclose(feature_rms(sp.csr_matrix(X)), rms, rtol=1e-12)
    # the huge feature's row starts ~1e-300 times Glorot's: no warning, finite fit
    est = NumpyMLPClassifier(activation="tanh", max_iter=3, random_state=0).fit(X, y)
    assert all(np.isfinite(c).all() for c in est.coefs_)
    assert np.isfinite(est.predict_proba(X)).all()


def test_glorot_scaled_divides_the_first_layer_rows_of_large_features_only():
    X, _ = _unscaled()
    rms = feature_rms(X)
    assert (rms <= UNIT_SCALE).any() and (rms > UNIT_SCALE).any()
    units = (4, 6, 5, 1)
    glorot = initialize("glorot_uniform", np.random.RandomState(0), units, np.float64, "tanh")
    scaled = initialize("glorot_scaled", np.random.RandomState(0), units, np.float64, "tanh", rms)
    expected = glorot[0][0] / np.where(rms > UNIT_SCALE, rms, 1.0)[:, None]
    assert_array_equal(scaled[0][0], expected)
    assert_array_equal(scaled[0][0][rms <= UNIT_SCALE], glorot[0][0][rms <= UNIT_SCALE])
    for a, b in zip(scaled[0][1:] + scaled[1], glorot[0][1:] + glorot[1]):
        assert_array_equal(a, b)  # later layers and every bias: Glorot's draws
    # the first layer sees the large features as if divided by their scale
    factors = np.where(rms > UNIT_SCALE, rms, 1.0)
    assert_allclose(X @ scaled[0][0], (X / factors) @ glorot[0][0], rtol=1e-12, atol=1e-12)


def test_glorot_scaled_on_standardised_data_is_glorot_uniform_bit_for_bit():
    X, y = make_classification(200, 8, random_state=0)
    X = StandardScaler().fit_transform(X)
    params = dict(activation="tanh", max_iter=5, random_state=0)
    scaled = NumpyMLPClassifier(weight_init="glorot_scaled", **params).fit(X, y)
    glorot = NumpyMLPClassifier(weight_init="glorot_uniform", **params).fit(X, y)
    for a, b in zip(scaled.coefs_ + scaled.intercepts_, glorot.coefs_ + glorot.intercepts_):
        assert_array_equal(a, b)


@pytest.mark.parametrize("activation", ["identity", "logistic", "tanh", "relu"])
@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_auto_resolves_per_activation_and_solver(activation, solver):
    X, y = _unscaled()
    for cls in (NumpyMLPClassifier, NumpyMLPRegressor):
        est = cls(activation=activation, solver=solver, max_iter=2, random_state=0)
        est.fit(X, y)
        assert est.weight_init == "auto"  # the parameter is left as given
        expected = (
            "glorot_scaled" if (activation, solver) in INPUT_SCALED_UNITS else "glorot_uniform"
        )
        assert est.weight_init_ == resolve_weight_init("auto", activation, solver) == expected
        # and 'auto' is exactly the initialiser it resolved to
        explicit = cls(**dict(est.get_params(), weight_init=expected)).fit(X, y)
        for a, b in zip(est.coefs_, explicit.coefs_):
            assert_array_equal(a, b)
    assert resolve_weight_init("uniform", activation, solver) == "uniform"


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_tanh_at_defaults_is_mlpclassifier_on_standardised_data(solver):
    X, y = make_classification(150, 6, n_informative=4, n_classes=3, random_state=0)
    X = StandardScaler().fit_transform(X)
    # every default but alpha is MLPClassifier's
    ours = NumpyMLPClassifier(
        activation="tanh", solver=solver, max_iter=30, random_state=1, alpha=1e-4
    )
    ref = MLPClassifier(activation="tanh", solver=solver, max_iter=30, random_state=1)
    ours.fit(X, y)
    ref.fit(X, y)
    assert (ours.learning_rate_init_, ours.weight_init_) == (0.001, "glorot_scaled")
    assert ours.n_iter_ == ref.n_iter_
    for a, b in zip(ours.coefs_ + ours.intercepts_, ref.coefs_ + ref.intercepts_):
        assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_scaled_tanh_units_learn_extreme_class_weights_on_unscaled_data():
    # scikit-learn's check_class_weight_classifiers, over several seeds: at
    # MLPClassifier's step, tanh units that the unscaled features (std 20)
    # saturate stop with too few predictions of the heavy class.
    X, y = make_blobs(centers=3, random_state=0, cluster_std=20)
    X_train, X_test, y_train, _ = train_test_split(X, y, test_size=0.5, random_state=0)
    weights = {0: 1000, 1: 0.0001, 2: 0.0001}
    heavy = {}
    for init in ("auto", "glorot_uniform"):
        heavy[init] = [
            np.mean(
                NumpyMLPClassifier(
                    activation="tanh",
                    class_weight=weights,
                    max_iter=1000,
                    n_iter_no_change=20,
                    weight_init=init,
                    random_state=seed,
                )
                .fit(X_train, y_train)
                .predict(X_test)
                == 0
            )
            for seed in range(5)
        ]
    assert min(heavy["auto"]) > 0.87  # the check's threshold, for every seed
    assert min(heavy["glorot_uniform"]) <= 0.87  # what the scaling fixes


def test_sample_weights_and_repeated_rows_scale_alike():
    X, y = _unscaled(60)
    counts = np.random.RandomState(4).randint(0, 3, len(X))
    params = dict(activation="tanh", max_iter=1, shuffle=False, random_state=0)  # one batch
    weighted = NumpyMLPClassifier(**params).fit(X, y, sample_weight=counts.astype(float))
    repeated = NumpyMLPClassifier(**params).fit(np.repeat(X, counts, 0), np.repeat(y, counts))
    for a, b in zip(weighted.coefs_, repeated.coefs_):
        assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_partial_fit_scales_to_its_first_call_and_keeps_the_weights():
    X, y = _unscaled(200)
    # a near-zero penalty: each Adam step then moves a weight by at most the step
    est = NumpyMLPClassifier(activation="tanh", random_state=0, alpha=1e-4)
    est.partial_fit(X[:100], y[:100], classes=[0, 1])
    start = initialize(
        "glorot_scaled",
        np.random.RandomState(0),
        (4, 100, 1),
        np.float64,
        "tanh",
        feature_rms(X[:100]),
    )
    # one Adam step of size 0.001 from the scaled draws
    assert np.abs(est.coefs_[0] - start[0][0]).max() <= 0.001 + 1e-12
    first = est.coefs_[0].copy()
    est.partial_fit(X[100:] * 100, y[100:])  # a later call never re-initialises
    assert np.abs(est.coefs_[0] - first).max() <= 0.001 + 1e-12


def test_sparse_feature_rms_of_tiny_features_matches_dense():
    # 1 / peak overflows for a column whose largest magnitude is subnormal
    X, y = _unscaled()
    X[:, 3] *= 1e-310
    assert_allclose(feature_rms(sp.csr_matrix(X)), feature_rms(X), rtol=1e-12)
    params = dict(activation="tanh", max_iter=1, learning_rate_init=1e-12, random_state=0)
    sparse = NumpyMLPClassifier(**params).fit(sp.csr_matrix(X), y)
    dense = NumpyMLPClassifier(**params).fit(X, y)
    assert_allclose(sparse.coefs_[0], dense.coefs_[0], rtol=1e-9, atol=1e-12)


def test_continued_fits_keep_the_initialiser_the_weights_were_drawn_with():
    X, y = _unscaled()
    warm = NumpyMLPClassifier(activation="relu", max_iter=2, warm_start=True, random_state=0)
    warm.fit(X, y)
    warm.set_params(activation="tanh")  # 'auto' would now resolve to 'glorot_scaled'
    first = warm.coefs_[0].copy()
    warm.fit(X, y)
    assert np.abs(warm.coefs_[0] - first).max() < 0.1  # continued, not redrawn
    assert warm.weight_init_ == "glorot_uniform"
    incremental = NumpyMLPRegressor(activation="tanh", random_state=0).partial_fit(X, y)
    incremental.set_params(weight_init="uniform").partial_fit(X, y)
    assert incremental.weight_init_ == "glorot_scaled"
    # a fresh fit draws again, with the initialiser the parameters now give
    assert warm.set_params(warm_start=False).fit(X, y).weight_init_ == "glorot_scaled"


def test_weighted_fits_need_data_standardised_with_the_same_weights():
    # sample weights piled on a rare feature's rows: standardised without
    # the weights, its weighted root mean square is far above 2; with them,
    # 1, and the draws are Glorot's again
    rng = np.random.RandomState(0)
    X = np.c_[rng.normal(size=(500, 2)), rng.uniform(size=500) < 0.02]
    y = (X[:, 0] > 0).astype(int)
    w = np.where(X[:, 2] > 0, 20.0, 1.0)
    params = dict(activation="tanh", max_iter=1, learning_rate_init=1e-12, random_state=0)
    unweighted = StandardScaler().fit_transform(X)
    assert feature_rms(unweighted, w)[2] > UNIT_SCALE
    weighted = StandardScaler().fit(X, sample_weight=w).transform(X)
    assert_allclose(feature_rms(weighted, w), 1.0, rtol=1e-12)
    scaled = NumpyMLPClassifier(**params).fit(weighted, y, sample_weight=w)
    glorot = NumpyMLPClassifier(weight_init="glorot_uniform", **params).fit(
        weighted, y, sample_weight=w
    )
    assert_array_equal(scaled.coefs_[0], glorot.coefs_[0])
