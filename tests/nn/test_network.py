"""The network's mathematics, checked against independent references.

* the gradient of ``objective_and_gradient`` against central finite
  differences, for every hidden activation x loss x target kind (regression
  included: squared error on identity outputs, Poisson on exp outputs), with
  an L2 penalty, two hidden layers, with and without sample weights;
* the objective's value against a plain numpy re-implementation
  (``network_reference``);
* the forward pass and the block-wise output logits against the same.
"""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from network_reference import (
    ALPHA,
    HIDDEN_ACTIVATIONS,
    LOSS_KIND_CASES,
    LOSS_NAMES,
    N_SAMPLES,
    _objective,
    _problem,
    _ref_forward,
    _ref_objective,
)

from sknumpynet._nn.activations import inplace_softmax
from sknumpynet._nn.initializers import initialize
from sknumpynet._nn.network import _TILED_UNITS, forward, output_logits
from sknumpynet._nn.parameters import pack, unpack

GRADIENT_CASES = [
    (activation, loss, kind, weighted)
    for activation, (loss, kind), weighted in itertools.product(
        HIDDEN_ACTIVATIONS, LOSS_KIND_CASES, [False, True]
    )
]


@pytest.mark.parametrize(
    "activation, loss, kind, weighted",
    GRADIENT_CASES,
    ids=["-".join([a, loss, k, "sw" if w else "nosw"]) for a, loss, k, w in GRADIENT_CASES],
)
def test_gradient_matches_finite_differences(activation, loss, kind, weighted):
    X, Y, out_activation, layout, coefs, intercepts, sw = _problem(activation, kind)
    sw = sw if weighted else None
    theta = pack(coefs, intercepts, np.float64)
    assert theta.size == layout.size
    args = (layout, X, Y, sw, activation, out_activation, loss, ALPHA)

    value, grad = _objective(theta, *args)
    assert np.isfinite(value) and np.all(np.isfinite(grad))

    eps = 1e-6
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += eps
        minus[i] -= eps
        numeric[i] = (_objective(plus, *args)[0] - _objective(minus, *args)[0]) / (2 * eps)

    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)
    # the gradient is not trivially zero (every layer receives a signal)
    grad_coefs, _ = unpack(grad, layout)
    for g in grad_coefs:
        assert np.abs(g).max() > 1e-6


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("loss, kind", LOSS_KIND_CASES)
@pytest.mark.parametrize("weighted", [False, True])
def test_objective_value_matches_reference(activation, loss, kind, weighted):
    X, Y, out_activation, layout, coefs, intercepts, sw = _problem(activation, kind, seed=7)
    sw = sw if weighted else None
    theta = pack(coefs, intercepts)
    theta_before, X_before, Y_before = theta.copy(), X.copy(), Y.copy()
    sw_before = None if sw is None else sw.copy()

    value, _ = _objective(theta, layout, X, Y, sw, activation, out_activation, loss, ALPHA)
    expected = _ref_objective(X, Y, coefs, intercepts, activation, out_activation, loss, ALPHA, sw)
    assert value == pytest.approx(expected, rel=1e-12, abs=1e-14)

    # inputs are left untouched
    np.testing.assert_array_equal(theta, theta_before)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)
    if sw is not None:
        np.testing.assert_array_equal(sw, sw_before)


def test_penalty_excludes_biases_and_scales_with_alpha():
    X, Y, out_activation, layout, coefs, intercepts, _ = _problem("tanh", "multiclass")
    theta = pack(coefs, intercepts)
    args = (layout, X, Y, None, "tanh", out_activation, "log_loss")
    v0, g0 = (a.copy() if isinstance(a, np.ndarray) else a for a in _objective(theta, *args, 0.0))
    v1, g1 = _objective(theta, *args, 2.0)
    n_coef = layout.n_coef
    assert v1 - v0 == pytest.approx(2.0 / (2 * N_SAMPLES) * (theta[:n_coef] @ theta[:n_coef]))
    np.testing.assert_allclose(g1[:n_coef] - g0[:n_coef], 2.0 * theta[:n_coef] / N_SAMPLES)
    np.testing.assert_array_equal(g1[n_coef:], g0[n_coef:])


