"""Small problems and checks shared by the tests of input validation, failed
fits and divergence: ``_Snapshot`` records everything a fitted estimator
holds, so that a test can assert that a failed call changed none of it.
"""

import copy
import itertools

import numpy as np
from sklearn.model_selection import train_test_split

from sknumpynet import NumpyMLPClassifier


def _data(n_samples=40, n_features=3, n_classes=3, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_samples, n_features)
    score = X[:, 0] + 0.5 * X[:, 1]
    if n_classes == 2:
        y = (score > 0).astype(int)
    else:
        y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1]))
    return X, y


X3, Y3 = _data()  # 3 classes
X2, Y2 = _data(n_classes=2)  # binary


def _small(**params):
    params.setdefault("hidden_layer_sizes", (4,))
    params.setdefault("max_iter", 5)
    params.setdefault("random_state", 0)
    # Pinned, so that the tests do not depend on the default step size.
    params.setdefault("learning_rate_init", 0.01)
    return NumpyMLPClassifier(**params)


def _fitted(**params):
    return _small(**params).fit(X3, Y3)


def _assert_same(a, b, path="est"):
    """Deep equality of two attribute trees (arrays, lists, dicts, objects)."""
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray), path
        assert a.dtype == b.dtype and a.shape == b.shape, path
        np.testing.assert_array_equal(a, b, err_msg=path)
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), path
        for i, (u, v) in enumerate(zip(a, b)):
            _assert_same(u, v, "%s[%d]" % (path, i))
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), (path, set(a) ^ set(b))
        for key in a:
            _assert_same(a[key], b[key], "%s.%s" % (path, key))
    elif hasattr(a, "__dict__") and not isinstance(a, type):
        assert type(a) is type(b), path
        _assert_same(vars(a), vars(b), path)
    elif isinstance(a, float) and np.isnan(a):
        assert isinstance(b, float) and np.isnan(b), path
    else:
        assert a == b, path


def early_stopping_split(seed, y, layer_units, validation_fraction):
    """(train, validation) row indices of an early-stopping fit with this seed.

    Follows the documented contract: ``random_state`` seeds, in this order,
    the glorot-uniform weights (for each layer the weight matrix, then the
    bias) and the stratified early-stopping split.
    """
    rng = np.random.RandomState(seed)
    for fan_in, fan_out in itertools.pairwise(layer_units):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        rng.uniform(-bound, bound, (fan_in, fan_out))
        rng.uniform(-bound, bound, fan_out)
    return train_test_split(
        np.arange(len(y)), random_state=rng, test_size=validation_fraction, stratify=y
    )


FITTED_ATTRIBUTES = [
    "coefs_",
    "intercepts_",
    "classes_",
    "n_features_in_",
    "loss_curve_",
    "n_iter_",
    "loss_",
    "best_loss_",
    "t_",
    "n_layers_",
    "n_outputs_",
    "out_activation_",
]


class _Snapshot:
    """Everything observable about a fitted estimator, to compare after a failure."""

    def __init__(self, est, X):
        self.state = copy.deepcopy(vars(est))
        self.public = {name: copy.deepcopy(getattr(est, name)) for name in FITTED_ATTRIBUTES}
        self.X = X
        self.proba = est.predict_proba(X)
        self.pred = est.predict(X)

    def check(self, est):
        for name in FITTED_ATTRIBUTES:
            _assert_same(self.public[name], getattr(est, name), name)
        _assert_same(self.state, vars(est))
        for coef in est.coefs_ + est.intercepts_:
            assert np.isfinite(coef).all()
        np.testing.assert_array_equal(est.predict_proba(self.X), self.proba)
        np.testing.assert_array_equal(est.predict(self.X), self.pred)


def _with(X, index, value):
    X = X.astype(float).copy()
    X[index] = value
    return X
