"""``random_state`` and ``hidden_layer_sizes``: the initial weights' contract
and the network's shape.

Compared with scikit-learn's MLPClassifier where both train alike (see
``training_problems``); everything else against its documented definition.
"""

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier
from training_problems import (
    X2,
    X3,
    X_EASY,
    Y2,
    Y3,
    Y_EASY,
    _params,
    _quiet_fit,
    assert_same_weights,
    initial_weights,
    ours,
    sklearns,
)
from weights import all_weights

# ------------------------------------------------------------------ random_state


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_random_state(solver):
    a = _quiet_fit(ours(solver=solver, random_state=3, max_iter=8), X3, Y3)
    b = _quiet_fit(ours(solver=solver, random_state=3, max_iter=8), X3, Y3)
    c = _quiet_fit(ours(solver=solver, random_state=4, max_iter=8), X3, Y3)
    assert_same_weights(a, b, atol=0)
    assert a.loss_curve_ == b.loss_curve_
    np.testing.assert_array_equal(a.predict_proba(X3), b.predict_proba(X3))
    assert not np.allclose(a.coefs_[0], c.coefs_[0])
    # A RandomState instance is accepted and gives the int seed's stream.
    d = _quiet_fit(ours(solver=solver, random_state=np.random.RandomState(3), max_iter=8), X3, Y3)
    assert_same_weights(a, d, atol=0)


def test_random_state_instance_is_consumed_like_sklearn():
    rs = np.random.RandomState(0)
    est = ours(solver="adam", random_state=rs, max_iter=3)
    first = [w.copy() for w in all_weights(_quiet_fit(est, X3, Y3))]
    second = all_weights(_quiet_fit(est, X3, Y3))
    assert not np.allclose(first[0], second[0])


def test_random_state_none_gives_different_models():
    a = _quiet_fit(ours(solver="adam", random_state=None, max_iter=2), X3, Y3)
    b = _quiet_fit(ours(solver="adam", random_state=None, max_iter=2), X3, Y3)
    assert not np.allclose(a.coefs_[0], b.coefs_[0])


def test_initial_weights_follow_the_documented_contract():
    # One epoch of plain full-batch gradient descent from the documented
    # initialisation, done by hand, equals the estimator's.
    est = _quiet_fit(
        ours(
            solver="sgd",
            activation="tanh",
            momentum=0.0,
            batch_size=len(Y3),
            max_iter=1,
            learning_rate_init=0.1,
            alpha=0.0,
            shuffle=False,
        ),
        X3,
        Y3,
    )
    ref = MLPClassifier(
        **_params(
            solver="sgd",
            activation="tanh",
            momentum=0.0,
            batch_size=len(Y3),
            max_iter=1,
            learning_rate_init=0.1,
            alpha=0.0,
            shuffle=False,
        )
    )
    _quiet_fit(ref, X3, Y3)
    coefs, intercepts, _ = initial_weights(0, [3, 6, 3])
    h = np.tanh(X3 @ coefs[0] + intercepts[0])
    z = h @ coefs[1] + intercepts[1]
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d2 = (p - np.eye(3)[Y3]) / len(Y3)
    d1 = (d2 @ coefs[1].T) * (1 - h**2)
    expected = [coefs[0] - 0.1 * X3.T @ d1, coefs[1] - 0.1 * h.T @ d2]
    for got, want in zip(est.coefs_, expected):
        np.testing.assert_allclose(got, want, atol=1e-12)
    assert_same_weights(est, ref)


# ------------------------------------------------------------ hidden_layer_sizes


@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_no_hidden_layer_is_logistic_regression(solver):
    est = _quiet_fit(ours(hidden_layer_sizes=(), solver=solver, max_iter=300, alpha=1.0), X3, Y3)
    assert est.n_layers_ == 2
    assert [c.shape for c in est.coefs_] == [(3, 3)]
    assert [b.shape for b in est.intercepts_] == [(3,)]
    assert est.score(X3, Y3) > 0.8
    # Convex problem: lbfgs reaches the same optimum as sklearn's.
    if solver == "lbfgs":
        ref = _quiet_fit(
            sklearns(hidden_layer_sizes=(), solver="lbfgs", max_iter=300, alpha=1.0), X3, Y3
        )
        np.testing.assert_allclose(est.predict_proba(X3), ref.predict_proba(X3), atol=1e-4)
    binary = _quiet_fit(ours(hidden_layer_sizes=(), solver=solver, max_iter=100), X2, Y2)
    assert [c.shape for c in binary.coefs_] == [(3, 1)]


@pytest.mark.parametrize(
    "sizes, shapes",
    [
        (7, [(3, 7), (7, 3)]),
        ([7], [(3, 7), (7, 3)]),
        (np.array([4, 5]), [(3, 4), (4, 5), (5, 3)]),
    ],
)
def test_int_and_sequence_hidden_layer_sizes(sizes, shapes):
    est = _quiet_fit(ours(hidden_layer_sizes=sizes, max_iter=5), X3, Y3)
    assert [c.shape for c in est.coefs_] == shapes
    assert est.n_layers_ == len(shapes) + 1
    assert est.hidden_layer_sizes is sizes  # the parameter is not modified


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_deep_network_matches_sklearn(solver):
    params = dict(hidden_layer_sizes=(8, 6, 4), solver=solver, max_iter=15, batch_size=16)
    est = _quiet_fit(ours(**params), X3, Y3)
    ref = _quiet_fit(sklearns(**params), X3, Y3)
    assert est.n_layers_ == ref.n_layers_ == 5
    assert [c.shape for c in est.coefs_] == [(3, 8), (8, 6), (6, 4), (4, 3)]
    assert_same_weights(est, ref, atol=1e-10)
    deep = _quiet_fit(
        ours(hidden_layer_sizes=(8, 6, 4), activation="tanh", max_iter=300), X_EASY, Y_EASY
    )
    assert deep.score(X_EASY, Y_EASY) > 0.95
