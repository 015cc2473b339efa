"""Input validation, error messages and the "a failed fit changes nothing" promise.

Every test asserts the exact behaviour that would break: the exception type
and a message naming the parameter or the problem, the absence of
RuntimeWarnings (overflow, invalid value) and of NaN, and, for failing calls,
that a previously fitted estimator keeps every attribute and prediction.
"""

import copy
import itertools
import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.utils.validation import check_is_fitted

from sknumpynet import NumpyMLPClassifier

# --------------------------------------------------------------------- helpers


def _data(n_samples=40, n_features=3, n_classes=3, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_samples, n_features)
    score = X[:, 0] + 0.5 * X[:, 1]
    if n_classes == 2:
        y = (score > 0).astype(int)
    else:
        y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1]))
    return X, y


X3, Y3 = _data()  # 3 classes
X2, Y2 = _data(n_classes=2)  # binary


def _small(**params):
    params.setdefault("hidden_layer_sizes", (4,))
    params.setdefault("max_iter", 5)
    params.setdefault("random_state", 0)
    # Pinned, so that the tests do not depend on the default step size.
    params.setdefault("learning_rate_init", 0.01)
    return NumpyMLPClassifier(**params)


def _fitted(**params):
    return _small(**params).fit(X3, Y3)


def _assert_same(a, b, path="est"):
    """Deep equality of two attribute trees (arrays, lists, dicts, objects)."""
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray), path
        assert a.dtype == b.dtype and a.shape == b.shape, path
        np.testing.assert_array_equal(a, b, err_msg=path)
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), path
        for i, (u, v) in enumerate(zip(a, b)):
            _assert_same(u, v, "%s[%d]" % (path, i))
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), (path, set(a) ^ set(b))
        for key in a:
            _assert_same(a[key], b[key], "%s.%s" % (path, key))
    elif hasattr(a, "__dict__") and not isinstance(a, type):
        assert type(a) is type(b), path
        _assert_same(vars(a), vars(b), path)
    elif isinstance(a, float) and np.isnan(a):
        assert isinstance(b, float) and np.isnan(b), path
    else:
        assert a == b, path


def early_stopping_split(seed, y, layer_units, validation_fraction):
    """(train, validation) row indices of an early-stopping fit with this seed.

    Follows the documented contract: ``random_state`` seeds, in this order,
    the glorot-uniform weights (for each layer the weight matrix, then the
    bias) and the stratified early-stopping split.
    """
    rng = np.random.RandomState(seed)
    for fan_in, fan_out in itertools.pairwise(layer_units):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        rng.uniform(-bound, bound, (fan_in, fan_out))
        rng.uniform(-bound, bound, fan_out)
    return train_test_split(
        np.arange(len(y)), random_state=rng, test_size=validation_fraction, stratify=y
    )


FITTED_ATTRIBUTES = [
    "coefs_",
    "intercepts_",
    "classes_",
    "n_features_in_",
    "loss_curve_",
    "n_iter_",
    "loss_",
    "best_loss_",
    "t_",
    "n_layers_",
    "n_outputs_",
    "out_activation_",
]


class _Snapshot:
    """Everything observable about a fitted estimator, to compare after a failure."""

    def __init__(self, est, X):
        self.state = copy.deepcopy(vars(est))
        self.public = {name: copy.deepcopy(getattr(est, name)) for name in FITTED_ATTRIBUTES}
        self.X = X
        self.proba = est.predict_proba(X)
        self.pred = est.predict(X)

    def check(self, est):
        for name in FITTED_ATTRIBUTES:
            _assert_same(self.public[name], getattr(est, name), name)
        _assert_same(self.state, vars(est))
        for coef in est.coefs_ + est.intercepts_:
            assert np.isfinite(coef).all()
        np.testing.assert_array_equal(est.predict_proba(self.X), self.proba)
        np.testing.assert_array_equal(est.predict(self.X), self.pred)


# ------------------------------------------------------- invalid X and y in fit


def _with(X, index, value):
    X = X.astype(float).copy()
    X[index] = value
    return X


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
        "could not convert string to float",
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


# ------------------------------------------------------------------ partial_fit


def test_partial_fit_needs_classes_on_first_call():
    est = _small(solver="sgd")
    with pytest.raises(ValueError, match="classes must be passed on the first call to partial_fit"):
        est.partial_fit(X3, Y3)
    assert not hasattr(est, "classes_")


def test_partial_fit_rejects_changed_classes():
    est = _small(solver="sgd").partial_fit(X3, Y3, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="is not the same as on last call to partial_fit"):
        est.partial_fit(X3, Y3, classes=[0, 1, 2, 3])


def test_partial_fit_rejects_unseen_label_after_first_call():
    est = _small(solver="sgd").partial_fit(X3, Y3, classes=[0, 1, 2])
    with pytest.raises(ValueError, match=r"`y` has classes not in `self.classes_`"):
        est.partial_fit(X3, np.where(Y3 == 2, 7, Y3))


