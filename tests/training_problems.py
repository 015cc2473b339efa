"""Small data sets and estimator factories shared by the tests of the
training loop (solvers, targets, threads and estimators folders).

With ``activation='relu'`` or ``'tanh'`` both estimators draw the same
initial weights (Glorot bound sqrt(6 / (fan_in + fan_out)), weight matrix then
bias, from ``check_random_state(random_state)``), then the same early-stopping
split and shuffles from the same RandomState, so the whole training
trajectory can be compared with sklearn's to rounding error: ``ours`` and
``sklearns`` build the two with the same parameters.
"""

import itertools
import warnings

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.neural_network import MLPClassifier
from weights import all_weights

from sknumpynet import NumpyMLPClassifier


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
        alpha=0.0001,  # MLPClassifier's default (NumpyMLPClassifier's is 0.3)
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


def assert_same_weights(a, b, atol=1e-12):
    assert [w.shape for w in all_weights(a)] == [w.shape for w in all_weights(b)]
    for u, v in zip(all_weights(a), all_weights(b)):
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
