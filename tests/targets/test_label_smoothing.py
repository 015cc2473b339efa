"""label_smoothing: training on (1 - eps) y + eps / K, checked against the
cross-entropy of a NumPy reference network on those targets (its value
and, by finite differences, its gradient)."""

import warnings

import numpy as np
import pytest
from feature_reference import glorot_draw, gradient_at, objective, one_hot
from sklearn.datasets import make_blobs, make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss

from sknumpynet import NumpyMLPClassifier
from sknumpynet._nn.network import objective_and_gradient
from sknumpynet._nn.parameters import Layout
from sknumpynet._targets.smoothing import smooth_targets


def _data(n_classes):
    X, y = make_blobs(n_samples=30, centers=n_classes, n_features=3, random_state=0)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def _one_step(X, y, eps, lr=0.2):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return NumpyMLPClassifier(
            hidden_layer_sizes=(4,),
            activation="tanh",
            weight_init="glorot_uniform",
            label_smoothing=eps,
            solver="sgd",
            momentum=0.0,
            learning_rate_init=lr,
            batch_size=len(X),
            shuffle=False,
            max_iter=1,
            random_state=0,
        ).fit(X, y)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_first_step_and_loss_by_hand(n_classes):
    """The first epoch's loss is the reference cross-entropy against the
    smoothed targets (K = 2 for binary targets: one logistic output), and
    the first step is -lr times its gradient."""
    X, y = _data(n_classes)
    eps, lr = 0.2, 0.2
    est = _one_step(X, y, eps, lr)
    T = one_hot(y, range(n_classes)) * (1 - eps) + eps / n_classes
    out = 1 if n_classes == 2 else n_classes
    coefs, intercepts = glorot_draw(np.random.RandomState(0), [3, 4, out])
    alpha = est.alpha
    assert est.loss_curve_[0] == pytest.approx(
        objective(X, T, coefs, intercepts, "tanh", alpha), rel=1e-12
    )
    coef_grads, intercept_grads = gradient_at(X, T, coefs, intercepts, "tanh", alpha)
    for w, g, fitted in zip(
        coefs + intercepts, coef_grads + intercept_grads, est.coefs_ + est.intercepts_
    ):
        np.testing.assert_allclose(fitted, w - lr * g, rtol=0, atol=1e-9)


@pytest.mark.parametrize("out", ["softmax", "logistic"])
def test_smoothed_loss_gradient_matches_finite_differences(out):
    rng = np.random.RandomState(0)
    k = 3 if out == "softmax" else 1
    X = rng.randn(8, 3)
    Y = np.eye(3)[rng.randint(0, 3, 8)] if k == 3 else rng.randint(0, 2, (8, 1)) * 1.0
    Y = smooth_targets(Y, 0.3, max(k, 2))
    layout = Layout((3, 4, k))
    theta = rng.randn(layout.size) * 0.5
    grad = np.empty_like(theta)
    objective_and_gradient(theta, layout, X, Y, None, "tanh", out, "log_loss", 0.0, grad)
    h, numeric = 1e-6, np.empty_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h

        def f(t):
            return objective_and_gradient(
                t, layout, X, Y, None, "tanh", out, "log_loss", 0.0, np.empty_like(t)
            )[0]

        numeric[i] = (f(theta + e) - f(theta - e)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, atol=1e-9)


def test_validation_loss_is_on_the_labels_themselves():
    """Early stopping's loss and score read the labels, not the smoothed
    targets: the best epoch's validation loss is scikit-learn's log_loss of
    the restored model on the same rows."""
    X, y = _data(3)
    X_val, y_val = X[:10] + 0.1, y[:10]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = NumpyMLPClassifier(
            label_smoothing=0.2, early_stopping=True, max_iter=15, random_state=0
        ).fit(X, y, X_val=X_val, y_val=y_val)
    best = int(np.argmax(est.validation_scores_))
    assert est.validation_loss_curve_[best] == pytest.approx(
        log_loss(y_val, est.predict_proba(X_val)), rel=1e-10
    )


def test_smoothing_changes_the_fit_and_keeps_probabilities_off_the_edges():
    X, y = _data(2)
    X = X * 5  # separable: without smoothing the probabilities run to 0 and 1
    fits = []
    for eps in (0.0, 0.2):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fits.append(
                NumpyMLPClassifier(
                    label_smoothing=eps, max_iter=300, random_state=0, learning_rate_init=0.05
                ).fit(X, y)
            )
    plain, smoothed = (f.predict_proba(X).max() for f in fits)
    assert smoothed < 0.97 < plain


def test_multilabel_targets_move_each_label_towards_one_half():
    """Each logistic output is its own binary problem: targets (1 - eps) y
    + eps / 2; the first epoch's loss is the summed binary cross-entropy
    of the reference network against them."""
    X, Y = make_multilabel_classification(40, 4, n_classes=3, random_state=0)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    eps = 0.3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = NumpyMLPClassifier(
            hidden_layer_sizes=(4,),
            activation="tanh",
            weight_init="glorot_uniform",
            label_smoothing=eps,
            batch_size=40,
            max_iter=1,
            random_state=0,
        ).fit(X, Y)
    (W1, W2), (b1, b2) = glorot_draw(np.random.RandomState(0), [4, 4, 3])
    p = 1 / (1 + np.exp(-(np.tanh(X @ W1 + b1) @ W2 + b2)))
    T = Y * (1 - eps) + eps / 2
    data = -(T * np.log(p) + (1 - T) * np.log(1 - p)).sum(axis=1).mean()
    penalty = est.alpha / (2 * 40) * ((W1**2).sum() + (W2**2).sum())
    assert est.loss_curve_[0] == pytest.approx(data + penalty, rel=1e-12)


def test_label_smoothing_of_one_is_rejected():
    X, y = _data(2)
    with pytest.raises(ValueError, match="label_smoothing"):
        NumpyMLPClassifier(label_smoothing=1.0).fit(X, y)
