"""ONNX export refuses models it cannot export faithfully: NaN weights (the
graph would compute NaN) and weights over protobuf's 2 GiB message limit
(serialisation would fail after minutes and gigabytes)."""

import numpy as np
import pytest

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

pytest.importorskip("skl2onnx")
from sknumpynet.onnx import to_onnx

RNG = np.random.RandomState(0)
X = RNG.normal(size=(40, 3))


def test_nan_weights_are_not_exported():
    est = NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=5).fit(X, X[:, 0] > 0)
    est.intercepts_[0][1] = np.nan
    with pytest.raises(ValueError, match="contain NaN or infinity"):
        to_onnx(est, X[:1])


def test_weights_over_two_gib_are_refused_before_conversion():
    # checked first: converting them would take minutes and gigabytes
    est = NumpyMLPRegressor(hidden_layer_sizes=(4,), max_iter=5).fit(X, X[:, 0])
    wide = 300_000_000  # hidden units: 3 * 3e8 float64 weights are 7 GB
    # zero-stride views: the sizes are real, the memory is not allocated
    est.coefs_ = [np.broadcast_to(0.0, (3, wide)), np.broadcast_to(0.0, (wide, 1))]
    est.intercepts_ = [np.broadcast_to(0.0, (wide,)), np.zeros(1)]
    with pytest.raises(ValueError, match="over the 2 GiB"):
        to_onnx(est, X[:1])
