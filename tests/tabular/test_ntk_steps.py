"""The NTK parametrisation and the scaling layer of the tabular estimators
against a reference written from the recipe: RealMLP's layers ``A @ V /
sqrt(fan_in) + b`` (``V``, ``b`` drawn from N(0, 1), the output layer zero),
optionally after a per-feature scale ``s`` (starting at 1, stepped 6 times
the weights' step), trained by Adam with gradients by finite differences.
Two full-batch Adam steps of the estimator must land where the
reference's land."""

import itertools

import numpy as np
import pytest
from feature_reference import forward_proba, numeric_gradient, one_hot

from sknumpynet import TabularMLPClassifier
from sknumpynet._tabular.input_transform import smooth_clip

LR, B1, B2, EPS = 0.01, 0.9, 0.95, 1e-8


def _inputs(X):
    """Median-centred, IQR-scaled and smoothly clipped, written out."""
    # the inverted empirical distribution function of 40 rows: the 10th,
    # 20th and 30th smallest values
    s = np.sort(X, axis=0)
    q1, med, q3 = s[9], s[19], s[29]
    return smooth_clip((X - med) / (q3 - q1), 3.0)


def _realmlp_reference(X, T, units, rng, n_steps, scaling):
    """Adam on RealMLP's stored parameters ``V`` and ``b`` (biases'
    steps times 0.1) and, with ``scaling``, ``s``; returns the effective
    weights ``V / sqrt(fan_in)``, the first layer's times ``s``."""
    shapes = list(itertools.pairwise(units))
    # the estimator draws each layer's matrix, then its bias
    V, b = [], []
    for i, (fan_in, fan_out) in enumerate(shapes):
        last = i == len(shapes) - 1
        V.append(np.zeros((fan_in, fan_out)) if last else rng.standard_normal((fan_in, fan_out)))
        b.append(np.zeros(fan_out) if last else rng.standard_normal(fan_out))
    n_scales = units[0] if scaling else 0
    sizes = [w.size for w in V] + [c.size for c in b] + [n_scales]
    factors = np.concatenate(
        [np.full(w.size, 1.0) for w in V]
        + [np.full(c.size, 0.1) for c in b]
        + [np.full(n_scales, 6.0)]
    )

    def split(theta):
        """Effective weights and biases of the stored parameters."""
        parts = np.split(theta, np.cumsum(sizes)[:-1])
        coefs = [p.reshape(w.shape) / np.sqrt(w.shape[0]) for p, w in zip(parts, V)]
        if scaling:
            coefs[0] = parts[-1][:, None] * coefs[0]
        return coefs, parts[len(V) : 2 * len(V)]

    def loss(theta):
        coefs, bs = split(theta)
        P = forward_proba(X, coefs, bs, "selu")
        return -(T * np.log(P)).sum(axis=1).mean()

    theta = np.concatenate([w.ravel() for w in V] + b + [np.ones(n_scales)])
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, n_steps + 1):
        g = numeric_gradient(loss, theta)
        m = B1 * m + (1 - B1) * g
        v = B2 * v + (1 - B2) * g**2
        step = LR * np.sqrt(1 - B2**t) / (1 - B1**t) * m / (np.sqrt(v) + EPS)
        theta = theta - factors * step
    return split(theta)


@pytest.mark.parametrize("scaling", [False, True])
def test_two_adam_steps_follow_realmlps_parametrisation(scaling):
    rng = np.random.RandomState(0)
    X = rng.randn(40, 3) * [1.0, 100.0, 0.01]
    y = rng.randint(0, 3, 40)
    est = TabularMLPClassifier(
        hidden_layer_sizes=(6, 5),
        learning_rate="constant",
        learning_rate_init=LR,
        batch_size=40,
        max_iter=2,
        shuffle=False,
        early_stopping=False,
        label_smoothing=0.0,
        scaling_layer=scaling,
        random_state=0,
    ).fit(X, y)
    coefs, intercepts = _realmlp_reference(
        _inputs(X), one_hot(y, [0, 1, 2]), [3, 6, 5, 3], np.random.RandomState(0), 2, scaling
    )
    for got, want in zip(est.coefs_ + est.intercepts_, coefs + intercepts):
        np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)
    # the two steps moved every layer, by different factors
    assert all(np.abs(c).max() > 0 for c in est.coefs_)
