"""Input validation and error messages: bad X and y, bad parameters, bad
input at prediction, feature names.

Every test asserts the exact behaviour that would break: the exception type
and a message naming the parameter or the problem, the absence of
RuntimeWarnings (overflow, invalid value) and of NaN, and, for failing calls,
that a previously fitted estimator keeps every attribute and prediction.
"""

import re
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.neural_network import MLPClassifier
from sklearn.utils.validation import check_is_fitted
from validation_problems import (
    X3,
    Y3,
    _fitted,
    _small,
    _with,
)

from sknumpynet import NumpyMLPClassifier

# ------------------------------------------------------- invalid X and y in fit


BAD_XY = [
    pytest.param(_with(X3, (0, 0), np.nan), Y3, ValueError, "Input X contains NaN", id="nan-X"),
    pytest.param(
        _with(X3, (3, 1), np.inf), Y3, ValueError, "Input X contains infinity", id="inf-X"
    ),
    pytest.param(
        _with(X3, (3, 1), -np.inf), Y3, ValueError, "Input X contains infinity", id="-inf-X"
    ),
    pytest.param(X3, _with(Y3, 0, np.nan), ValueError, "Input y contains NaN", id="nan-y"),
    pytest.param(X3[:, 0], Y3, ValueError, "Expected 2D array, got 1D array", id="1d-X"),
    pytest.param(X3[:, :, None], Y3, ValueError, "Found array with dim 3", id="3d-X"),
    pytest.param(
        np.array([["a", "b", "c"]] * len(Y3)),
        Y3,
        ValueError,
        "X holds strings",
        id="string-X",
    ),
    pytest.param(X3 + 1j, Y3, ValueError, "Complex data not supported", id="complex-X"),
    pytest.param(
        np.empty((0, 3)), np.array([], dtype=int), ValueError, r"0 sample\(s\)", id="0-samples"
    ),
    pytest.param(np.empty((len(Y3), 0)), Y3, ValueError, r"0 feature\(s\)", id="0-features"),
    pytest.param(X3, Y3[:-1], ValueError, "inconsistent numbers of samples", id="length-mismatch"),
    pytest.param(X3, X3[:, 0], ValueError, "Unknown label type: continuous", id="continuous-y"),
    pytest.param(
        X3,
        np.c_[Y3, np.arange(len(Y3)) % 3],
        ValueError,
        "[Mm]ultioutput target data is not supported",
        id="multiclass-multioutput-y",
    ),
    pytest.param(
        X3, np.zeros(len(Y3)), ValueError, "has to be greater than one; got 1 class", id="one-class"
    ),
    pytest.param(X3, np.array(["a"] * len(Y3)), ValueError, "got 1 class", id="one-string-class"),
]


@pytest.mark.parametrize("X, y, error, match", BAD_XY)
@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_fit_rejects_bad_X_and_y(X, y, error, match, solver):
    est = _small(solver=solver)
    with pytest.raises(error, match=match):
        est.fit(X, y)
    # A failed fit of a new estimator leaves it unfitted, with only its parameters.
    assert vars(est) == vars(_small(solver=solver))
    with pytest.raises(NotFittedError):
        check_is_fitted(est)


@pytest.mark.parametrize(
    "X, y, error, match",
    # A single class in y is fine for partial_fit: `classes` lists them all.
    [case for case in BAD_XY if case.id not in ("one-class", "one-string-class")],
)
def test_partial_fit_rejects_bad_X_and_y(X, y, error, match):
    est = _small(solver="sgd")
    with pytest.raises(error, match=match):
        est.partial_fit(X, y, classes=np.unique(Y3))
    assert vars(est) == vars(_small(solver="sgd"))


# ------------------------------------------------------------ invalid parameters


BAD_PARAMS = [
    ("hidden_layer_sizes", (0,)),
    ("hidden_layer_sizes", (3, -1)),
    ("hidden_layer_sizes", 2.5),
    ("hidden_layer_sizes", "a"),
    ("hidden_layer_sizes", 0),
    ("hidden_layer_sizes", -2),
    ("hidden_layer_sizes", (2.5,)),
    ("hidden_layer_sizes", ("a",)),
    ("hidden_layer_sizes", (True,)),
    ("hidden_layer_sizes", [[3]]),
    ("activation", "softmax"),
    ("activation", "sigmoid"),
    ("solver", "x"),
    ("alpha", -1),
    ("alpha", "0.1"),
    ("batch_size", 0),
    ("batch_size", -5),
    ("batch_size", 2.5),
    ("batch_size", "full"),
    ("learning_rate", "optimal"),
    ("learning_rate_init", 0),
    ("learning_rate_init", -0.1),
    ("learning_rate_init", "Auto"),
    ("power_t", -0.5),
    ("max_iter", 0),
    ("max_iter", 2.5),
    ("shuffle", "yes"),
    ("random_state", "seed"),
    ("tol", -1e-4),
    ("warm_start", "no"),
    ("momentum", 1.5),
    ("momentum", -0.1),
    ("nesterovs_momentum", 1.0),
    ("early_stopping", "yes"),
    ("validation_fraction", 1),
    ("validation_fraction", -0.1),
    ("beta_1", 1),
    ("beta_1", -0.1),
    ("beta_2", 1),
    ("epsilon", 0),
    ("n_iter_no_change", 0),
    ("n_iter_no_change", 2.5),
    ("n_iter_no_change", -np.inf),
    ("max_fun", 0),
    ("loss", "hinge"),
    ("loss", "cross_entropy"),
    ("weight_init", "zeros"),
    ("weight_init", "he_normal"),
]


