"""``batch_size`` and the ``learning_rate`` schedules (invscaling, adaptive).

Compared with scikit-learn's MLPClassifier where both train alike (see
``training_problems``); everything else against its documented definition.
"""

import re
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from training_problems import (
    X3,
    Y3,
    _data,
    _quiet_fit,
    assert_same_weights,
    ours,
    sklearns,
)

# -------------------------------------------------------------------- batch_size


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_batch_size_larger_than_n_samples_warns_and_clips(solver):
    with pytest.warns(
        UserWarning,
        match="Got `batch_size` less than 1 or larger than sample size. It is going to be clipped",
    ):
        big = ours(solver=solver, batch_size=1000, max_iter=5).fit(X3, Y3)
    full = _quiet_fit(ours(solver=solver, batch_size=len(Y3), max_iter=5), X3, Y3)
    assert_same_weights(big, full, atol=0)
    assert big.loss_curve_ == full.loss_curve_
    with pytest.warns(UserWarning, match="It is going to be clipped"):
        sklearns(solver=solver, batch_size=1000, max_iter=5).fit(X3, Y3)


def test_batch_size_equal_to_n_samples_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours(solver="sgd", batch_size=len(Y3), max_iter=2).fit(X3, Y3)


@pytest.mark.parametrize("n_samples, expected", [(60, 60), (250, 200)])
def test_batch_size_auto_is_min_200_n_samples(n_samples, expected):
    X, y = _data(n_samples=n_samples)
    auto = _quiet_fit(ours(solver="adam", batch_size="auto", max_iter=3), X, y)
    explicit = _quiet_fit(ours(solver="adam", batch_size=expected, max_iter=3), X, y)
    assert_same_weights(auto, explicit, atol=0)
    other = _quiet_fit(ours(solver="adam", batch_size=expected // 2, max_iter=3), X, y)
    assert not np.allclose(other.coefs_[0], auto.coefs_[0])


def test_batch_size_ignored_by_lbfgs():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = ours(solver="lbfgs", batch_size=1000, max_iter=10).fit(X3, Y3)
    b = _quiet_fit(ours(solver="lbfgs", max_iter=10), X3, Y3)
    assert_same_weights(a, b, atol=0)


# ----------------------------------------------------------- learning_rate schedules


def test_invscaling_decreases_the_learning_rate_like_sklearn():
    params = dict(
        solver="sgd",
        learning_rate="invscaling",
        learning_rate_init=0.5,
        power_t=0.5,
        max_iter=6,
        batch_size=16,
    )
    est = _quiet_fit(ours(**params), X3, Y3)
    ref = _quiet_fit(sklearns(**params), X3, Y3)
    assert est._optimizer["learning_rate"] == pytest.approx(0.5 / (est.t_ + 1) ** 0.5, rel=1e-12)
    assert est._optimizer["learning_rate"] < 0.5
    assert est._optimizer["learning_rate"] == pytest.approx(ref._optimizer.learning_rate, rel=1e-12)
    assert_same_weights(est, ref)
    constant = _quiet_fit(ours(**dict(params, learning_rate="constant")), X3, Y3)
    assert not np.allclose(constant.coefs_[0], est.coefs_[0])
    assert constant._optimizer["learning_rate"] == 0.5


def test_invscaling_with_partial_fit_uses_samples_seen():
    est = ours(solver="sgd", learning_rate="invscaling", learning_rate_init=0.5, power_t=0.25)
    est.partial_fit(X3, Y3, classes=[0, 1, 2])
    est.partial_fit(X3, Y3)
    assert est._optimizer["learning_rate"] == pytest.approx(0.5 / (2 * len(Y3) + 1) ** 0.25)


def test_adaptive_divides_learning_rate_by_5_on_plateau(capsys):
    params = dict(
        solver="sgd",
        learning_rate="adaptive",
        tol=10.0,
        n_iter_no_change=1,
        max_iter=9,
        batch_size=16,
        verbose=True,
    )
    est = _quiet_fit(ours(**params), X3, Y3)
    out = capsys.readouterr().out
    rates = [float(r) for r in re.findall(r"Setting learning rate to (\d+\.\d+)", out)]
    # Epoch 1 sets the best loss; then every 2 epochs without improvement > 1.
    assert len(rates) == 4
    np.testing.assert_allclose(rates, [0.01 / 5**i for i in range(1, 5)], atol=1e-6)
    assert est._optimizer["learning_rate"] == pytest.approx(0.01 / 5**4)
    assert est.n_iter_ == 9  # the adaptive schedule does not stop training
    ref = _quiet_fit(sklearns(**params), X3, Y3)
    assert capsys.readouterr().out == out
    assert ref._optimizer.learning_rate == pytest.approx(est._optimizer["learning_rate"])
    assert_same_weights(est, ref)


def test_adaptive_stops_once_learning_rate_is_tiny(capsys):
    est = ours(
        solver="sgd",
        learning_rate="adaptive",
        learning_rate_init=1e-5,
        tol=10.0,
        n_iter_no_change=1,
        max_iter=100,
        verbose=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X3, Y3)
    out = capsys.readouterr().out
    assert "Learning rate too small. Stopping." in out
    # 1e-5 -> 2e-6 -> 4e-7 (<= 1e-6): stop at the next plateau.
    assert est._optimizer["learning_rate"] == pytest.approx(4e-7)
    assert est.n_iter_ == 7


@pytest.mark.parametrize("learning_rate", ["invscaling", "adaptive"])
def test_schedules_do_not_affect_adam(learning_rate):
    a = _quiet_fit(ours(solver="adam", learning_rate=learning_rate, max_iter=8), X3, Y3)
    b = _quiet_fit(ours(solver="adam", max_iter=8), X3, Y3)
    assert_same_weights(a, b, atol=0)
