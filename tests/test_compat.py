"""Works on every scikit-learn the package declares (1.6 and newer):
callbacks where scikit-learn has the callback API (1.9+), none before."""

import importlib.util

import pytest
from sklearn.datasets import make_classification

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

HAS_CALLBACK_API = importlib.util.find_spec("sklearn.callback") is not None


@pytest.mark.parametrize("Estimator", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_callback_support_follows_scikit_learn(Estimator):
    assert hasattr(Estimator(), "set_callbacks") == HAS_CALLBACK_API
    if HAS_CALLBACK_API:
        from sklearn.callback import CallbackSupportMixin

        assert issubclass(Estimator, CallbackSupportMixin)


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_fit_without_callbacks(solver):
    X, y = make_classification(n_samples=80, n_features=5, random_state=0)
    clf = NumpyMLPClassifier(solver=solver, max_iter=300, random_state=0).fit(X, y)
    assert clf.score(X, y) >= 0.85
    assert not hasattr(clf, "_skl_callbacks")
