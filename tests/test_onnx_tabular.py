"""ONNX export of TabularMLPClassifier and TabularMLPRegressor, checked by
running the models in onnxruntime against the estimators' own
predict_proba / predict, on raw features of very different scales, with
outliers far beyond the training range and constant columns."""

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

ort = pytest.importorskip("onnxruntime")
skl2onnx = pytest.importorskip("skl2onnx")

from sknumpynet import TabularMLPClassifier, TabularMLPRegressor  # noqa: E402
from sknumpynet.onnx import to_onnx  # noqa: E402

# The graph runs the network in float32, the weights' type, and predict in
# float64 (see sknumpynet._onnx_tabular): the outputs agree to float32
# rounding (probabilities; regression relative to the targets' scale).
TOL = 1e-5
SMALL = dict(hidden_layer_sizes=(16, 16), max_iter=5, random_state=0)


def _run(onx, X):
    session = ort.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: X})


def _features(n, rng):
    """Raw columns of scales 1e-3 to 1e4, heavy tails, a rare binary
    column (its quartiles coincide) and two constant columns."""
    return np.column_stack(
        [
            1e-3 * rng.normal(size=n),
            5.0 + rng.normal(size=n),
            1e2 * rng.standard_t(3, size=n),
            1e4 * rng.lognormal(size=n),
            rng.uniform(size=n) < 0.1,
            np.full(n, 7.0),
            np.full(n, -2.5e4),
        ]
    )


RNG = np.random.RandomState(0)
X_TRAIN, X_NEW = _features(300, RNG), _features(60, RNG)


def _outliers(dtype):
    """Rows far outside the training range: every column at once, one
    column at a time, and the constant columns off their value; in float64
    up to 1.7e308."""
    values = [1e6, -1e6, 1e10, -3e30]
    if dtype == np.float64:
        values += [-1e300, 1e300, 1.7e308]
    rows = [np.full(X_TRAIN.shape[1], v) for v in values]
    for column in range(X_TRAIN.shape[1]):
        for v in values:
            row = X_NEW[column].copy()
            row[column] = v
            rows.append(row)
    return np.array(rows)


def _inputs(dtype):
    X = np.vstack([X_NEW, _outliers(dtype)]).astype(dtype)
    assert np.isfinite(X).all()
    return X


def _in_float32_range(X):
    """Rows whose unclipped transform (``smooth_clip=None``) stays within
    float32's range: beyond it the float32 network overflows, where predict
    saturates or raises and the graph computes NaN, not a prediction."""
    return np.abs(X).max(axis=1) < 1e31


def _classes(kind):
    score = X_TRAIN[:, 0] * 1e3 + (X_TRAIN[:, 1] - 5) - X_TRAIN[:, 2] / 1e2
    if kind == "binary":
        return np.where(score > 0, "yes", "no")
    return np.digitize(score, np.quantile(score, [0.33, 0.67])) * 10


def _targets(n_outputs):
    """Targets in large units (offset 5e4), so that normalize_y matters."""
    base = 5e4 + 1e3 * np.tanh(X_TRAIN[:, 1] - 5) + 0.1 * X_TRAIN[:, 3]
    Y = np.column_stack([base, -2.0 * base + 3e3 * X_TRAIN[:, 4]])
    return Y[:, 0] if n_outputs == 1 else Y


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("smooth_clip", [3.0, None])
@pytest.mark.parametrize("kind", ["binary", "multiclass"])
def test_classifier_matches_predict_proba(kind, smooth_clip, dtype):
    y = _classes(kind)
    clf = TabularMLPClassifier(smooth_clip=smooth_clip, **SMALL).fit(X_TRAIN, y)
    X = _inputs(dtype)
    if smooth_clip is None:
        X = X[_in_float32_range(X)]
    label, proba = _run(to_onnx(clf, X[:1]), X)
    expected = clf.predict_proba(X)
    assert np.isfinite(expected).all()
    assert proba.dtype == np.float32 and expected.dtype == np.float64
    assert proba.shape == expected.shape
    assert np.abs(proba - expected).max() <= TOL
    predicted = clf.predict(X)
    assert len(np.unique(predicted)) > 1  # the label check must mean something
    np.testing.assert_array_equal(label, predicted)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("smooth_clip", [3.0, None])
@pytest.mark.parametrize("n_outputs", [1, 2])
def test_regressor_matches_predict(n_outputs, smooth_clip, dtype):
    y = _targets(n_outputs)
    reg = TabularMLPRegressor(smooth_clip=smooth_clip, **SMALL).fit(X_TRAIN, y)
    assert (reg._y_scale != 1).all() and (reg._y_offset != 0).all()
    X = _inputs(dtype)
    if smooth_clip is None:
        X = X[_in_float32_range(X)]
    (prediction,) = _run(to_onnx(reg, X[:1]), X)
    expected = reg.predict(X).reshape(len(X), n_outputs)
    assert prediction.dtype == np.float32 and expected.dtype == np.float64
    assert prediction.shape == expected.shape
    scale = np.abs(expected).max(axis=0)
    assert (np.abs(prediction - expected) <= TOL * scale).all()


