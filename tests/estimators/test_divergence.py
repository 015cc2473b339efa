"""Extreme feature scales and divergence: a clear error naming
``learning_rate_init`` and the epoch, or finite weights; finite
probabilities for huge inputs at prediction.

Every test asserts the exact behaviour that would break: the exception type
and a message naming the parameter or the problem, the absence of
RuntimeWarnings (overflow, invalid value) and of NaN, and, for failing calls,
that a previously fitted estimator keeps every attribute and prediction.
"""

import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from validation_problems import (
    FITTED_ATTRIBUTES,
    X3,
    Y3,
    _data,
    _fitted,
    _small,
    _Snapshot,
)

# --------------------------------------------------- extreme scales, divergence


SCALES = [1e-12, 1e-6, 1e6, 1e100, 1e200]
SOLVERS = [
    dict(solver="sgd", momentum=0.9, nesterovs_momentum=True),
    dict(solver="adam"),
    dict(solver="lbfgs"),
]


@pytest.mark.parametrize("activation", ["logistic", "relu"])
@pytest.mark.parametrize("solver", SOLVERS, ids=lambda s: s["solver"])
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("n_classes", [2, 3])
def test_extreme_feature_scales(scale, solver, activation, n_classes):
    X, y = _data(n_classes=n_classes)
    X = X * scale
    est = _small(activation=activation, max_iter=15, **solver)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            est.fit(X, y)
        except ValueError as exc:
            assert re.search(r"learning_rate_init|[Ss]cale the input features", str(exc)), exc
            assert not hasattr(est, "coefs_")  # no NaN weights kept
            return
        proba = est.predict_proba(X)
        log_proba = est.predict_log_proba(X)
        pred = est.predict(X)
    for param in est.coefs_ + est.intercepts_:
        assert np.isfinite(param).all()
    assert np.isfinite(est.loss_) and np.isfinite(est.loss_curve_).all()
    assert proba.shape == (len(y), n_classes)
    assert np.isfinite(proba).all() and (proba >= 0).all() and (proba <= 1).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    assert np.isfinite(log_proba).all()
    np.testing.assert_array_equal(pred, est.classes_[proba.argmax(axis=1)])


@pytest.mark.parametrize("activation", ["relu", "identity"])
def test_divergence_names_learning_rate_and_epoch(activation):
    est = _fitted(activation=activation)
    snapshot = _Snapshot(est, X3)
    original = est.get_params()
    est.set_params(solver="sgd", learning_rate_init=1e6, max_iter=50)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match=r"diverged in epoch (\d+)") as info:
            est.fit(X3 * 1e100, Y3)
    message = str(info.value)
    assert "learning_rate_init" in message and "1000000.0" in message
    assert "StandardScaler" in message
    epoch = int(re.search(r"epoch (\d+)", message).group(1))
    assert 1 <= epoch <= 50
    est.set_params(**original)
    snapshot.check(est)  # previous, finite weights kept


def test_huge_learning_rate_with_bounded_activation_stays_finite():
    # Logistic hidden units keep the activations bounded: sgd with a huge step
    # then either diverges with the clear error or ends with finite weights.
    est = _small(activation="logistic", solver="sgd", learning_rate_init=1e6, max_iter=50)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            est.fit(X3 * 1e100, Y3)
        except ValueError as exc:
            assert "learning_rate_init" in str(exc)
            assert not hasattr(est, "coefs_")
            return
        proba = est.predict_proba(X3 * 1e100)
    assert all(np.isfinite(c).all() for c in est.coefs_ + est.intercepts_)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_divergence_in_the_very_last_step_is_caught(method):
    # A single full-batch step that overflows the weights: no later objective
    # evaluation would notice, the check on the weights must.
    est = _small(
        solver="sgd",
        learning_rate_init=1e10,
        activation="relu",
        max_iter=1,
        batch_size=len(Y3),
        momentum=0.0,
    )
    kwargs = {"classes": [0, 1, 2]} if method == "partial_fit" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match=r"diverged in epoch 1.*learning_rate_init"):
            getattr(est, method)(X3 * 1e300, Y3, **kwargs)
    assert not hasattr(est, "coefs_")