@pytest.mark.parametrize(
    "y, classes",
    [
        (np.where(Y3 == 2, 7, Y3), [0, 1, 2]),  # 7 is not a class
        (Y3, [0, 1]),  # binary classes, y has a third label
    ],
    ids=["multiclass", "binary"],
)
def test_partial_fit_rejects_unseen_label_on_first_call(y, classes):
    with pytest.raises(ValueError, match="classes"):
        MLPClassifier(solver="sgd").partial_fit(X3, y, classes=classes)  # sklearn's behaviour
    est = _small(solver="sgd")
    with pytest.raises(ValueError, match="classes"):
        est.partial_fit(X3, y, classes=classes)
    assert not hasattr(est, "coefs_")


def test_partial_fit_not_available_for_lbfgs():
    est = NumpyMLPClassifier(solver="lbfgs")
    assert not hasattr(est, "partial_fit")
    with pytest.raises(AttributeError, match="has no attribute 'partial_fit'") as info:
        est.partial_fit  # noqa: B018
    assert "only available for stochastic optimizers" in str(info.value.__cause__)
    # Switching solver makes it available, as in sklearn.
    assert hasattr(est.set_params(solver="sgd"), "partial_fit")
    assert hasattr(est.set_params(solver="adam"), "partial_fit")


def test_partial_fit_refuses_early_stopping():
    est = _small(solver="sgd", early_stopping=True)
    with pytest.raises(ValueError, match="partial_fit does not support early_stopping=True"):
        est.partial_fit(X3, Y3, classes=[0, 1, 2])
    assert not hasattr(est, "coefs_")


def test_warm_start_refuses_different_classes():
    est = _fitted(warm_start=True)
    snapshot = _Snapshot(est, X3)
    for y in (np.where(Y3 == 2, 5, Y3), Y3 % 2, np.where(Y3 == 0, 3, Y3)):
        with pytest.raises(
            ValueError, match="warm_start can only be used where `y` has the same classes"
        ):
            est.fit(X3, y)
        snapshot.check(est)


def test_warm_start_refuses_changed_architecture():
    est = _fitted(warm_start=True)
    snapshot = _Snapshot(est, X3)
    est.set_params(hidden_layer_sizes=(5,))
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        est.fit(X3, Y3)
    est.set_params(hidden_layer_sizes=(4,))
    snapshot.check(est)
    with pytest.raises(ValueError, match="X has 2 features, but NumpyMLPClassifier is expecting 3"):
        est.fit(X3[:, :2], Y3)
    snapshot.check(est)


# ---------------------------------------------------------------- sample_weight


BAD_WEIGHTS = [
    pytest.param(
        -np.ones(len(Y3)), "Negative values in data passed to `sample_weight`", id="negative"
    ),
    pytest.param(
        np.r_[-1.0, np.ones(len(Y3) - 1)], "Negative values.*sample_weight", id="one-negative"
    ),
    pytest.param(np.r_[np.nan, np.ones(len(Y3) - 1)], "Input sample_weight contains NaN", id="nan"),
    pytest.param(
        np.r_[np.inf, np.ones(len(Y3) - 1)], "Input sample_weight contains infinity", id="inf"
    ),
    pytest.param(
        np.zeros(len(Y3)), "(?i)sample.?weights? must contain at least one non-zero", id="all-zero"
    ),
    pytest.param(
        np.ones(len(Y3) - 1), r"sample_weight.shape == \(39,\), expected \(40,\)", id="short"
    ),
    pytest.param(
        np.ones(len(Y3) + 1), r"sample_weight.shape == \(41,\), expected \(40,\)", id="long"
    ),
    pytest.param(np.ones((len(Y3), 1)), "(?i)sample.?weights? must be 1D", id="2d-column"),
    pytest.param(np.ones((len(Y3), 2)), "(?i)sample.?weights? must be 1D", id="2d"),
    pytest.param(np.array(["a"] * len(Y3)), "could not convert string to float", id="strings"),
]


@pytest.mark.parametrize("sample_weight, match", BAD_WEIGHTS)
@pytest.mark.parametrize("solver", ["sgd", "lbfgs"])
def test_bad_sample_weight(sample_weight, match, solver):
    est = _small(solver=solver)
    with pytest.raises(ValueError, match=match):
        est.fit(X3, Y3, sample_weight=sample_weight)
    assert not hasattr(est, "coefs_")
    if solver == "sgd":
        with pytest.raises(ValueError, match=match):
            est.partial_fit(X3, Y3, sample_weight=sample_weight, classes=[0, 1, 2])
        assert not hasattr(est, "coefs_")