def test_float64_extremes_reach_the_network_bounded():
    """Outliers up to the float64 maximum, and a constant column of 1e308
    given -1.7e308 (its centred value overflows, then times its zero scale
    would be NaN): the graph's outputs are predict_proba's and those for
    merely large outliers, at which smooth clipping already saturates."""
    X_train = np.column_stack([X_TRAIN, np.full(len(X_TRAIN), 1e308)])
    clf = TabularMLPClassifier(**SMALL).fit(X_train, _classes("multiclass"))
    onx = to_onnx(clf, X_train[:1])
    extreme = np.tile(X_train[:1], (3, 1))
    extreme[:, 3] = [-1e300, 1e300, 1.7e308]
    extreme[:, 6] = [1e300, -1.7e308, -1e300]
    extreme[:, 7] = -1.7e308
    large = np.clip(extreme, -1e200, 1e200)
    large[:, 7] = 0.0
    _, p_extreme = _run(onx, extreme)
    _, p_large = _run(onx, large)
    assert np.isfinite(p_extreme).all()
    np.testing.assert_array_equal(p_extreme, p_large)
    assert np.abs(p_extreme - clf.predict_proba(extreme)).max() <= TOL


def test_zipmap_and_skl2onnx_for_float64_input():
    """The probabilities are float32, the network's type, whatever the
    input's, so ZipMap (float32 only) works for float64 input too; and
    importing sknumpynet.onnx registered the converters with skl2onnx."""
    y = _classes("multiclass")
    clf = TabularMLPClassifier(**SMALL).fit(X_TRAIN, y)
    _label, proba = _run(to_onnx(clf, X_NEW[:1], zipmap=True), X_NEW[:3])
    assert isinstance(proba, list) and sorted(proba[0]) == [0, 10, 20]
    assert abs(proba[2][10] - clf.predict_proba(X_NEW[:3])[2, 1]) <= TOL

    onx = skl2onnx.to_onnx(clf, X_NEW[:1], options={id(clf): {"zipmap": False}})
    label, proba = _run(onx, X_NEW)
    assert np.abs(proba - clf.predict_proba(X_NEW)).max() <= TOL
    np.testing.assert_array_equal(label, clf.predict(X_NEW))
    reg = TabularMLPRegressor(**SMALL).fit(X_TRAIN, _targets(1))
    (prediction,) = _run(skl2onnx.to_onnx(reg, X_NEW[:1]), X_NEW)
    np.testing.assert_allclose(prediction.ravel(), reg.predict(X_NEW), rtol=TOL)


def test_float64_weights_compute_in_float64():
    """Weights set to float64 after fit make the graph compute in float64,
    as predict does."""
    clf = TabularMLPClassifier(**SMALL).fit(X_TRAIN, _classes("binary"))
    clf.coefs_ = [c.astype(np.float64) for c in clf.coefs_]
    clf.intercepts_ = [b.astype(np.float64) for b in clf.intercepts_]
    X = _inputs(np.float64)
    _, proba = _run(to_onnx(clf, X[:1], zipmap=False), X)
    expected = clf.predict_proba(X)
    assert proba.dtype == expected.dtype == np.float64
    # the graph's transform is rounded to float32 once, predict's is not
    assert np.abs(proba - expected).max() <= 1e-6


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pipeline_with_one_hot_categories(dtype):
    """The user guide's recipe: categories one-hot encoded in a
    ColumnTransformer, numeric columns passed through as they are."""
    category = np.random.RandomState(1).randint(0, 4, size=len(X_TRAIN))
    X_train = np.column_stack([category, X_TRAIN])
    encode = ColumnTransformer(
        [("category", OneHotEncoder(sparse_output=False, handle_unknown="ignore"), [0])],
        remainder="passthrough",
    )
    y = np.where(category >= 2, "high", "low")
    clf = TabularMLPClassifier(**dict(SMALL, max_iter=20))  # to learn the categories
    pipe = make_pipeline(encode, clf).fit(X_train, y)
    X = np.column_stack([np.arange(len(X_NEW)) % 5, X_NEW]).astype(dtype)  # 4 is unseen
    label, proba = _run(to_onnx(pipe, X[:1]), X)
    assert np.abs(proba - pipe.predict_proba(X)).max() <= TOL
    predicted = pipe.predict(X)
    assert len(np.unique(predicted)) > 1
    np.testing.assert_array_equal(label, predicted)
