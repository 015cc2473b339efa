"""dropout: inverted dropout on the hidden units in training only, checked
against a first step computed by hand with the same masks, and against a
plain forward pass of the fitted weights."""

import warnings

import numpy as np
import pytest
from feature_reference import forward_proba, glorot_draw, gradient_at, one_hot
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

X, y = make_blobs(n_samples=24, centers=3, n_features=3, random_state=0)
X = (X - X.mean(axis=0)) / X.std(axis=0)
RATES = (0.3, 0.5)


def _fit(est, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(*args)


@pytest.mark.parametrize("activation", ["tanh", "gelu"])
def test_first_step_with_dropout_by_hand(activation):
    """The masks are drawn from random_state after the initial weights, one
    uniform per unit and row, layer after layer; a unit is kept where it is
    at least the rate, and scaled by 1 / (1 - rate). One full-batch SGD
    step without momentum moves the weights by -lr times the gradient of
    the objective under those masks."""
    lr = 0.1
    est = _fit(
        NumpyMLPClassifier(
            hidden_layer_sizes=(4, 5),
            activation=activation,
            weight_init="glorot_uniform",
            dropout=list(RATES),
            solver="sgd",
            momentum=0.0,
            learning_rate_init=lr,
            batch_size=X.shape[0],
            shuffle=False,
            max_iter=1,
            random_state=0,
        ),
        X,
        y,
    )
    rng = np.random.RandomState(0)
    coefs, intercepts = glorot_draw(rng, [3, 4, 5, 3])
    masks = [(rng.random_sample((X.shape[0], u)) >= p) / (1 - p) for u, p in zip((4, 5), RATES)]
    assert 0 < masks[1].astype(bool).mean() < 1
    coef_grads, intercept_grads = gradient_at(
        X, one_hot(y, [0, 1, 2]), coefs, intercepts, activation, alpha=est.alpha, masks=masks
    )
    for w, g, fitted in zip(
        coefs + intercepts, coef_grads + intercept_grads, est.coefs_ + est.intercepts_
    ):
        np.testing.assert_allclose(fitted, w - lr * g, rtol=0, atol=1e-9)


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_predict_proba_is_the_plain_forward_pass_of_coefs(solver):
    """Dropout leaves no mask and no rescaling behind: the stored weights
    are the prediction weights, and prediction is deterministic."""
    est = _fit(
        NumpyMLPClassifier(
            hidden_layer_sizes=(8, 6),
            activation="relu",
            dropout=0.4,
            solver=solver,
            max_iter=30,
            random_state=0,
        ),
        X,
        y,
    )
    expected = forward_proba(X, est.coefs_, est.intercepts_, "relu")
    proba = est.predict_proba(X)
    np.testing.assert_allclose(proba, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(est.predict_proba(X), proba)


def test_masks_come_from_random_state():
    params = dict(hidden_layer_sizes=(8,), dropout=0.5, max_iter=5)
    fits = [
        _fit(NumpyMLPRegressor(random_state=seed, **params), X, X[:, 0]).coefs_[0]
        for seed in (0, 0, 1)
    ]
    np.testing.assert_array_equal(fits[0], fits[1])
    assert not np.allclose(fits[0], fits[2])


def test_dropout_changes_training_only_through_the_masks():
    """The same fit without dropout differs (the masks are used) and one
    with rate 0 for every layer is the fit without dropout."""
    base = dict(hidden_layer_sizes=(8, 4), max_iter=5, random_state=0)
    plain = _fit(NumpyMLPClassifier(**base), X, y)
    zero = _fit(NumpyMLPClassifier(dropout=[0.0, 0.0], **base), X, y)
    dropped = _fit(NumpyMLPClassifier(dropout=[0.0, 0.5], **base), X, y)
    for a, b in zip(plain.coefs_, zero.coefs_):
        np.testing.assert_array_equal(a, b)
    assert not np.allclose(plain.coefs_[-1], dropped.coefs_[-1])


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(dropout=[0.1]), "dropout has 1 rates but the network has 2 hidden layers"),
        (dict(dropout=[0.1, 1.0]), r"dropout rates must be floats in \[0, 1\)"),
        (dict(dropout=[0.1, "a"]), r"dropout rates must be floats in \[0, 1\)"),
        (dict(dropout=1.0), "dropout"),
        (dict(dropout=0.2, solver="lbfgs"), "dropout=0.2 needs solver='sgd' or 'adam'"),
    ],
)
def test_invalid_dropout_is_a_clear_error(params, message):
    est = NumpyMLPClassifier(hidden_layer_sizes=(4, 3), **params)
    with pytest.raises(ValueError, match=message):
        est.fit(X, y)
    assert not hasattr(est, "coefs_")


def test_float32_dropout_stays_float32():
    est = _fit(
        NumpyMLPClassifier(hidden_layer_sizes=(6,), dropout=0.3, max_iter=5, random_state=0),
        X.astype(np.float32),
        y,
    )
    assert all(w.dtype == np.float32 for w in est.coefs_)
    assert np.isfinite(est.loss_curve_).all()
