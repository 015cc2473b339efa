"""SELU, GELU, SiLU and Mish units and per-layer activations: the units
against their textbook formulas, their slopes and the network's backprop
against finite differences, prediction against a NumPy forward pass, and
the ONNX export against predict_proba in onnxruntime."""

import warnings

import numpy as np
import pytest
from feature_reference import UNITS, forward_proba, numeric_gradient
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet._nn.activations import ACTIVATIONS, DERIVATIVES
from sknumpynet._nn.initializers import initialize
from sknumpynet._nn.network import objective_and_gradient
from sknumpynet._nn.parameters import Layout, pack
from sknumpynet._nn.smooth_activations import SLOPE_FROM_PREACTIVATION

NEW = ["selu", "gelu", "silu", "mish"]
Z = np.linspace(-8, 8, 161)


@pytest.mark.parametrize("name", NEW)
def test_unit_matches_its_formula(name):
    np.testing.assert_allclose(ACTIVATIONS[name](Z.copy()), UNITS[name](Z), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", NEW)
def test_slope_matches_finite_differences(name):
    z = Z + 0.0123  # away from SELU's kink at 0
    source = z.copy() if name in SLOPE_FROM_PREACTIVATION else ACTIVATIONS[name](z.copy())
    slope = DERIVATIVES[name](source, np.ones_like(z))
    h = 1e-6
    numeric = (UNITS[name](z + h) - UNITS[name](z - h)) / (2 * h)
    np.testing.assert_allclose(slope, numeric, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", NEW)
def test_units_and_slopes_are_finite_for_any_finite_input(name, dtype):
    big = np.finfo(dtype).max
    z = np.array([-big, -1e30, -700, -50, 0, 50, 700, 1e30, big], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            a = ACTIVATIONS[name](z.copy())
            source = z.copy() if name in SLOPE_FROM_PREACTIVATION else a.copy()
            slope = DERIVATIVES[name](source, np.ones_like(z))
    assert a.dtype == slope.dtype == dtype
    assert np.isfinite(a).all() and np.isfinite(slope).all()


@pytest.mark.parametrize(
    "activation", ["selu", "gelu", "silu", "mish", ("mish", "selu"), ("gelu", "relu")]
)
@pytest.mark.parametrize("out, loss", [("softmax", "log_loss"), ("identity", "squared_error")])
def test_backprop_matches_finite_differences(activation, out, loss):
    rng = np.random.RandomState(0)
    X, Y = rng.randn(9, 3), np.eye(3)[rng.randint(0, 3, 9)]
    layout = Layout((3, 5, 4, 3))
    theta = pack(*initialize("glorot_uniform", rng, layout.layer_units, np.float64), np.float64)

    def f(t, grad=None):
        grad = np.empty_like(t) if grad is None else grad
        return objective_and_gradient(t, layout, X, Y, None, activation, out, loss, 0.1, grad)

    _, grad = f(theta)
    np.testing.assert_allclose(grad, numeric_gradient(lambda t: f(t)[0], theta), atol=2e-9)


@pytest.mark.parametrize("activation", [*NEW, ["selu", "mish"], ("gelu", "logistic")])
def test_predict_proba_is_the_forward_pass_of_coefs(activation):
    X, y = make_classification(120, 5, n_classes=3, n_informative=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = NumpyMLPClassifier(
            hidden_layer_sizes=(7, 6), activation=activation, max_iter=30, random_state=0
        ).fit(X, y)
    names = [activation] * 2 if isinstance(activation, str) else list(activation)
    expected = forward_proba(X, est.coefs_, est.intercepts_, names)
    np.testing.assert_allclose(est.predict_proba(X), expected, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize(
    "activation, message",
    [
        (("relu",), "activation has 1 names but the network has 2 hidden layers"),
        (("relu", "swish"), "activation must name units among"),
        ("swish", "activation"),
    ],
)
def test_invalid_activation_is_a_clear_error(activation, message):
    X, y = make_classification(40, 4, random_state=0)
    with pytest.raises(ValueError, match=message):
        NumpyMLPClassifier(hidden_layer_sizes=(3, 3), activation=activation).fit(X, y)


def test_sklearn_init_reads_each_layers_activation():
    """weight_init='sklearn' narrows the bound for logistic units only: with
    one logistic and one relu layer, each layer gets its own bound."""
    X, y = make_classification(40, 4, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = NumpyMLPClassifier(
            hidden_layer_sizes=(30, 30),
            activation=("logistic", "relu"),
            weight_init="sklearn",
            solver="sgd",
            learning_rate_init=1e-12,
            max_iter=1,
            random_state=0,
        ).fit(X, y)
    bounds = [np.abs(c).max() for c in est.coefs_]
    assert bounds[0] <= np.sqrt(2 / 34) < np.sqrt(6 / 34) * 0.9 < bounds[0] * 2
    assert np.sqrt(2 / 60) < bounds[1] <= np.sqrt(6 / 60)


onnx = pytest.importorskip("onnxruntime")


def _run(onx, X):
    session = onnx.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: X})


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-9), (np.float32, 1e-5)])
@pytest.mark.parametrize("activation", [*NEW, ("selu", "gelu"), ("mish", "silu")])
def test_onnx_export_matches_predict(activation, dtype, tol):
    from sknumpynet.onnx import to_onnx

    X, y = make_classification(150, 6, n_informative=4, n_classes=3, random_state=0)
    X = X.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = NumpyMLPClassifier(
            hidden_layer_sizes=(8, 5), activation=activation, max_iter=40, random_state=0
        ).fit(X, y)
        reg = NumpyMLPRegressor(
            hidden_layer_sizes=(8, 5), activation=activation, max_iter=40, random_state=0
        ).fit(X, X[:, 0] * 3.0)
    label, proba = _run(to_onnx(clf, X[:1]), X)
    assert np.abs(proba - clf.predict_proba(X)).max() <= tol
    np.testing.assert_array_equal(label, clf.predict(X))
    (prediction,) = _run(to_onnx(reg, X[:1]), X)
    np.testing.assert_allclose(prediction.ravel(), reg.predict(X), rtol=tol, atol=tol)
