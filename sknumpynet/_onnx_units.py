"""The hidden units as ONNX operators, for :mod:`sknumpynet.onnx`.

onnxruntime runs ``Relu``, ``Tanh``, ``Sigmoid`` and ``Identity`` in
float32 and float64, but its ``Selu``, ``Erf`` and ``Softplus`` in float32
only; so SELU, SiLU and Mish are written with operators it runs in both,
and GELU's ``erf`` is ``Erf`` in float32 graphs and, in float64 graphs, the
series (one ``Pow`` and one ``MatMul``) ``erf(t) = 2 / sqrt(pi) * t * exp(-t**2) * sum_n (2 t**2)**n /
(1 * 3 * ... * (2n + 1))``, whose terms are all positive (no cancellation):
100 terms on ``t`` clipped to +-5.9 (where ``erf`` is 1 to within 1e-16)
are within 2e-15 of ``erf`` everywhere.
"""

import numpy as np

from ._nn.smooth_activations import SELU_ALPHA, SELU_SCALE

__all__ = ["hidden_unit"]

_SERIES_TERMS = 100
_SERIES_BOUND = 5.9


def _series_coefficients():
    coefficients = [1.0]
    for n in range(1, _SERIES_TERMS):
        coefficients.append(coefficients[-1] * 2.0 / (2 * n + 1))
    return coefficients


_EXPONENTS = np.arange(_SERIES_TERMS, dtype=np.float64)


def _erf(node, constant, t, dtype):
    """``erf(t)`` as nodes: ``node(op, inputs, hint, **attrs)`` adds one,
    ``constant(array, hint)`` an initializer; both return names."""
    if dtype == np.float32:
        return node("Erf", [t], "erf")

    def c(value, hint="c", kind=dtype):
        return constant(np.array(value, dtype=kind), hint)

    t = node("Max", [node("Min", [t, c(_SERIES_BOUND)], "clip_hi"), c(-_SERIES_BOUND)], "t")
    u = node("Mul", [t, t], "t2")
    # sum_n c_n u**n as one product with the vector of coefficients: a chain
    # of Add and Mul nodes is reassociated by onnxruntime's graph optimiser,
    # which loses the series' precision
    powers = node(
        "Pow", [node("Unsqueeze", [u, c([-1], "axis", np.int64)], "u"), c(_EXPONENTS)], "pow"
    )
    total = node("MatMul", [powers, c(_series_coefficients())], "series")
    decay = node("Exp", [node("Neg", [u], "neg_t2")], "decay")
    scaled = node("Mul", [node("Mul", [t, decay], "t_decay"), c(2 / np.sqrt(np.pi))], "lead")
    return node("Mul", [scaled, total], "erf")


def hidden_unit(node, constant, name, a, dtype, native):
    """The hidden unit ``name`` applied to the tensor ``a``: the operator of
    ``native[name]`` when there is one, else the unit's formula."""
    if name in native:
        return node(native[name], [a], "hidden")

    def c(value, hint):
        return constant(np.array(value, dtype=dtype), hint)

    if name == "selu":  # scale * (relu(z) + alpha * (exp(min(z, 0)) - 1))
        negative = node("Min", [a, c(0, "zero")], "negative")
        expm1 = node("Sub", [node("Exp", [negative], "exp"), c(1, "one")], "expm1")
        tail = node("Mul", [expm1, c(SELU_ALPHA, "alpha")], "tail")
        total = node("Add", [node("Relu", [a], "head"), tail], "sum")
        return node("Mul", [total, c(SELU_SCALE, "scale")], "selu")
    if name == "gelu":  # z * (1 + erf(z / sqrt(2))) / 2
        erf = _erf(node, constant, node("Mul", [a, c(1 / np.sqrt(2), "inv_sqrt2")], "t"), dtype)
        cdf = node("Mul", [node("Add", [erf, c(1, "one")], "e1"), c(0.5, "half")], "cdf")
        return node("Mul", [a, cdf], "gelu")
    if name == "silu":
        gate = node("Sigmoid", [a], "gate")
    else:  # mish: tanh(softplus(z)), softplus(z) = relu(z) + log(1 + exp(-|z|))
        tail = node("Exp", [node("Neg", [node("Abs", [a], "abs")], "neg_abs")], "exp")
        log1p = node("Log", [node("Add", [tail, c(1, "one")], "one_plus")], "log1p")
        softplus = node("Add", [node("Relu", [a], "relu"), log1p], "softplus")
        gate = node("Tanh", [softplus], "gate")
    return node("Mul", [a, gate], name)