def test_early_stopping_zero_weight_validation_split_gives_clear_error():
    X, y = _data(n_classes=2)
    sw = np.zeros(len(y))
    sw[np.flatnonzero(y == 0)[:2]] = 1
    sw[np.flatnonzero(y == 1)[:2]] = 1
    # Reproduce the split (documented order: weights first, then the split,
    # from the same RandomState) to pick seeds whose validation weights are 0.
    seeds = [
        seed
        for seed in range(20)
        if sw[early_stopping_split(seed, y, [3, 4, 1], 0.2)[1]].sum() == 0
    ]
    assert seeds  # the situation does arise
    for seed in seeds[:3]:
        est = _small(early_stopping=True, validation_fraction=0.2, random_state=seed, max_iter=3)
        with pytest.raises(ValueError, match=r"(?i)weight"):
            est.fit(X, y, sample_weight=sw)
        assert not hasattr(est, "coefs_")


# ------------------------------------------------------------ transactional fit


def _failing_fits():
    """(description, params to set, call(est)) for calls that must fail."""
    X_nan = _with(X3, (0, 0), np.nan)
    return [
        ("nan-X", {}, lambda e: e.fit(X_nan, Y3)),
        ("inf-X", {}, lambda e: e.fit(_with(X3, (2, 2), np.inf), Y3)),
        ("single-class", {}, lambda e: e.fit(X3, np.ones(len(Y3)))),
        ("continuous-y", {}, lambda e: e.fit(X3, X3[:, 0])),
        ("length-mismatch", {}, lambda e: e.fit(X3, Y3[:-2])),
        ("bad-sample-weight", {}, lambda e: e.fit(X3, Y3, sample_weight=-np.ones(len(Y3)))),
        ("bad-param", {"alpha": -1.0}, lambda e: e.fit(X3, Y3)),
        ("bad-hidden", {"hidden_layer_sizes": (0,)}, lambda e: e.fit(X3, Y3)),
        (
            "divergence",
            {"solver": "sgd", "learning_rate_init": 1e6, "activation": "relu"},
            lambda e: e.fit(X3 * 1e100, Y3),
        ),
        (
            "lbfgs-non-finite",
            {"solver": "lbfgs", "activation": "relu"},
            lambda e: e.fit(X3 * 1e250, Y3),
        ),
    ]


@pytest.mark.parametrize("warm_start", [False, True])
@pytest.mark.parametrize("name, params, call", _failing_fits(), ids=[f[0] for f in _failing_fits()])
def test_failed_fit_leaves_fitted_estimator_unchanged(name, params, call, warm_start):
    est = _fitted(activation="relu", warm_start=warm_start)
    snapshot = _Snapshot(est, X3)
    original = est.get_params()
    est.set_params(**params)
    with pytest.raises(ValueError):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            call(est)
    est.set_params(**original)
    snapshot.check(est)


def test_failed_fit_does_not_change_a_later_warm_start_continuation():
    # The hidden training state (optimizer, epoch counters) must be untouched
    # too: continuing after a failure equals continuing without it.
    clean = _fitted(warm_start=True, solver="sgd", activation="relu")
    failed = _fitted(warm_start=True, solver="sgd", activation="relu")
    original = failed.get_params()
    failed.set_params(learning_rate_init=1e6)
    with pytest.raises(ValueError, match="diverged"):
        failed.fit(X3 * 1e100, Y3)
    with pytest.raises(ValueError, match="NaN"):
        failed.fit(_with(X3, (0, 0), np.nan), Y3)
    failed.set_params(**original)
    clean.fit(X3, Y3)
    failed.fit(X3, Y3)
    _assert_same(vars(clean), vars(failed))


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_failed_partial_fit_leaves_estimator_unchanged(solver):
    est = _small(solver=solver, activation="relu", batch_size=5)
    est.partial_fit(X3, Y3, classes=[0, 1, 2])
    est.partial_fit(X3, Y3)
    snapshot = _Snapshot(est, X3)
    failing = [
        (lambda: est.partial_fit(X3, np.where(Y3 == 1, 9, Y3)), "classes not in"),
        (lambda: est.partial_fit(X3[:, :2], Y3), "X has 2 features"),
        (lambda: est.partial_fit(_with(X3, (0, 0), np.nan), Y3), "NaN"),
        (lambda: est.partial_fit(X3, Y3, classes=[0, 1]), "not the same as on last call"),
        (lambda: est.partial_fit(X3, Y3, sample_weight=np.ones(3)), "sample_weight"),
    ]
    if solver == "sgd":  # Adam's steps are bounded by learning_rate_init: no divergence
        failing.append((lambda: est.partial_fit(X3 * 1e150, Y3), "diverged in epoch 1"))
    original = est.get_params()
    for call, match in failing:
        if "diverged" in match:
            est.set_params(learning_rate_init=1e6)
        with pytest.raises(ValueError, match=match):
            call()
        est.set_params(**original)
        snapshot.check(est)

    # The next successful call continues exactly as if nothing had failed.
    reference = _small(solver=solver, activation="relu", batch_size=5)
    reference.partial_fit(X3, Y3, classes=[0, 1, 2])
    reference.partial_fit(X3, Y3)
    reference.partial_fit(X3, Y3)
    est.partial_fit(X3, Y3)
    _assert_same(vars(reference), vars(est))
    assert est.t_ == 3 * len(Y3)


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