@pytest.mark.parametrize("param, value", BAD_PARAMS, ids=lambda v: repr(v))
def test_invalid_parameter_is_named_in_the_error(param, value):
    params = {"solver": "sgd", param: value}
    methods = ("fit",) if param == "solver" else ("fit", "partial_fit")
    for method in methods:
        est = _small(**params)
        kwargs = {"classes": np.unique(Y3)} if method == "partial_fit" else {}
        with pytest.raises((ValueError, TypeError), match=re.escape(param)):
            getattr(est, method)(X3, Y3, **kwargs)
        with pytest.raises(NotFittedError):
            check_is_fitted(est)


@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_invalid_parameter_is_named_for_every_solver(solver):
    # The same table with the other solvers: validation never depends on the solver.
    for param, value in BAD_PARAMS:
        with pytest.raises((ValueError, TypeError), match=re.escape(param)):
            _small(**{"solver": solver, param: value}).fit(X3, Y3)


def test_valid_edge_parameters_are_accepted():
    # The boundaries that are allowed must not be rejected.
    for params in [
        dict(momentum=0.0, solver="sgd"),
        dict(momentum=1.0, solver="sgd", max_iter=2),
        dict(alpha=0.0),
        dict(beta_1=0.0, beta_2=0.0),
        dict(tol=0.0),
        dict(n_iter_no_change=np.inf),
        dict(hidden_layer_sizes=()),
        dict(hidden_layer_sizes=3),
        dict(hidden_layer_sizes=np.int64(3)),
        dict(hidden_layer_sizes=[3, 2]),
        dict(hidden_layer_sizes=np.array([3, 2])),
        dict(batch_size=1, max_iter=1),
        dict(max_fun=1, solver="lbfgs"),
    ]:
        est = _small(**params).fit(X3, Y3)
        assert np.isfinite(est.predict_proba(X3)).all(), params


def test_zero_dimensional_hidden_layer_sizes():
    est = _small(hidden_layer_sizes=np.array(3))
    try:
        est.fit(X3, Y3)
    except (TypeError, ValueError) as exc:
        assert "hidden_layer_sizes" in str(exc)
    else:
        assert [c.shape for c in est.coefs_] == [(3, 3), (3, 3)]


@pytest.mark.parametrize("fraction", [0.0, 0.01])
def test_bad_validation_fraction_with_early_stopping_names_the_parameter(fraction):
    with pytest.raises(ValueError, match="validation_fraction"):
        _small(early_stopping=True, validation_fraction=fraction).fit(X3[:30], Y3[:30] % 2)


def test_validation_set_too_small():
    # Multilabel targets are not stratified, so the estimator's own check is reached.
    Y = np.c_[Y3 % 2, Y3 == 2].astype(int)
    with pytest.raises(ValueError, match=r"validation set is too small.*validation_fraction"):
        _small(early_stopping=True, validation_fraction=0.02).fit(X3, Y)


# ------------------------------------------------------------------- prediction


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_log_proba"])
def test_not_fitted(method):
    with pytest.raises(NotFittedError, match="not fitted yet"):
        getattr(NumpyMLPClassifier(), method)(X3)


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_log_proba", "score"])
def test_predict_rejects_bad_X(method):
    est = _fitted()
    args = (Y3,) if method == "score" else ()
    call = getattr(est, method)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        call(_with(X3, (1, 1), np.nan), *args)
    with pytest.raises(ValueError, match="Input X contains infinity"):
        call(_with(X3, (1, 1), np.inf), *args)
    with pytest.raises(ValueError, match="X has 2 features, but NumpyMLPClassifier is expecting 3"):
        call(X3[:, :2], *args)
    with pytest.raises(ValueError, match="X has 4 features, but NumpyMLPClassifier is expecting 3"):
        call(np.c_[X3, X3[:, 0]], *args)
    with pytest.raises(ValueError, match="Expected 2D array"):
        call(X3[0], *args)
    with pytest.raises(ValueError, match="Complex data not supported"):
        call(X3 + 1j, *args)
    with pytest.raises(ValueError, match=r"0 sample\(s\)"):
        call(np.empty((0, 3)), *([np.array([])] if args else []))


def test_feature_names_like_sklearn():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(X3, columns=["a", "b", "c"])
    variants = {
        "numpy": X3,
        "reordered": df[["b", "a", "c"]],
        "renamed": df.rename(columns={"a": "z"}),
        "missing": df[["a", "b"]],
        "same": df,
    }

    def outcome(est, X):
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            try:
                est.predict(X)
                error = None
            except ValueError as exc:
                error = str(exc)
        messages = [
            str(w.message)
            for w in record
            if issubclass(w.category, UserWarning)
            and not issubclass(w.category, ConvergenceWarning)
        ]
        return error, messages

    ours = _small().fit(df, Y3)
    theirs = MLPClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0).fit(df, Y3)
    np.testing.assert_array_equal(ours.feature_names_in_, ["a", "b", "c"])
    for name, X in variants.items():
        ours_out = outcome(ours, X)
        theirs_out = outcome(theirs, X)
        theirs_out = (
            theirs_out[0],
            [m.replace("MLPClassifier", "NumpyMLPClassifier") for m in theirs_out[1]],
        )
        assert ours_out == theirs_out, name
    # Spot-check the actual contents, not only the agreement with sklearn.
    assert outcome(ours, X3)[1] == [
        "X does not have valid feature names, but NumpyMLPClassifier was fitted with feature names"
    ]
    for name in ("reordered", "renamed", "missing"):
        assert "feature names should match" in outcome(ours, variants[name])[0]
    assert outcome(ours, df) == (None, [])

    # Fitted without names, predicted with names: a warning, as in sklearn.
    plain = _small().fit(X3, Y3)
    assert not hasattr(plain, "feature_names_in_")
    assert outcome(plain, df) == (
        None,
        ["X has feature names, but NumpyMLPClassifier was fitted without feature names"],
    )
