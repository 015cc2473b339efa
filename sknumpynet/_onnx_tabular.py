"""ONNX converters of the tabular estimators, for :mod:`sknumpynet.onnx`.

:class:`~sknumpynet.TabularMLPClassifier` and
:class:`~sknumpynet.TabularMLPRegressor` are the drop-ins with an input
transform inside (:mod:`sknumpynet._tabular.input_transform`); their graph
is the drop-ins' (``_logits``, ``_classifier_outputs`` and
``_regressor_output`` of :mod:`sknumpynet.onnx`: the same outputs and
options) on the transformed input. As in ``predict``:

- the transform ``smooth_clip((X - feature_median_) * feature_scale_)``
  runs in float64 whatever the input's float type, with the difference
  clipped to the float64 range, so that an overflow times a zero scale (a
  constant column) is not NaN; ``smooth_clip(x, b) = b r / sqrt(1 +
  r**2)``, ``r = x / b``, with ``r`` clipped to ``+-1e100``, past which the
  quotient is 1 in float64, so that neither ``r**2`` nor an infinite
  product overflows it;
- the transform is cast to float32 (clipped to its range first when
  ``smooth_clip=None``), and the network runs in its weights' float type,
  float32, as do the outputs (probabilities, regression values), also for
  float64 input; so ``zipmap`` works for both input types. ``predict``
  runs the same weights in float64 (so that a row's output does not depend
  on the rows predicted with it): the two agree to float32 rounding;
- the hidden units are the drop-ins' formulas also for SELU and Mish (the
  tabular defaults) in float32, where onnxruntime has kernels of its own:
  its ``Mish`` took twice the time of the formula on 1,000 rows of a
  ``(256, 256, 256)`` network and its ``Selu`` about the same.
"""

import numpy as np
from onnx import TensorProto
from skl2onnx import update_registered_converter
from skl2onnx.common.data_types import DoubleTensorType, FloatTensorType

from ._tabular import TabularMLPClassifier, TabularMLPRegressor

__all__ = ["register_tabular"]

_BIG = np.finfo(np.float64).max
_BIG32 = float(np.finfo(np.float32).max)
#: Past this ``|r|``, ``r / sqrt(1 + r**2)`` rounds to 1 in float64.
_RATIO_CAP = 1e100


def _dropin():
    """:mod:`sknumpynet.onnx`, whose graph this module builds on; imported
    when a model is converted, since it imports this module to register."""
    from . import onnx

    return onnx


def _network_dtype(model):
    """The float type the graph runs the network in: the weights', float32
    (float64 for weights set to float64 after fit)."""
    return np.result_type(np.float32, np.asarray(model.coefs_[0]).dtype)


def _tensor_type(model):
    return DoubleTensorType if _network_dtype(model) == np.float64 else FloatTensorType


def _classifier_shapes(operator):
    """The drop-in's output types, probabilities in the network's type."""
    _dropin()._classifier_shapes(operator)
    n = operator.inputs[0].get_first_dimension()
    model = operator.raw_operator
    operator.outputs[1].type = _tensor_type(model)([n, len(model.classes_)])


def _regressor_shapes(operator):
    _dropin()._regressor_shapes(operator)
    n = operator.inputs[0].get_first_dimension()
    model = operator.raw_operator
    operator.outputs[0].type = _tensor_type(model)([n, model.n_outputs_])


def _input_transform(node, constant, operator):
    """The network's float32 input as nodes, ``robust_transform``'s steps:
    ``node(op, inputs, hint, **attrs)`` adds one, ``constant(array, hint)``
    an initializer; both return names."""
    model = operator.raw_operator

    def c(value, hint):
        return constant(np.array(value, dtype=np.float64), hint)

    def clip(x, bound, hint):  # Min and Max: onnxruntime's Clip needs opset 12 for float64
        return node("Max", [node("Min", [x, c(bound, "high")], hint), c(-bound, "low")], hint)

    x = operator.inputs[0].full_name
    if not isinstance(operator.inputs[0].type, DoubleTensorType):
        x = node("Cast", [x], "input64", to=TensorProto.DOUBLE)
    z = clip(node("Sub", [x, c(model.feature_median_, "median")], "centred"), _BIG, "centred")
    # an infinite product (no NaN: the scales are finite) is clipped below
    z = node("Mul", [z, c(model.feature_scale_, "scale")], "scaled")
    bound = model.smooth_clip
    if bound is not None:
        r = clip(node("Div", [z, c(bound, "bound")], "ratio"), _RATIO_CAP, "ratio")
        one_plus = node("Add", [node("Mul", [r, r], "ratio2"), c(1.0, "one")], "one_plus")
        unit = node("Div", [r, node("Sqrt", [one_plus], "root")], "unit")
        z = node("Mul", [unit, c(bound, "bound")], "clipped")
    else:
        z = clip(z, _BIG32, "float32_range")
    return node("Cast", [z], "features", to=TensorProto.FLOAT)


def _network(scope, operator, container):
    """``(dtype, z)``: the drop-ins' network on the transformed input, in
    the network's float type."""
    dtype = _network_dtype(operator.raw_operator)

    def node(op_type, inputs, hint, **attrs):
        return _dropin()._node(scope, container, op_type, inputs, hint, **attrs)

    def constant(value, hint):
        return _dropin()._constant(scope, container, value, hint)

    features = _input_transform(node, constant, operator)
    if dtype == np.float64:
        features = node("Cast", [features], "features64", to=TensorProto.DOUBLE)
    return dtype, _dropin()._logits(scope, operator, container, dtype, features)


def _convert_classifier(scope, operator, container):
    _dropin()._classifier_outputs(scope, operator, container, *_network(scope, operator, container))


def _convert_regressor(scope, operator, container):
    _dropin()._regressor_output(scope, operator, container, *_network(scope, operator, container))


def register_tabular(classifier_options):
    """Register both tabular estimators with skl2onnx, the classifier with
    the drop-in's ``classifier_options``."""
    update_registered_converter(
        TabularMLPClassifier,
        "SknumpynetTabularMLPClassifier",
        _classifier_shapes,
        _convert_classifier,
        options=classifier_options,
    )
    update_registered_converter(
        TabularMLPRegressor, "SknumpynetTabularMLPRegressor", _regressor_shapes, _convert_regressor
    )
