"""ONNX export (sknumpynet.onnx) checked by running the models in onnxruntime
against the estimators' own predict / predict_proba."""

import subprocess
import sys

import numpy as np
import onnxruntime as ort
import pytest
import skl2onnx
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet.onnx import register, to_onnx

# The targets: max abs difference to predict_proba / predict.
TOL = {np.float32: 1e-5, np.float64: 1e-9}
ACTIVATIONS = ["identity", "logistic", "tanh", "relu"]


def _run(onx, X):
    session = ort.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: X})


def _classification(kind, dtype):
    if kind == "multilabel":
        X, Y = make_multilabel_classification(150, 6, n_classes=4, random_state=0)
        return X.astype(dtype), Y
    X, y = make_classification(150, 6, n_informative=4, n_classes=3, random_state=0)
    return X.astype(dtype), (y % 2 if kind == "binary" else y)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kind", ["binary", "multiclass", "multilabel"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_classifier_matches_predict_proba(activation, kind, dtype):
    X, y = _classification(kind, dtype)
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(8, 5), activation=activation, max_iter=40, random_state=0
    ).fit(X, y)
    label, proba = _run(to_onnx(clf, X[:1]), X)
    expected = clf.predict_proba(X)
    assert proba.dtype == dtype and proba.shape == expected.shape
    assert np.abs(proba - expected).max() <= TOL[dtype]
    predicted = clf.predict(X)
    assert len(np.unique(predicted)) > 1  # the label check must mean something
    assert label.shape == predicted.shape
    np.testing.assert_array_equal(label, predicted)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "labels", [["ham", "spam", "eggs"], [-3.0, 0.0, 7.0], [10, 20, 30]], ids=repr
)
def test_classifier_labels_of_any_type(labels, dtype):
    X, y = _classification("multiclass", dtype)
    y = np.asarray(labels)[y]
    clf = NumpyMLPClassifier(hidden_layer_sizes=(6,), max_iter=40, random_state=0).fit(X, y)
    label, proba = _run(to_onnx(clf, X[:1]), X)
    np.testing.assert_array_equal(label, clf.predict(X))
    assert set(label) == set(y)
    assert np.abs(proba - clf.predict_proba(X)).max() <= TOL[dtype]


def test_float64_model_with_float32_input():
    """A float64 model exported for float32 input computes in float32."""
    X, y = _classification("multiclass", np.float64)
    clf = NumpyMLPClassifier(max_iter=40, random_state=0).fit(X, y)
    X32 = X.astype(np.float32)
    label, proba = _run(to_onnx(clf, X32[:1]), X32)
    assert proba.dtype == np.float32
    assert np.abs(proba - clf.predict_proba(X32)).max() <= TOL[np.float32]
    np.testing.assert_array_equal(label, clf.predict(X32))


def _regression(n_outputs, loss, dtype):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(150, 5))
    W = rng.normal(size=(5, n_outputs))
    if loss == "poisson":
        Y = rng.poisson(np.exp(0.3 * X @ W) * 3.0).astype(float)
    else:
        # offset and spread away from 0 and 1, so the scaling is exercised
        Y = 4.0 + 2.5 * np.tanh(X @ W) + 0.1 * rng.normal(size=(150, n_outputs))
    return X.astype(dtype), (Y[:, 0] if n_outputs == 1 else Y)


REGRESSION_CASES = (
    [  # every activation on one setting; every setting on relu
        (activation, True, "squared_error", 3) for activation in ACTIVATIONS[:3]
    ]
    + [
        ("relu", normalize_y, loss, n_outputs)
        for normalize_y in (True, False)
        for loss in ("squared_error", "poisson")
        for n_outputs in (1, 3)
    ]
)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("activation, normalize_y, loss, n_outputs", REGRESSION_CASES)
def test_regressor_matches_predict(activation, normalize_y, loss, n_outputs, dtype):
    X, y = _regression(n_outputs, loss, dtype)
    reg = NumpyMLPRegressor(
        loss=loss,
        hidden_layer_sizes=(8,),
        activation=activation,
        normalize_y=normalize_y,
        learning_rate_init=0.01,
        max_iter=30,
        random_state=0,
    ).fit(X, y)
    if normalize_y:
        assert (reg._y_scale != 1).all()
    (prediction,) = _run(to_onnx(reg, X[:1]), X)
    expected = reg.predict(X)
    assert prediction.dtype == dtype and prediction.shape == (len(X), n_outputs)
    assert np.abs(prediction.reshape(expected.shape) - expected).max() <= TOL[dtype]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pipeline_with_scaler(dtype):
    X, y = _classification("multiclass", dtype)
    X = X * 50 + 10  # make the scaler matter
    pipe = make_pipeline(StandardScaler(), NumpyMLPClassifier(max_iter=40, random_state=0))
    pipe.fit(X, y)
    label, proba = _run(to_onnx(pipe, X[:1]), X)
    assert np.abs(proba - pipe.predict_proba(X)).max() <= TOL[dtype]
    np.testing.assert_array_equal(label, pipe.predict(X))

    Xr, yr = _regression(2, "squared_error", dtype)
    pipe = make_pipeline(StandardScaler(), NumpyMLPRegressor(max_iter=30, random_state=0))
    pipe.fit(Xr * 50 + 10, yr)
    (prediction,) = _run(to_onnx(pipe, Xr[:1]), Xr * 50 + 10)
    assert np.abs(prediction - pipe.predict(Xr * 50 + 10)).max() <= TOL[dtype]


