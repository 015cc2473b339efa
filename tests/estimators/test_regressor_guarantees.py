"""NumpyMLPRegressor's guarantees, and the fit transaction under threads.

* bad targets get a clear ValueError naming the problem;
* a failed call (bad input, divergence, ``KeyboardInterrupt`` in the middle
  of training) leaves the estimator exactly as it was: the same attribute
  objects, unchanged in content;
* extreme inputs and targets give finite results or the clear error, never
  NaN or a RuntimeWarning (pytest turns those into errors; the tests also
  check explicitly);
* predictions running in other threads while a refit fails see the old
  model, unchanged (both estimators).
"""

import pickle
import sys
import threading
import warnings

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.validation import check_is_fitted

import sknumpynet._base
from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

pytestmark = pytest.mark.usefixtures("single_threaded_blas")

SOLVERS = ["adam", "sgd", "lbfgs"]


def _data(n_samples=40, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_samples, 3)
    y = 2 * X[:, 0] + np.sin(X[:, 1]) + 0.1 * rng.randn(n_samples)
    return X, y


X, Y = _data()


def _fitted(**params):
    params = {"hidden_layer_sizes": (6,), "max_iter": 15, "random_state": 0, **params}
    return NumpyMLPRegressor(**params).fit(X, 100 + 10 * Y)


def assert_failure_changes_nothing(est, call, exception, match):
    """``call()`` raises ``exception`` matching ``match``, without a
    RuntimeWarning, and leaves ``est`` as it was: the same attribute objects
    (the same ``__dict__`` entries), with the same content (pickled bytes),
    and the same predictions when fitted."""
    before = dict(vars(est))
    blob = pickle.dumps(vars(est))
    fitted = hasattr(est, "coefs_")
    prediction = est.predict(X) if fitted else None
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(exception, match=match):
            call()
    assert vars(est).keys() == before.keys()
    for name, value in before.items():
        assert vars(est)[name] is value, name
    assert pickle.dumps(vars(est)) == blob
    if fitted:
        assert_array_equal(est.predict(X), prediction)
    else:
        with pytest.raises(NotFittedError):
            check_is_fitted(est)


# ------------------------------------------------------------------ bad targets


@pytest.mark.parametrize(
    "y, match",
    [
        (np.where(np.arange(40) == 3, np.nan, Y), "Input y contains NaN"),
        (np.where(np.arange(40) == 3, np.inf, Y), "Input y contains infinity"),
        (np.where(np.arange(40) == 3, -np.inf, Y), "Input y contains infinity"),
        (np.array(["a", "b"] * 20), "y must hold numbers for regression.*<U1"),
        (np.array(["1.5", "2"] * 20), "y must hold numbers for regression"),
        (np.array(["a", 1.0] * 20, dtype=object), "could not convert string to float: 'a'"),
        (Y[:30], "inconsistent numbers of samples"),
    ],
    ids=["nan", "inf", "-inf", "strings", "numeric-strings", "object-strings", "length"],
)
@pytest.mark.parametrize("fitted", [False, True], ids=["unfitted", "fitted"])
def test_bad_targets_clear_error_and_no_change(y, match, fitted):
    est = _fitted() if fitted else NumpyMLPRegressor(max_iter=5)
    assert_failure_changes_nothing(est, lambda: est.fit(X, y), ValueError, match)


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
@pytest.mark.parametrize("n_outputs", [1, 3])
def test_other_number_of_outputs_when_continuing(method, n_outputs):
    est = NumpyMLPRegressor(hidden_layer_sizes=(6,), max_iter=5, warm_start=True, random_state=0)
    est.fit(X, np.tile(Y[:, None], (1, n_outputs)) if n_outputs > 1 else Y)
    other, n_other = (np.column_stack([Y, -Y]), 2) if n_outputs == 1 else (Y, 1)
    match = "y has %d outputs but the fitted network has %d" % (n_other, n_outputs)
    assert_failure_changes_nothing(est, lambda: getattr(est, method)(X, other), ValueError, match)
    # a fit without warm_start starts over with the new outputs
    est.set_params(warm_start=False).fit(X, other)
    assert est.n_outputs_ == n_other


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_poisson_rejects_negative_targets(method):
    y = np.abs(Y)
    est = NumpyMLPRegressor(loss="poisson", max_iter=5, random_state=0)
    bad = np.where(np.arange(40) == 7, -0.5, y)
    assert_failure_changes_nothing(
        est, lambda: getattr(est, method)(X, bad), ValueError, "y are negative.*Poisson"
    )
    est.partial_fit(X, y)  # the first call fixes the scaling; later ones are checked too
    assert_failure_changes_nothing(
        est, lambda: getattr(est, method)(X, bad), ValueError, "y are negative.*Poisson"
    )


