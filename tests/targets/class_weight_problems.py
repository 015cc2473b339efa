"""Small balanced and imbalanced problems, and ``class_weight`` written out
as the equivalent per-sample weights, shared by the ``class_weight`` tests.
"""

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_blobs, make_classification
from sklearn.preprocessing import StandardScaler
from weights import all_weights

from sknumpynet import NumpyMLPClassifier

SOLVERS = ["adam", "sgd", "lbfgs"]

# --------------------------------------------------------------------- helpers


def _blobs(n_samples=60, n_classes=3, seed=0):
    X, y = make_blobs(
        n_samples=n_samples, centers=n_classes, n_features=3, cluster_std=2.0, random_state=seed
    )
    return (X - X.mean(axis=0)) / X.std(axis=0), y


X3, Y3 = _blobs()  # 3 classes, 20 samples each
X2, Y2 = _blobs(n_classes=2)  # binary


def _imbalanced_binary(n_samples=200, seed=0):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        weights=[0.8, 0.2],
        flip_y=0.05,
        random_state=seed,
    )
    return StandardScaler().fit_transform(X), y


XI, YI = _imbalanced_binary()


def _small(**params):
    defaults = dict(
        hidden_layer_sizes=(5,),
        activation="tanh",
        learning_rate_init=0.01,
        batch_size=16,
        max_iter=15,
        random_state=0,
    )
    defaults.update(params)
    return NumpyMLPClassifier(**defaults)


def assert_same_model(a, b, X, atol=1e-12):
    wa, wb = all_weights(a), all_weights(b)
    assert [w.shape for w in wa] == [w.shape for w in wb]
    for u, v in zip(wa, wb):
        assert_allclose(u, v, rtol=0, atol=atol)
    assert_array_equal(a.predict(X), b.predict(X))
    assert_allclose(a.predict_proba(X), b.predict_proba(X), rtol=0, atol=atol)


def assert_different_model(a, b):
    assert max(np.abs(u - v).max() for u, v in zip(all_weights(a), all_weights(b))) > 1e-4


def _per_sample(class_weight, y):
    return np.array([class_weight.get(label, 1.0) for label in y], dtype=float)
