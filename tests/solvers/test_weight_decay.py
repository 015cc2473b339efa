"""weight_decay: decoupled (AdamW-style) decay of the weights, checked
against first steps computed by hand from a NumPy reference network."""

import warnings

import numpy as np
import pytest
from feature_reference import glorot_draw, gradient_at, one_hot
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

X, y = make_blobs(n_samples=24, centers=3, n_features=3, random_state=0)
X = (X - X.mean(axis=0)) / X.std(axis=0)
HIDDEN = (4,)


def _one_step(**params):
    """One full-batch step from ``random_state=0``'s Glorot weights."""
    base = dict(
        hidden_layer_sizes=HIDDEN,
        activation="tanh",
        weight_init="glorot_uniform",
        batch_size=X.shape[0],
        shuffle=False,
        max_iter=1,
        random_state=0,
        alpha=0.01,
    )
    base.update(params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return NumpyMLPClassifier(**base).fit(X, y)


def _start():
    coefs, intercepts = glorot_draw(np.random.RandomState(0), [3, *HIDDEN, 3])
    grads = gradient_at(X, one_hot(y, [0, 1, 2]), coefs, intercepts, "tanh", alpha=0.01)
    return coefs, intercepts, grads


@pytest.mark.parametrize("decay", [0.0, 0.5])
def test_first_adamw_step_by_hand(decay):
    """W <- W (1 - lr wd) then Adam's own step, from the gradient at the
    weights before the decay; the biases are not decayed."""
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-4  # a larger eps keeps FD noise out
    est = _one_step(solver="adam", learning_rate_init=lr, weight_decay=decay, epsilon=eps)
    coefs, intercepts, (coef_grads, intercept_grads) = _start()
    step = lr * np.sqrt(1 - b2) / (1 - b1)
    for W, g, fitted in zip(coefs, coef_grads, est.coefs_):
        m, v = (1 - b1) * g, (1 - b2) * g**2
        expected = W * (1 - lr * decay) - step * m / (np.sqrt(v) + eps)
        np.testing.assert_allclose(fitted, expected, rtol=0, atol=1e-9)
    for b, g, fitted in zip(intercepts, intercept_grads, est.intercepts_):
        m, v = (1 - b1) * g, (1 - b2) * g**2
        np.testing.assert_allclose(fitted, b - step * m / (np.sqrt(v) + eps), rtol=0, atol=1e-9)


@pytest.mark.parametrize("nesterov", [True, False])
def test_first_decoupled_sgd_step_by_hand(nesterov):
    """With momentum: v = -lr g; W <- W (1 - lr wd) + (momentum v - lr g
    with Nesterov, else v)."""
    lr, decay, mu = 0.1, 0.3, 0.9
    est = _one_step(
        solver="sgd",
        learning_rate_init=lr,
        weight_decay=decay,
        momentum=mu,
        nesterovs_momentum=nesterov,
    )
    coefs, intercepts, (coef_grads, intercept_grads) = _start()
    factor = (1 + mu) if nesterov else 1.0
    for W, g, fitted in zip(coefs, coef_grads, est.coefs_):
        np.testing.assert_allclose(
            fitted, W * (1 - lr * decay) - factor * lr * g, rtol=0, atol=1e-9
        )
    for b, g, fitted in zip(intercepts, intercept_grads, est.intercepts_):
        np.testing.assert_allclose(fitted, b - factor * lr * g, rtol=0, atol=1e-9)


def test_decay_uses_the_scheduled_step():
    """Under 'cosine' with a warm-up the first step is 0: neither the
    gradient nor the decay moves the weights."""
    est = _one_step(
        solver="sgd", learning_rate="cosine", warmup_iter=1, weight_decay=0.5, max_iter=2
    )
    # max_iter=2 runs two epochs: compare the first with partial_fit instead
    clf = NumpyMLPClassifier(**{**est.get_params(), "max_iter": 2})
    clf.partial_fit(X, y, classes=[0, 1, 2])
    coefs, intercepts, _ = _start()
    for W, fitted in zip(coefs + intercepts, clf.coefs_ + clf.intercepts_):
        np.testing.assert_array_equal(fitted, W)


def test_decay_shrinks_weights_on_noise():
    """On labels that are noise, decay keeps the weights smaller."""
    rng = np.random.RandomState(1)
    Xn, yn = rng.randn(200, 6), rng.randint(0, 2, 200)
    norms = []
    for decay in (0.0, 5.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            est = NumpyMLPRegressor(
                hidden_layer_sizes=(16,), weight_decay=decay, max_iter=60, random_state=0
            ).fit(Xn, yn)
        norms.append(sum(float((W**2).sum()) for W in est.coefs_))
    assert norms[1] < 0.8 * norms[0]


@pytest.mark.parametrize("Estimator", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_weight_decay_with_lbfgs_is_an_error_naming_it(Estimator):
    with pytest.raises(ValueError, match=r"weight_decay=0\.1 needs solver='sgd' or 'adam'"):
        Estimator(solver="lbfgs", weight_decay=0.1).fit(X, y)


def test_negative_weight_decay_is_rejected():
    with pytest.raises(ValueError, match="weight_decay"):
        NumpyMLPClassifier(weight_decay=-1.0).fit(X, y)