def test_bad_parameters_are_named():
    for params, name in [
        ({"loss": "absolute_error"}, "loss"),
        ({"normalize_y": "yes"}, "normalize_y"),
    ]:
        est = NumpyMLPRegressor(**params)
        assert_failure_changes_nothing(
            est, lambda est=est: est.fit(X, Y), InvalidParameterError, name
        )


# ---------------------------------------------- failed fits, interrupted fits


@pytest.mark.parametrize(
    "solver, method",
    [(solver, method) for solver in SOLVERS for method in ["fit", "warm_start"]]
    + [("adam", "partial_fit"), ("sgd", "partial_fit")],  # lbfgs has no partial_fit
)
def test_keyboard_interrupt_inside_training_changes_nothing(solver, method, monkeypatch):
    """KeyboardInterrupt from the objective, a few evaluations into training
    (mid-epoch for the stochastic solvers), leaves the fitted model as it was:
    weights, optimiser state, target scaling and all."""
    est = _fitted(solver=solver, batch_size=10, warm_start=method == "warm_start")
    if method == "partial_fit":
        est.partial_fit(X, 100 + 10 * Y)
    calls = []
    real = sknumpynet._base.objective_and_gradient

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(sknumpynet._base, "objective_and_gradient", interrupted)
    call = est.partial_fit if method == "partial_fit" else est.fit
    # other targets: a completed refit would change the scaling too
    assert_failure_changes_nothing(est, lambda: call(X, -5 + Y), KeyboardInterrupt, None)
    assert len(calls) == 3
    monkeypatch.setattr(sknumpynet._base, "objective_and_gradient", real)
    call(X, -5 + Y)  # and the estimator is still usable


def test_divergence_guard():
    """A step size that blows the weights up: the clear error, nothing
    changed, no overflow warning (normalised and raw targets)."""
    for normalize_y in [True, False]:
        est = _fitted(solver="sgd", normalize_y=normalize_y, learning_rate_init=1e-3)
        est.set_params(learning_rate_init=1e6, momentum=0.0)
        assert_failure_changes_nothing(
            est,
            lambda est=est: est.fit(X, 100 + 10 * Y),
            ValueError,
            r"Training diverged in epoch \d+.*Lower learning_rate_init \(currently 1000000.0\)",
        )


# ------------------------------------------------ extreme inputs and targets


def test_huge_targets_are_rejected_before_training():
    """Targets whose mean or spread overflows float64 cannot be normalised:
    the clear error from the target scaling, nothing changed."""
    for est in [NumpyMLPRegressor(max_iter=5), _fitted()]:
        assert_failure_changes_nothing(
            est,
            lambda est=est: est.fit(X, 1e300 * Y),
            ValueError,
            "too large to normalise in float64.*normalize_y=False",
        )


@pytest.mark.parametrize(
    "dtype, scale", [(np.float64, 1e150), (np.float64, 1e-150), (np.float32, 1e30)]
)
@pytest.mark.parametrize("loss", ["squared_error", "poisson"])
def test_targets_of_extreme_scale_train_like_unit_targets(loss, dtype, scale):
    """normalize_y makes the scale of the targets irrelevant: the same
    weights (to rounding) and predictions scaled by the same factor, with no
    RuntimeWarning; float32 input is trained in float32."""
    y = np.abs(Y) if loss == "poisson" else Y
    params = dict(loss=loss, hidden_layer_sizes=(6,), max_iter=15, random_state=0)
    Xd = X.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        unit = NumpyMLPRegressor(**params).fit(Xd, y)
        est = NumpyMLPRegressor(**params).fit(Xd, scale * y)
        pred = est.predict(Xd)
    assert pred.dtype == dtype and np.isfinite(pred).all()
    rtol = 1e-9 if dtype == np.float64 else 1e-4
    for a, b in zip(est.coefs_, unit.coefs_):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol)
    np.testing.assert_allclose(pred, scale * unit.predict(Xd), rtol=100 * rtol)


