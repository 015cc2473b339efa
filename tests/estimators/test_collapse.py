"""A classifier fit that predicts one class for its whole training set warns.

The reference is the fitted model's own predictions on the training rows:
the warning must come exactly when they are all one class while ``y`` has
several, and say what to try.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier


def _collapse_warnings(record):
    return [w for w in record if "has collapsed" in str(w.message)]


def _fit(est, X, y):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        est.fit(X, y)
    return _collapse_warnings(record)


def _imbalanced(n_classes=2):
    weights = [0.8] + [0.2 / (n_classes - 1)] * (n_classes - 2) if n_classes > 2 else [0.8]
    X, y = make_classification(
        n_samples=200,
        n_features=6,
        n_informative=4,
        n_classes=n_classes,
        weights=weights,
        random_state=0,
    )
    return StandardScaler().fit_transform(X), y


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_a_fit_predicting_one_class_warns_and_says_what_to_try(n_classes, solver):
    # Rows that are all alike: the network's output is one and the same for
    # every row, so it predicts one class (the majority's) for all of them.
    _, y = _imbalanced(n_classes)
    X = np.ones((len(y), 6))
    est = NumpyMLPClassifier(alpha=10.0, solver=solver, max_iter=50, random_state=0)
    caught = _fit(est, X, y)
    assert np.unique(est.predict(X)).size == 1  # the condition, independently
    assert len(caught) == 1
    w = caught[0]
    assert issubclass(w.category, ConvergenceWarning)
    assert issubclass(w.category, UserWarning)
    message = str(w.message)
    assert "StandardScaler" in message and "smaller alpha" in message
    assert "(it was 10)" in message  # the alpha it was
    assert ("learning_rate_init" in message) == (solver != "lbfgs")
    assert w.filename == __file__  # points at the line that called fit


def test_a_penalty_that_crushes_the_weights_warns_naming_the_class():
    # An L2 penalty this large leaves the weights near zero: logistic hidden
    # units then all output 1/2, so the output is its bias alone, the
    # majority class for every row.
    X, y = _imbalanced()
    labels = np.array(["no", "yes"])[y]
    est = NumpyMLPClassifier(activation="logistic", alpha=1e4, max_iter=50, random_state=0)
    (w,) = _fit(est, X, labels)
    assert set(est.predict(X)) == {"no"}
    assert "'no'" in str(w.message)  # the majority label
    assert "200 training samples" in str(w.message)


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_a_healthy_fit_stays_silent(solver):
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    est = NumpyMLPClassifier(solver=solver, max_iter=300, random_state=0)
    assert _fit(est, X, y) == []
    assert np.unique(est.predict(X)).size == 3


def test_partial_fit_and_multilabel_targets_are_not_checked():
    X, y = _imbalanced()
    est = NumpyMLPClassifier(alpha=1e4, random_state=0)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        est.partial_fit(X, y, classes=[0, 1])  # one epoch of a stream: not the whole set
    assert _collapse_warnings(record) == []
    Y = np.column_stack([y, np.zeros_like(y)])  # an all-zero label column can be right
    assert _fit(NumpyMLPClassifier(max_iter=50, random_state=0), X, Y) == []


def test_a_fit_that_raises_does_not_warn():
    X, y = _imbalanced()
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        with pytest.raises(ValueError):
            NumpyMLPClassifier(alpha=1e4).fit(X, y[:-1])
    assert _collapse_warnings(record) == []


def test_an_interrupt_during_the_check_publishes_nothing(monkeypatch):
    # The check predicts with the fitted draft before fit publishes it: an
    # interrupt there must leave the estimator as it was (here: unfitted,
    # then the first model after a refit).
    X, y = _imbalanced()
    est = NumpyMLPClassifier(max_iter=20, random_state=0)

    def interrupted(self, X):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(NumpyMLPClassifier, "predict", interrupted)
        with pytest.raises(KeyboardInterrupt):
            est.fit(X, y)
    assert not hasattr(est, "coefs_")
    est.fit(X, y)
    before = [c.copy() for c in est.coefs_]
    with monkeypatch.context() as m:
        m.setattr(NumpyMLPClassifier, "predict", interrupted)
        with pytest.raises(KeyboardInterrupt):
            est.set_params(random_state=1).fit(X, y)
    assert est.random_state == 1  # set_params happened; the fit did not
    for old, new in zip(before, est.coefs_):
        np.testing.assert_array_equal(old, new)