def test_pipeline_fitted_on_a_data_frame():
    # skl2onnx makes one input per column of a DataFrame sample and joins
    # them with FeatureVectorizer, which computes in float32; the sample's
    # NumPy array gives the single input X and float64 throughout.
    pd = pytest.importorskip("pandas")
    X, y = _classification("multiclass", np.float64)
    frame = pd.DataFrame(X * 50 + 10, columns=["f%d" % i for i in range(X.shape[1])])
    pipe = make_pipeline(StandardScaler(), NumpyMLPClassifier(max_iter=40, random_state=0))
    pipe.fit(frame, y)

    session = ort.InferenceSession(
        to_onnx(pipe, frame[:1]).SerializeToString(), providers=["CPUExecutionProvider"]
    )
    assert [i.name for i in session.get_inputs()] == list(frame.columns)
    label, proba = session.run(None, {c: frame[[c]].to_numpy() for c in frame.columns})
    assert np.abs(proba - pipe.predict_proba(frame)).max() <= TOL[np.float32]
    np.testing.assert_array_equal(label, pipe.predict(frame))

    onx = to_onnx(pipe, frame[:1].to_numpy())
    label, proba = _run(onx, frame.to_numpy())
    assert [i.name for i in onx.graph.input] == ["X"]
    assert np.abs(proba - pipe.predict_proba(frame)).max() <= TOL[np.float64]
    np.testing.assert_array_equal(label, pipe.predict(frame))


def test_registration_is_idempotent_and_serves_skl2onnx():
    X, y = _classification("binary", np.float64)
    clf = NumpyMLPClassifier(max_iter=30, random_state=0).fit(X, y)
    register()
    register()
    onx = skl2onnx.to_onnx(clf, X[:1], options={id(clf): {"zipmap": False}})
    label, proba = _run(onx, X)
    assert np.abs(proba - clf.predict_proba(X)).max() <= TOL[np.float64]
    np.testing.assert_array_equal(label, clf.predict(X))


def test_zipmap_option_passes_through():
    X, y = _classification("multiclass", np.float32)
    clf = NumpyMLPClassifier(max_iter=30, random_state=0).fit(X, y)
    _label, proba = _run(to_onnx(clf, X[:1], zipmap=True), X[:3])
    assert isinstance(proba, list) and sorted(proba[0]) == [0, 1, 2]
    expected = clf.predict_proba(X[:3])
    assert abs(proba[2][1] - expected[2, 1]) <= TOL[np.float32]
    # ZipMap has no float64 version: a clear error rather than an invalid graph
    with pytest.raises(ValueError, match="zipmap=True needs float32 input"):
        to_onnx(clf, X[:1].astype(np.float64), zipmap=True)


def test_unfitted_model_is_a_clear_error():
    with pytest.raises(NotFittedError):
        to_onnx(make_pipeline(StandardScaler(), NumpyMLPClassifier()), np.zeros((1, 3)))


def test_importing_the_module_registers_the_converters():
    # A fresh interpreter: in this one, other tests have already registered.
    code = """
import numpy as np, onnxruntime as ort, skl2onnx
from sklearn.datasets import load_iris
from sknumpynet import NumpyMLPClassifier
X, y = load_iris(return_X_y=True)
clf = NumpyMLPClassifier(max_iter=30, random_state=0).fit(X, y)
try:
    skl2onnx.to_onnx(clf, X[:1])
except RuntimeError as exc:
    print("unregistered:", type(exc).__name__)
else:
    raise SystemExit("converted before sknumpynet.onnx was imported")
import sknumpynet.onnx
onx = skl2onnx.to_onnx(clf, X[:1], options={"zipmap": False})
sess = ort.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"])
label, proba = sess.run(None, {"X": X})
assert (label == clf.predict(X)).all()
assert np.abs(proba - clf.predict_proba(X)).max() < 1e-9
print("ok")
"""
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.split() == ["unregistered:", "MissingShapeCalculator", "ok"]


def test_core_import_does_not_import_the_extra():
    code = (
        "import sys, sknumpynet; assert not {'skl2onnx', 'onnx', 'onnxruntime'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