def test_extreme_inputs_give_finite_predictions_or_a_clear_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        est = _fitted()
        for factor in [1e150, 1e300, -1e300]:
            pred = est.predict(X * factor)
            assert np.isfinite(pred).all()
        # training on huge inputs: a model with finite predictions, or the error
        try:
            big = NumpyMLPRegressor(max_iter=5, random_state=0).fit(X * 1e150, Y)
        except ValueError as exc:
            assert "non-finite" in str(exc)
        else:
            assert np.isfinite(big.predict(X * 1e150)).all()
    with pytest.raises(ValueError, match="Input X contains infinity"):
        est.predict(np.where(X > 2, np.inf, X))


@pytest.mark.parametrize("loss", ["squared_error", "poisson"])
def test_constant_targets_are_predicted(loss):
    """Targets without spread keep a scale of 1 (no division by zero): the
    network learns the constant, to the accuracy of a few lbfgs steps."""
    for value in [0.0, 3.0, 1e200]:
        est = NumpyMLPRegressor(loss=loss, solver="lbfgs", max_iter=50, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            pred = est.fit(X, np.full(40, value)).predict(X)
        assert np.isfinite(pred).all()
        np.testing.assert_allclose(pred, value, rtol=0.05, atol=0.05)


# ---------------------------------------------------------------- threads


@pytest.mark.parametrize("Estimator", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_failed_refits_are_invisible_to_concurrent_predictions(Estimator, monkeypatch):
    """Reader threads predict in a loop while another thread keeps refitting
    and failing: with NaN in X (failing in validation), and, every other
    time, with an error raised by the objective on its third evaluation
    (failing in the middle of training, after the draft has new weights).
    The refits are on other targets (other labels; targets of another mean
    and spread), so that a label set or target scaling leaked from a failed
    fit would show. The GIL switches threads every microsecond. No reader
    may see an error or another output than the fitted model's."""
    if Estimator is NumpyMLPClassifier:
        y = (Y > 0).astype(int)
        y_other = y + 1

        def predict(X):
            return est.predict_proba(X), est.predict(X)

    else:
        y, y_other = Y, 3 * Y - 7

        def predict(X):
            return (est.predict(X),)

    est = Estimator(hidden_layer_sizes=(6,), max_iter=10, random_state=0, solver="sgd")
    est.fit(X, y)
    expected = predict(X)
    X_nan = X.copy()
    X_nan[5, 1] = np.nan
    errors, mismatches, refits = [], [], []
    done = threading.Event()
    real = sknumpynet._base.objective_and_gradient
    calls = []

    def failing_objective(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValueError("failed in training")
        return real(*args, **kwargs)

    monkeypatch.setattr(sknumpynet._base, "objective_and_gradient", failing_objective)

    def reader():
        try:
            for i in range(5000):
                out = predict(X)
                if not all(np.array_equal(a, b) for a, b in zip(out, expected)):
                    mismatches.append(out)
                if done.is_set() and i >= 50:
                    break
        except BaseException as exc:
            errors.append(exc)

    def writer():
        try:
            for i in range(40):
                calls.clear()
                try:
                    est.fit(X_nan if i % 2 == 0 else X, y_other)
                except ValueError as exc:
                    refits.append(str(exc))
                else:
                    errors.append(AssertionError("a refit on bad input succeeded"))
        finally:
            done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=reader) for _ in range(3)]
        threads.append(threading.Thread(target=writer))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert mismatches == []
    assert len(refits) == 40
    assert sum("NaN" in message for message in refits) == 20
    assert refits.count("failed in training") == 20
    for a, b in zip(predict(X), expected):
        assert_array_equal(a, b)
