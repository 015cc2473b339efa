"""Edge cases of the training set: only zero weights in the training split,
continued training in float32, warnings pointing at the caller, float32
logits beyond float32's exp range.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from training_problems import (
    _quiet_fit,
    ours,
)

from sknumpynet._nn.network import output_logits

# ------------------------------------------------ edge cases of the training set


def test_training_split_with_only_zero_weights_is_a_clear_error():
    X = np.random.RandomState(0).randn(40, 3)
    y = np.arange(40) % 2
    sw = np.zeros(40)
    sw[0] = 1
    est = ours(
        hidden_layer_sizes=(3,),
        early_stopping=True,
        validation_fraction=0.5,
        random_state=0,
        max_iter=5,
    )
    with pytest.raises(ValueError, match="sample_weight 0"):
        est.fit(X, y, sample_weight=sw)
    assert not hasattr(est, "coefs_")


def test_continued_training_keeps_the_model_dtype():
    X = np.random.RandomState(0).randn(60, 4)
    y = np.arange(60) % 3
    est = ours(solver="sgd", hidden_layer_sizes=(5,)).partial_fit(
        X.astype(np.float32), y, classes=[0, 1, 2]
    )
    est.partial_fit(X, y)  # float64 batch
    assert all(c.dtype == np.float32 for c in est.coefs_ + est.intercepts_)
    assert est.predict_proba(X.astype(np.float32)).dtype == np.float32


def test_warnings_point_at_the_callers_line():
    X = np.random.RandomState(0).randn(40, 3)
    y = np.arange(40) % 2
    for params in [dict(max_iter=2), dict(solver="lbfgs", max_iter=2)]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ours(**params).fit(X, y)
        assert caught and all(w.filename == __file__ for w in caught), [
            (w.filename, str(w.message)) for w in caught
        ]


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_float32_training_with_logits_beyond_float32_exp_range(solver):
    """Unscaled inputs drive float32 logits past 88, where exp overflows in
    float32: training and prediction still work, as in float64."""
    rng = np.random.RandomState(0)
    X, y = make_blobs(n_samples=300, centers=3, n_features=3, random_state=0)
    X = (X * 100.0).astype(np.float32)
    est = _quiet_fit(ours(solver=solver, hidden_layer_sizes=(20,), max_iter=50), X, y)
    assert est.coefs_[0].dtype == np.float32
    probe = np.vstack([X, rng.normal(scale=1000.0, size=(50, 3)).astype(np.float32)])
    logits = output_logits(probe, est.coefs_, est.intercepts_, est.activation)
    assert np.abs(logits).max() > 88  # the case under test
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = est.predict_proba(probe)
    assert proba.dtype == np.float32 and np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(est.predict(probe), est.classes_[proba.argmax(axis=1)])
    assert est.score(X, y) > 0.9