@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_integer_sample_weight_equals_repeating_samples(loss):
    X, Y, out_activation, layout, coefs, intercepts, _ = _problem("logistic", "multilabel")
    theta = pack(coefs, intercepts)
    sw = np.array([1.0, 2.0, 0.0, 3.0, 1.0, 2.0])
    rep = np.repeat(np.arange(N_SAMPLES), sw.astype(int))
    v_w, g_w = _objective(theta, layout, X, Y, sw, "logistic", out_activation, loss, ALPHA)
    g_w = g_w.copy()
    v_r, g_r = _objective(
        theta, layout, X[rep], Y[rep], None, "logistic", out_activation, loss, ALPHA
    )
    assert v_w == pytest.approx(v_r, rel=1e-12)
    np.testing.assert_allclose(g_w, g_r, rtol=1e-10, atol=1e-14)


def test_sparse_input_and_float32_agree_with_dense_float64():
    X, Y, out_activation, layout, coefs, intercepts, sw = _problem("tanh", "multiclass")
    X[np.abs(X) < 0.5] = 0.0
    theta = pack(coefs, intercepts)
    args = ("tanh", out_activation, "log_loss", ALPHA)
    v, g = _objective(theta, layout, X, Y, sw, *args)
    g = g.copy()
    v_sp, g_sp = _objective(theta, layout, sp.csr_matrix(X), Y, sw, *args)
    assert v_sp == pytest.approx(v, rel=1e-12)
    np.testing.assert_allclose(g_sp, g, rtol=1e-10, atol=1e-14)

    f32 = np.float32
    v32, g32 = _objective(
        theta.astype(f32), layout, X.astype(f32), Y.astype(f32), sw.astype(f32), *args
    )
    assert g32.dtype == f32
    assert v32 == pytest.approx(v, rel=1e-5)
    np.testing.assert_allclose(g32, g, rtol=1e-4, atol=1e-5)


def test_forward_and_output_logits_match_reference():
    X, _Y, _out_activation, _layout, coefs, intercepts, _ = _problem("relu", "multiclass")
    activations, raw = forward(X, coefs, intercepts, "relu")
    pre, prob = _ref_forward(X, coefs, intercepts, "relu", "softmax")
    assert len(activations) == len(coefs)
    assert activations[0] is X
    for a, z in zip(activations[1:], pre):
        np.testing.assert_allclose(a, np.maximum(z, 0), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(inplace_softmax(raw.copy()), prob, rtol=1e-12)
    # in blocks of 2 rows: the same logits as one pass
    logits = output_logits(X, coefs, intercepts, "relu", block_rows=2)
    np.testing.assert_allclose(raw, logits, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(inplace_softmax(logits.copy()), prob, rtol=1e-12)


@pytest.mark.parametrize(
    "model_dtype, input_dtype",
    [
        (np.float64, np.float64),
        (np.float32, np.float32),
        (np.float32, np.float64),
        (np.float64, np.float32),
    ],
)
@pytest.mark.parametrize("sparse", [False, True])
def test_output_logits_blocks_equal_one_pass(model_dtype, input_dtype, sparse):
    # Blocks of 3 rows over 7 (a partial last block), with one layer narrow
    # enough for tiled biases and one wider: the logits of one pass, up to
    # the rounding of BLAS kernels that differ with the number of rows.
    rng = np.random.RandomState(0)
    units = [5, 4, _TILED_UNITS + 1, 3]
    coefs, intercepts = initialize("glorot_uniform", rng, units, model_dtype)
    intercepts = [b + rng.normal(size=b.shape).astype(model_dtype) for b in intercepts]
    X = rng.normal(size=(7, 5)).astype(input_dtype)
    if sparse:
        X = sp.csr_matrix(X)
    for activation in ["relu", "logistic"]:
        _, one_pass = forward(X, coefs, intercepts, activation)
        blocks = output_logits(X, coefs, intercepts, activation, block_rows=3)
        assert blocks.dtype == np.result_type(input_dtype, model_dtype)
        rtol = 1e-12 if blocks.dtype == np.float64 else 1e-5
        np.testing.assert_allclose(blocks, one_pass, rtol=rtol, atol=rtol)
