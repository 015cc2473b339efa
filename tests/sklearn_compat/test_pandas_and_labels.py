"""pandas input and every kind of class label, compared with ``MLPClassifier``
where both should agree.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal
from parity_problems import (
    PARITY,
    X_BIN,
    X_MC,
    Y_BIN,
    Y_MC,
    _fit_both,
    _small,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.usefixtures("single_threaded_blas")


def _outcome(func):
    """What calling ``func`` does: the exception raised, or the warnings."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        try:
            func()
        except Exception as exc:
            return ("raises", type(exc), str(exc))
    messages = sorted(
        str(w.message) for w in record if not issubclass(w.category, ConvergenceWarning)
    )
    return ("warns", tuple(messages))


def _normalise(outcome, name):
    return tuple(
        tuple(m.replace(name, "<EST>") for m in part)
        if isinstance(part, tuple)
        else part.replace(name, "<EST>")
        if isinstance(part, str)
        else part
        for part in outcome
    )


def test_dataframe_feature_names():
    df = pd.DataFrame(X_BIN, columns=["f%d" % i for i in range(X_BIN.shape[1])])
    ours = _small().fit(df, Y_BIN)
    ref = MLPClassifier(hidden_layer_sizes=(6,), solver="lbfgs", random_state=0).fit(df, Y_BIN)
    assert_array_equal(ours.feature_names_in_, df.columns)
    assert ours.feature_names_in_.dtype == object
    assert ours.n_features_in_ == X_BIN.shape[1]
    # Same-named columns: no warning, same result as the array.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from_df = ours.predict_proba(df)
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        from_array = ours.predict_proba(X_BIN)
    assert_array_equal(from_df, from_array)

    renamed = df.rename(columns={"f0": "zzz"})
    reordered = df[df.columns[::-1]]
    extra = df.assign(extra=1.0)
    missing = df.drop(columns=["f5"])
    variants = {
        "renamed": renamed,
        "reordered": reordered,
        "extra column": extra,
        "missing column": missing,
        "numpy array": X_BIN,
        "numpy array, too narrow": X_BIN[:, :5],
    }
    for label, X in variants.items():
        for method in ("predict", "predict_proba", "score"):
            args = (X, Y_BIN) if method == "score" else (X,)
            got = _normalise(
                _outcome(lambda m=method, a=args: getattr(ours, m)(*a)), "NumpyMLPClassifier"
            )
            expected = _normalise(
                _outcome(lambda m=method, a=args: getattr(ref, m)(*a)), "MLPClassifier"
            )
            assert got == expected, (label, method)
    # And the reference behaviour is what we think it is.
    assert _outcome(lambda: ours.predict(renamed))[0] == "raises"
    assert _outcome(lambda: ours.predict(renamed))[1] is ValueError
    assert _outcome(lambda: ours.predict(reordered))[1] is ValueError
    assert "does not have valid feature names" in _outcome(lambda: ours.predict(X_BIN))[1][0]

    # Fitted on an array, predicting on a DataFrame warns the other way.
    plain = _small().fit(X_BIN, Y_BIN)
    assert not hasattr(plain, "feature_names_in_")
    with pytest.warns(UserWarning, match="X has feature names, but NumpyMLPClassifier"):
        plain.predict(df)

    # Non-string column names are not feature names.
    int_cols = pd.DataFrame(X_BIN)
    assert not hasattr(_small().fit(int_cols, Y_BIN), "feature_names_in_")


def test_dataframe_with_pandas_labels_and_partial_fit():
    df = pd.DataFrame(X_MC, columns=list("abcdef"))
    names = np.array(["setosa", "versicolor", "virginica"])
    y = pd.Series(names[Y_MC], dtype=object)
    est = _small().fit(df, y)
    assert_array_equal(est.classes_, names)
    pred = est.predict(df)
    assert set(pred) <= set(names)
    assert (pred == y.to_numpy()).mean() > 0.7

    online = NumpyMLPClassifier(hidden_layer_sizes=(5,), random_state=0)
    online.partial_fit(df.iloc[:60], y.iloc[:60], classes=names)
    online.partial_fit(df.iloc[60:], y.iloc[60:])
    assert_array_equal(online.feature_names_in_, df.columns)
    with pytest.raises(ValueError, match="feature names"):
        online.partial_fit(df.rename(columns={"a": "z"}), y)
    assert set(online.predict(df)) <= set(names)