def test_divergence_of_fresh_estimator_keeps_no_weights():
    est = _small(solver="sgd", learning_rate_init=1e6, activation="relu", max_iter=50)
    with pytest.raises(ValueError, match="learning_rate_init"):
        est.fit(X3 * 1e100, Y3)
    for name in FITTED_ATTRIBUTES:
        assert not hasattr(est, name), name


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("activation", ["relu", "identity", "logistic", "tanh"])
def test_predict_proba_on_huge_inputs(activation, n_classes):
    X, y = _data(n_classes=n_classes, n_samples=60)
    est = _small(activation=activation, hidden_layer_sizes=(5,), max_iter=50).fit(X, y)
    for scale in (1e100, 1e200, 1e300):
        X_test = np.clip(X, -1.5, 1.5) * scale
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                proba = est.predict_proba(X_test)
                log_proba = est.predict_log_proba(X_test)
                pred = est.predict(X_test)
            except ValueError as exc:
                assert re.search("too large|[Ss]cale the input", str(exc)), exc
                continue
        assert np.isfinite(proba).all() and (proba >= 0).all()
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
        assert np.isfinite(log_proba).all()
        assert set(pred) <= set(est.classes_)


@pytest.mark.parametrize("hidden", [(), (5,)])
def test_predict_proba_huge_single_feature_multiclass(hidden):
    # Logits close to +-1e308 in one row: the softmax shift must not overflow
    # with a warning, and predict_log_proba must stay finite.
    X, y = _data(n_samples=60)
    est = _small(hidden_layer_sizes=hidden, activation="identity", solver="lbfgs", max_iter=50).fit(
        X, y
    )
    n_checked = 0
    for scale in (1e305, 1e306, 1e307, 1e308):
        for feature in range(3):
            for sign in (1, -1):
                x = np.zeros((1, 3))
                x[0, feature] = sign * scale
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    try:
                        proba = est.predict_proba(x)
                        log_proba = est.predict_log_proba(x)
                    except ValueError as exc:
                        assert re.search("too large|[Ss]cale the input", str(exc))
                        continue
                assert np.isfinite(proba).all()
                np.testing.assert_allclose(proba.sum(axis=1), 1.0)
                assert np.isfinite(log_proba).all()
                n_checked += 1
    assert n_checked > 0


@pytest.mark.parametrize("kind", ["float64", "float32", "list", "csr"])
def test_predict_finds_nan_and_inf_in_any_block(kind):
    """Large inputs are checked block by block while the network evaluates
    them: a bad value in a late block still gives scikit-learn's error."""
    est = _fitted()
    rng = np.random.RandomState(0)
    X = rng.normal(size=(5000, X3.shape[1]))

    def convert(A):
        if kind == "list":
            return A.tolist()
        if kind == "csr":
            return sp.csr_matrix(A)
        return A.astype(kind)

    proba = est.predict_proba(convert(X))
    assert np.isfinite(proba).all()
    for value, message in [(np.nan, "Input X contains NaN"), (np.inf, "Input X contains infinity")]:
        bad = X.copy()
        bad[4321, 1] = value
        with pytest.raises(ValueError, match=message):
            est.predict_proba(convert(bad))


def test_predict_huge_finite_inputs_are_not_called_infinite():
    """Finite values whose sum overflows pass the finiteness check."""
    est = _fitted()
    X = np.full((3000, X3.shape[1]), 1e308)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            proba = est.predict_proba(X)
        except ValueError as exc:
            assert "Input X contains" not in str(exc)
            assert re.search("too large|[Ss]cale the input", str(exc))
        else:
            assert np.isfinite(proba).all()


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_log_proba"])
def test_predict_huge_mixed_sign_inputs_no_warning(method):
    X, y = _data(n_features=4, n_classes=2)
    est = _small(activation="relu", solver="lbfgs", max_iter=50).fit(X, y)
    X_test = np.zeros((4, 4))
    X_test[0, :2] = [1e308, -1e308]
    X_test[2, :2] = [1e308, -1e308]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            out = getattr(est, method)(X_test)
        except ValueError as exc:
            assert re.search("too large|[Ss]cale the input", str(exc))
            return
    if method == "predict":
        assert set(out) <= {0, 1}
    else:
        assert np.isfinite(out).all()
