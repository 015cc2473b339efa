"""Tiny data sets and the comparison with ``MLPClassifier`` shared by the
tests of scikit-learn integration.

With ``activation="relu"`` and ``learning_rate_init=1e-3`` (``PARITY``:
they make the initialisation and the step size the same) and the same
``random_state``, ``NumpyMLPClassifier`` and ``MLPClassifier`` run the same
training loop and end with the same weights (``_fit_both``,
``_assert_parity``). Data sets are tiny so that every fit takes a few
milliseconds.
"""

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from weights import all_weights

from sknumpynet import NumpyMLPClassifier

# Settings under which NumpyMLPClassifier and MLPClassifier coincide: relu
# gives the same Glorot bound, 1e-3 is MLPClassifier's default step, and
# alpha is MLPClassifier's default L2 penalty (NumpyMLPClassifier's is 0.3).
SKLEARN_ALPHA = MLPClassifier().alpha
PARITY = dict(activation="relu", learning_rate_init=1e-3, alpha=SKLEARN_ALPHA)


def _binary(n_samples=120, n_features=6, random_state=0):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=4,
        n_redundant=0,
        random_state=random_state,
    )
    return StandardScaler().fit_transform(X), y


def _multiclass(n_samples=150, n_features=6, random_state=1):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=4,
        n_redundant=0,
        n_classes=3,
        n_clusters_per_class=1,
        random_state=random_state,
    )
    return StandardScaler().fit_transform(X), y


X_BIN, Y_BIN = _binary()
X_MC, Y_MC = _multiclass()
# Inputs on which fitted models are compared (every parity test uses 6 features).
X_PROBE = np.vstack([X_BIN, X_MC])


def _small(**params):
    """A quick-to-train classifier (lbfgs on a few hidden units)."""
    defaults = dict(hidden_layer_sizes=(6,), solver="lbfgs", max_iter=60, random_state=0)
    defaults.update(params)
    return NumpyMLPClassifier(**defaults)


def _assert_same_weights(a, b, rtol=1e-6, atol=1e-10):
    wa, wb = all_weights(a), all_weights(b)
    assert len(wa) == len(wb)
    for x, y in zip(wa, wb):
        assert x.shape == y.shape
        assert_allclose(x, y, rtol=rtol, atol=atol)


def _assert_parity(ours, ref, *, check_curve=True, rtol=1e-6):
    """Same training trajectory as scikit-learn's MLPClassifier."""
    assert ours.n_iter_ == ref.n_iter_
    assert ours.n_layers_ == ref.n_layers_
    assert ours.n_outputs_ == ref.n_outputs_
    assert ours.out_activation_ == ref.out_activation_
    assert_array_equal(ours.classes_, ref.classes_)
    _assert_same_weights(ours, ref, rtol=rtol)
    assert_allclose(ours.loss_, ref.loss_, rtol=rtol)
    if check_curve:
        assert len(ours.loss_curve_) == len(ref.loss_curve_)
        assert_allclose(ours.loss_curve_, ref.loss_curve_, rtol=rtol)
        assert ours.t_ == ref.t_
    # atol: for a binary output MLPClassifier returns ``1 - p``, which rounds
    # to 0 when p is close to 1, where NumpyMLPClassifier computes the logistic
    # of ``-z`` exactly; the probabilities then differ below 1e-12.
    assert ours.n_features_in_ == ref.n_features_in_ == X_PROBE.shape[1]
    assert_allclose(ours.predict_proba(X_PROBE), ref.predict_proba(X_PROBE), rtol=rtol, atol=1e-12)
    assert_array_equal(ours.predict(X_PROBE), ref.predict(X_PROBE))


def _fit_both(X, y, fit_params=None, **params):
    """Fit NumpyMLPClassifier and MLPClassifier with the same parameters
    (``alpha`` is MLPClassifier's default unless given: the defaults differ)."""
    fit_params = fit_params or {}
    params = {"alpha": SKLEARN_ALPHA, **params}
    ours = NumpyMLPClassifier(**params).fit(X, y, **fit_params)
    ref = MLPClassifier(**params).fit(X, y, **fit_params)
    return ours, ref
