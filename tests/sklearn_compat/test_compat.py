"""Works on every scikit-learn the package declares (1.6 and newer):
callbacks where scikit-learn has the callback API (1.9+), none before."""

import importlib.util
import sys

import pytest
from sklearn.datasets import make_classification

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet._callbacks import _teardown

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


def test_every_failing_callback_teardown_is_reported():
    """Two callbacks failing in teardown: both errors reach the caller, in an
    ExceptionGroup as scikit-learn raises them, or, on Python 3.10, which has
    no ExceptionGroup, in one RuntimeError chained to the first."""

    class Failing:
        def __init__(self, message):
            self.message = message

        def teardown(self, estimator, context):
            raise ValueError(self.message)

    with pytest.raises(Exception, match="callback teardown errors") as info:
        _teardown(None, None, [Failing("first"), Failing("second")])
    if sys.version_info >= (3, 11):
        assert [str(e) for e in info.value.exceptions] == ["first", "second"]
    else:
        assert type(info.value) is RuntimeError
        assert "first" in str(info.value) and "second" in str(info.value)
        assert str(info.value.__cause__) == "first"
