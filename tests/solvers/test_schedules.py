"""learning_rate='cosine' and 'coslog4': the factors against their
definitions (RealMLP's coslog4 as pytabkit writes it), the steps the
solvers take against those factors, and the recorded learning_rate_curve_."""

import math
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import gen_batches

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet._nn.network import objective_and_gradient
from sknumpynet._nn.parameters import Layout, pack
from sknumpynet._solvers.schedules import cosine, coslog

X, y = make_blobs(n_samples=50, centers=3, n_features=3, random_state=0)
X = (X - X.mean(axis=0)) / X.std(axis=0)


def _fit(est, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(*args, **kwargs)


def test_coslog4_is_realmlps_four_cycles():
    """pytabkit's CoslogFunc(4): 0.5 * (1 - cos(2 pi log2(1 + 15 t))); zero
    where log2(1 + 15 t) is an integer, one half-way (in log time)."""
    for t in np.linspace(0, 1, 101):
        assert coslog(t) == pytest.approx(0.5 * (1 - np.cos(2 * np.pi * np.log2(1 + 15 * t))))
    for k in range(5):
        assert coslog((2**k - 1) / 15) == pytest.approx(0, abs=1e-12)
    for k in range(4):
        assert coslog((2 ** (k + 0.5) - 1) / 15) == pytest.approx(1)


def test_cosine_decays_to_zero_after_a_linear_warmup():
    assert cosine(0.0) == 1 and cosine(1.0) == pytest.approx(0, abs=1e-15)
    assert cosine(0.1, warmup=0.2) == pytest.approx(0.5)
    assert cosine(0.2, warmup=0.2) == 1
    assert cosine(0.6, warmup=0.2) == pytest.approx(0.5)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
@pytest.mark.parametrize("schedule", ["cosine", "coslog4"])
def test_learning_rate_curve_is_the_mean_scheduled_step(schedule, solver):
    lr, max_iter, batch = 0.01, 6, 16
    est = _fit(
        NumpyMLPClassifier(
            hidden_layer_sizes=(5,),
            solver=solver,
            learning_rate=schedule,
            learning_rate_init=lr,
            batch_size=batch,
            max_iter=max_iter,
            tol=0,
            n_iter_no_change=100,
            random_state=0,
        ),
        X,
        y,
    )
    factor = cosine if schedule == "cosine" else coslog
    expected = []
    for epoch in range(max_iter):
        steps = [
            lr * factor((epoch + s.start / len(X)) / max_iter) * (s.stop - s.start)
            for s in gen_batches(len(X), batch)
        ]
        expected.append(sum(steps) / len(X))
    np.testing.assert_allclose(est.learning_rate_curve_, expected, rtol=1e-14)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_curve_of_the_existing_schedules(solver):
    """'constant' keeps learning_rate_init_; 'invscaling' (sgd) divides it
    by (t + 1) ** power_t after each epoch, t the samples seen."""
    est = _fit(NumpyMLPClassifier(solver=solver, max_iter=4, random_state=0), X, y)
    assert est.learning_rate_curve_ == [est.learning_rate_init_] * 4
    est = _fit(
        NumpyMLPClassifier(
            solver="sgd", learning_rate="invscaling", max_iter=4, random_state=0, power_t=0.5
        ),
        X,
        y,
    )
    lr0 = est.learning_rate_init_
    expected = [lr0] + [lr0 / (len(X) * e + 1) ** 0.5 for e in range(1, 4)]
    np.testing.assert_allclose(est.learning_rate_curve_, expected, rtol=1e-15)


def test_each_partial_fit_step_is_the_scheduled_multiple_of_the_gradient():
    """Full-batch SGD without momentum: call k moves the weights by
    -lr * f(k / max_iter) times the gradient there; after max_iter calls
    the schedule starts again."""
    lr, max_iter = 0.5, 3
    est = NumpyMLPRegressor(
        hidden_layer_sizes=(4,),
        solver="sgd",
        momentum=0.0,
        learning_rate="cosine",
        learning_rate_init=lr,
        max_iter=max_iter,
        batch_size=len(X),
        shuffle=False,
        normalize_y=False,
        alpha=0.0,
        random_state=0,
    )
    target = X[:, :1] * 2.0
    est.partial_fit(X, target[:, 0])  # the first step: factor 1
    layout = Layout((3, 4, 1))
    for call in range(1, 2 * max_iter):
        theta = pack(est.coefs_, est.intercepts_, np.float64)
        grad = np.empty_like(theta)
        objective_and_gradient(
            theta, layout, X, target, None, "relu", "identity", "squared_error", 0.0, grad
        )
        est.partial_fit(X, target[:, 0])
        moved = pack(est.coefs_, est.intercepts_, np.float64) - theta
        step = lr * cosine((call % max_iter) / max_iter)
        np.testing.assert_allclose(moved, -step * grad, rtol=1e-10, atol=1e-14)


def test_early_stopping_ends_the_run_where_the_schedule_is():
    est = _fit(
        NumpyMLPClassifier(
            learning_rate="cosine",
            early_stopping=True,
            n_iter_no_change=2,
            max_iter=500,
            random_state=0,
        ),
        X,
        y,
    )
    assert est.n_iter_ < 500 and len(est.learning_rate_curve_) == est.n_iter_
    last = est.learning_rate_init_ * cosine((est.n_iter_ - 0.5) / 500)
    assert est.learning_rate_curve_[-1] == pytest.approx(last, rel=0.05)
    assert est.learning_rate_curve_[-1] > 0.5 * est.learning_rate_init_


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(learning_rate="cosine", solver="lbfgs"), "learning_rate='cosine' needs solver="),
        (dict(warmup_iter=3), "warmup_iter=3 is a warm-up of learning_rate='cosine'"),
        (dict(learning_rate="cosine", warmup_iter=10, max_iter=10), "less than max_iter"),
        (dict(learning_rate="cosinus"), "learning_rate"),
    ],
)
def test_invalid_schedules_are_clear_errors(params, message):
    with pytest.raises(ValueError, match=message):
        NumpyMLPClassifier(**params).fit(X, y)


def test_lbfgs_records_no_learning_rate_curve():
    est = _fit(NumpyMLPClassifier(solver="lbfgs", max_iter=5), X, y)
    assert est.learning_rate_curve_ is None
    assert math.isfinite(est.loss_)