def test_string_labels_match_sklearn():
    labels = np.array(["cat", "ant", "bee"])  # not sorted on purpose
    y = labels[Y_MC]
    params = dict(hidden_layer_sizes=(6,), random_state=0, max_iter=30, **PARITY)
    ours, ref = _fit_both(X_MC, y, **params)
    assert_array_equal(ours.classes_, ["ant", "bee", "cat"])
    pred = ours.predict(X_MC)
    assert pred.dtype.kind == "U"
    assert set(pred) <= set(labels)
    assert_array_equal(pred, ref.predict(X_MC))
    assert_array_equal(pred, ours.classes_[ours.predict_proba(X_MC).argmax(axis=1)])
    assert ours.score(X_MC, y) == ref.score(X_MC, y)

    # Binary string labels.
    yb = np.where(Y_BIN == 1, "spam", "ham")
    ours_b, ref_b = _fit_both(X_BIN, yb, **params)
    assert_array_equal(ours_b.classes_, ["ham", "spam"])
    assert_array_equal(ours_b.predict(X_BIN), ref_b.predict(X_BIN))
    assert set(ours_b.predict(X_BIN)) == {"ham", "spam"}


def test_integer_labels_not_0_to_k():
    labels = np.array([10, -3, 7])
    y = labels[Y_MC]
    params = dict(hidden_layer_sizes=(6,), random_state=0, max_iter=30, **PARITY)
    ours, ref = _fit_both(X_MC, y, **params)
    assert_array_equal(ours.classes_, [-3, 7, 10])
    pred = ours.predict(X_MC)
    assert pred.dtype.kind == "i"
    assert set(pred) <= {-3, 7, 10}
    assert_array_equal(pred, ref.predict(X_MC))
    assert_array_equal(pred, ours.classes_[ours.predict_proba(X_MC).argmax(axis=1)])

    # Binary {-1, 5}: the positive class is the larger label.
    yb = np.where(Y_BIN == 1, 5, -1)
    est = _small().fit(X_BIN, yb)
    assert_array_equal(est.classes_, [-1, 5])
    pred = est.predict(X_BIN)
    assert set(pred) <= {-1, 5}
    assert_array_equal(pred == 5, est.predict_proba(X_BIN)[:, 1] > 0.5)
    assert est.score(X_BIN, yb) > 0.8


def test_boolean_labels():
    y = Y_BIN.astype(bool)
    est = _small().fit(X_BIN, y)
    assert_array_equal(est.classes_, [False, True])
    assert est.classes_.dtype == bool
    pred = est.predict(X_BIN)
    assert pred.dtype == bool
    assert (pred == y).mean() > 0.8
    ref = MLPClassifier(hidden_layer_sizes=(6,), solver="lbfgs", random_state=0).fit(X_BIN, y)
    assert ref.predict(X_BIN).dtype == pred.dtype


def test_predict_agrees_with_predict_proba_and_sklearn_at_the_boundary():
    # Same weights, same input: the predicted labels must be those of
    # MLPClassifier, and the class of highest predict_proba. Here every
    # output logit is a tiny positive number, whose logistic rounds to exactly
    # 0.5 in float32 (any |z| < 3e-8): MLPClassifier thresholds the
    # probability (0.5 > 0.5 is False: class 0); the class of largest
    # probability is then class 0 too (argmax takes the first of a tie).
    X = X_BIN.astype(np.float32)
    params = dict(hidden_layer_sizes=(4,), random_state=0, max_iter=5, **PARITY)
    ours, ref = _fit_both(X, Y_BIN, **params)
    for est in (ours, ref):
        est.coefs_[-1][:] = 0.0
        est.intercepts_[-1][:] = 1e-9
    proba = ours.predict_proba(X)
    assert_array_equal(proba, ref.predict_proba(X))
    assert (proba == 0.5).all()
    assert_array_equal(ref.predict(X), ref.classes_[proba.argmax(axis=1)])
    assert_array_equal(ours.predict(X), ours.classes_[proba.argmax(axis=1)])
    assert_array_equal(ours.predict(X), ref.predict(X))


def test_partial_fit_label_checks_like_sklearn():
    params = dict(hidden_layer_sizes=(4,), random_state=0)
    for cls in (NumpyMLPClassifier, MLPClassifier):
        est = cls(**params)
        with pytest.raises(ValueError, match="classes must be passed on the first call"):
            est.partial_fit(X_MC[:20], Y_MC[:20])
        est.partial_fit(X_MC[:20], Y_MC[:20], classes=[0, 1, 2, 3])
        assert_array_equal(est.classes_, [0, 1, 2, 3])
        with pytest.raises(ValueError, match=r"not in `self.classes_`"):
            est.partial_fit(X_MC[:20], Y_MC[:20] + 10)
        # partial_fit only exists for the stochastic solvers.
        assert hasattr(cls(solver="sgd"), "partial_fit")
        assert not hasattr(cls(solver="lbfgs"), "partial_fit")
        with pytest.raises(AttributeError, match="partial_fit"):
            cls(solver="lbfgs").partial_fit(X_MC, Y_MC)
