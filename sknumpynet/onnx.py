"""Export fitted models to ONNX, for inference without Python or sknumpynet.

:func:`to_onnx` converts a fitted :class:`~sknumpynet.NumpyMLPClassifier` or
:class:`~sknumpynet.NumpyMLPRegressor`, one of their tabular subclasses
(the graph then starts with their input transform, see
``sknumpynet._onnx_tabular``), or a scikit-learn ``Pipeline`` that ends in
one, with `skl2onnx <https://onnx.ai/sklearn-onnx/>`_. Importing this module
registers the estimators' converters with skl2onnx, as converter libraries
for skl2onnx do, so after ``import sknumpynet.onnx`` skl2onnx's own
``to_onnx`` and ``convert_sklearn`` accept them too, alone or in a
``Pipeline``.

This module needs the ``onnx`` extra (``pip install "sknumpynet[onnx]"``);
``import sknumpynet`` never imports it.

The graph computes in the input's float type (float32 or float64), as the
estimators do for input of the model's own dtype. It reuses skl2onnx's
classifier shape inference and parser (``label`` and ``probabilities``
outputs, the ``zipmap`` option), with converters of its own where
skl2onnx's ``MLPClassifier`` / ``MLPRegressor`` ones fall short:

- binary probabilities are ``[sigmoid(-z), sigmoid(z)]``, as
  ``predict_proba`` computes them;
- multilabel labels are thresholded with ``Greater`` (onnxruntime's
  ``Binarizer`` has no float64 kernel) and returned as an int64 indicator
  matrix of shape ``(n_samples, n_labels)``;
- float class labels stay floats (a double ``label`` output);
- regression has one output column per target (``n_outputs_``), the Poisson
  loss's ``exp`` output unit, capped as in :meth:`predict`, and the target
  scaling of ``normalize_y``: ``z * scale + offset``.
"""

import numpy as np

try:
    import skl2onnx
    from onnx import TensorProto
    from onnx.numpy_helper import from_array
    from skl2onnx import update_registered_converter
    from skl2onnx.common.data_types import (
        DoubleTensorType,
        FloatTensorType,
        Int64TensorType,
        StringTensorType,
    )
    from skl2onnx.common.shape_calculator import (
        calculate_linear_classifier_output_shapes,
        calculate_linear_regressor_output_shapes,
    )
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "sknumpynet.onnx needs skl2onnx (and onnxruntime to run the models it "
        "writes). Install them with: pip install 'sknumpynet[onnx]'."
    ) from exc

from functools import partial

from sklearn.utils.validation import check_is_fitted

from ._classifier import NumpyMLPClassifier
from ._nn.activations import _LOG_MAX
from ._nn.network import layer_activations
from ._onnx_units import hidden_unit
from ._regressor import NumpyMLPRegressor
from ._tabular import TabularMLPClassifier

__all__ = ["to_onnx"]

_HIDDEN = {"identity": "Identity", "logistic": "Sigmoid", "tanh": "Tanh", "relu": "Relu"}
_CLASSIFIER_ALIAS = "SknumpynetMLPClassifier"
_REGRESSOR_ALIAS = "SknumpynetMLPRegressor"
_registered = False


# ------------------------------------------------------------ shapes


def _float_type(operator):
    """The tensor type and numpy dtype the graph computes in."""
    if isinstance(operator.inputs[0].type, DoubleTensorType):
        return DoubleTensorType, np.float64
    return FloatTensorType, np.float32


def _classifier_shapes(operator):
    """skl2onnx's classifier shapes, with the types our converter writes:
    probabilities in the input's float type, a 2-D int64 label for
    multilabel targets, a double label for float classes."""
    calculate_linear_classifier_output_shapes(operator)
    model = operator.raw_operator
    n = operator.inputs[0].get_first_dimension()
    tensor, _ = _float_type(operator)
    operator.outputs[1].type = tensor([n, len(model.classes_)])
    if model._label_binarizer.y_type_ == "multilabel-indicator":
        operator.outputs[0].type = Int64TensorType([n, len(model.classes_)])
    elif model.classes_.dtype.kind == "f":
        operator.outputs[0].type = DoubleTensorType([n])
    elif model.classes_.dtype.kind in "biu":
        operator.outputs[0].type = Int64TensorType([n])
    else:
        operator.outputs[0].type = StringTensorType([n])


def _regressor_shapes(operator):
    """skl2onnx's regressor checks; one output column per target."""
    calculate_linear_regressor_output_shapes(operator)
    tensor, _ = _float_type(operator)
    n = operator.inputs[0].get_first_dimension()
    operator.outputs[0].type = tensor([n, operator.raw_operator.n_outputs_])


# -------------------------------------------------------- converters


def _constant(scope, container, value, hint):
    """An initializer holding the array ``value``; returns its name."""
    name = scope.get_unique_variable_name(hint)
    value = np.asarray(value)
    if value.dtype.kind in "OUS":
        container.add_initializer(
            name,
            TensorProto.STRING,
            list(value.shape),
            [str(v).encode("utf-8") for v in value.ravel()],
        )
    else:
        container.add_initializer(name, None, None, from_array(value, name))
    return name


def _node(scope, container, op_type, inputs, hint, **attrs):
    """Add one node with a fresh output name; returns that name."""
    out = scope.get_unique_variable_name(hint)
    container.add_node(op_type, inputs, out, name=scope.get_unique_operator_name(op_type), **attrs)
    return out


def _logits(scope, operator, container, dtype, features=None):
    """The network's last-layer pre-activations ``z``: one ``Gemm`` per
    layer, the hidden activation after each but the last. The network's
    input is the tensor named ``features``, by default the graph's input
    cast to ``dtype``."""
    model = operator.raw_operator
    onnx_type = TensorProto.DOUBLE if dtype == np.float64 else TensorProto.FLOAT
    a = features or _node(
        scope, container, "Cast", [operator.inputs[0].full_name], "cast_input", to=onnx_type
    )
    last = len(model.coefs_) - 1
    names = layer_activations(model.activation, last)
    for i, (W, b) in enumerate(zip(model.coefs_, model.intercepts_)):
        weights = _constant(scope, container, W.astype(dtype), "coefficient")
        bias = _constant(scope, container, b.astype(dtype), "intercept")
        a = _node(scope, container, "Gemm", [a, weights, bias], "layer")
        if i < last:
            a = hidden_unit(
                partial(_node, scope, container),
                partial(_constant, scope, container),
                names[i],
                a,
                dtype,
                _HIDDEN,
            )
    return a


def _convert_classifier(scope, operator, container):
    _, dtype = _float_type(operator)
    _classifier_outputs(
        scope, operator, container, dtype, _logits(scope, operator, container, dtype)
    )


def _classifier_outputs(scope, operator, container, dtype, z):
    """The label and probabilities outputs from the logits ``z`` of type ``dtype``."""
    model = operator.raw_operator
    zipmap = container.get_options(model, dict(zipmap=True))["zipmap"]
    if zipmap is not False and dtype == np.float64:
        raise ValueError(
            "zipmap=%r needs float32 input: ONNX's ZipMap reads float32 "
            "probabilities only. Pass zipmap=False (float64 probabilities as "
            "one tensor) or a float32 X_sample." % (zipmap,)
        )
    label, proba = operator.outputs[0].full_name, operator.outputs[1].full_name
    y_type = model._label_binarizer.y_type_
    if model.out_activation_ == "softmax":
        container.add_node(
            "Softmax", [z], proba, axis=1, name=scope.get_unique_operator_name("Softmax")
        )
    elif y_type == "binary":
        negative = _node(scope, container, "Neg", [z], "neg_logit")
        p0 = _node(scope, container, "Sigmoid", [negative], "proba_0")
        p1 = _node(scope, container, "Sigmoid", [z], "proba_1")
        container.add_node(
            "Concat", [p0, p1], proba, axis=1, name=scope.get_unique_operator_name("Concat")
        )
    else:
        container.add_node("Sigmoid", [z], proba, name=scope.get_unique_operator_name("Sigmoid"))

    if y_type == "multilabel-indicator":
        half = _constant(scope, container, np.array(0.5, dtype=dtype), "half")
        above = _node(scope, container, "Greater", [proba, half], "above_half")
        container.add_node(
            "Cast",
            [above],
            label,
            to=TensorProto.INT64,
            name=scope.get_unique_operator_name("Cast"),
        )
        return
    classes = model.classes_
    if classes.dtype.kind in "biu":
        classes = classes.astype(np.int64)
    elif classes.dtype.kind == "f":
        classes = classes.astype(np.float64)
    else:
        classes = np.array([str(c) for c in classes], dtype=object)
    index = _node(scope, container, "ArgMax", [proba], "argmax", axis=1, keepdims=0)
    container.add_node(
        "Gather",
        [_constant(scope, container, classes, "classes"), index],
        label,
        axis=0,
        name=scope.get_unique_operator_name("Gather"),
    )


def _convert_regressor(scope, operator, container):
    _, dtype = _float_type(operator)
    _regressor_output(scope, operator, container, dtype, _logits(scope, operator, container, dtype))


def _regressor_output(scope, operator, container, dtype, z):
    """The ``variable`` output from the logits ``z`` of type ``dtype``."""
    model = operator.raw_operator
    if model.out_activation_ == "exp":
        cap = _constant(scope, container, _LOG_MAX[np.dtype(dtype)], "log_max")
        z = _node(scope, container, "Min", [z, cap], "capped")
        z = _node(scope, container, "Exp", [z], "exp")
    offset, scale = model._y_offset.astype(dtype), model._y_scale.astype(dtype)
    if (scale != 1).any():
        z = _node(
            scope, container, "Mul", [z, _constant(scope, container, scale, "y_scale")], "scaled"
        )
    if (offset != 0).any():
        z = _node(
            scope, container, "Add", [z, _constant(scope, container, offset, "y_offset")], "shifted"
        )
    container.add_node(
        "Identity",
        [z],
        operator.outputs[0].full_name,
        name=scope.get_unique_operator_name("Identity"),
    )


# ------------------------------------------------------------ public


def register():
    """Register the estimators with skl2onnx (once; calling again is a no-op).

    ``import sknumpynet.onnx`` already calls it; it is public for code that
    resets skl2onnx's registry. After it, ``skl2onnx.to_onnx`` and
    ``skl2onnx.convert_sklearn`` convert the four estimators, alone or inside a
    ``Pipeline``.
    """
    global _registered
    if _registered:
        return
    options = {
        "zipmap": [True, False, "columns"],
        "nocl": [True, False],
        "output_class_labels": [False, True],
    }
    update_registered_converter(
        NumpyMLPClassifier,
        _CLASSIFIER_ALIAS,
        _classifier_shapes,
        _convert_classifier,
        options=options,
    )
    update_registered_converter(
        NumpyMLPRegressor, _REGRESSOR_ALIAS, _regressor_shapes, _convert_regressor
    )
    # the tabular converters build on this module's, so it imports them last
    from ._onnx_tabular import register_tabular

    register_tabular(options)
    _registered = True


#: The largest message protobuf serialises: 2 GiB.
_PROTOBUF_LIMIT = 2**31


def _fitted_networks(model):
    """Our estimators in ``model``, each checked to be fitted (a clear error
    rather than skl2onnx's attribute errors)."""
    steps = getattr(model, "steps", None)
    for step in [s for _, s in steps] if steps is not None else [model]:
        if isinstance(step, (NumpyMLPClassifier, NumpyMLPRegressor)):
            check_is_fitted(step)
            step._check_weights()
            yield step
        elif hasattr(step, "steps"):
            yield from _fitted_networks(step)


def _check_exportable(model, itemsize):
    """Raise a ValueError for weights over protobuf's message limit in the
    graph's float type of ``itemsize`` bytes (before a serialisation that
    fails after minutes), or for NaN or infinite weights (a graph that
    computes NaN)."""
    networks = list(_fitted_networks(model))
    size = itemsize * sum(np.size(p) for est in networks for p in est.coefs_ + est.intercepts_)
    if size >= _PROTOBUF_LIMIT:
        raise ValueError(
            "The ONNX graph would hold %.2f GiB of weights, over the 2 GiB that a "
            "protobuf message can hold, so it cannot be saved. Export a smaller "
            "network, or float32 input (X_sample of dtype float32) halves the "
            "size." % (size / 2**30)
        )
    for est in networks:
        if not est._weights_finite():
            raise ValueError(
                "The weights of this %s contain NaN or infinity: its ONNX graph "
                "would compute NaN. Fit it again." % type(est).__name__
            )


def to_onnx(model, X_sample, *, zipmap=False, target_opset=None, options=None, **kwargs):
    """Convert a fitted model to an ONNX model with skl2onnx.

    Parameters
    ----------
    model : estimator
        A fitted :class:`~sknumpynet.NumpyMLPClassifier`,
        :class:`~sknumpynet.NumpyMLPRegressor`, one of their tabular
        subclasses, or a ``Pipeline`` (of steps skl2onnx can convert) that
        contains them.
    X_sample : array-like of shape (n_samples, n_features)
        A few rows of input: their dtype (float32 or float64) sets the
        graph's input and compute type (the tabular estimators' network and
        outputs are float32 whatever it is), their width the number of features.
    zipmap : bool or 'columns', default=False
        For classifiers: ``False`` returns the probabilities as one
        ``(n_samples, n_classes)`` tensor, like ``predict_proba``; ``True``
        as skl2onnx's default list of dicts (not for multilabel targets).
    target_opset : int or dict, default=None
        ONNX opset; ``None`` for the latest one skl2onnx supports.
    options : dict, default=None
        Further skl2onnx conversion options; they take precedence over
        ``zipmap``.
    **kwargs
        Passed on to ``skl2onnx.to_onnx`` (``name``, ``final_types``...).

    Returns
    -------
    onnx_model : onnx.ModelProto
        Classifiers have two outputs, ``label`` (as ``predict``) and
        ``probabilities`` (as ``predict_proba``); regressors one,
        ``variable``, of shape ``(n_samples, n_outputs_)``.

    Examples
    --------
    >>> import numpy as np
    >>> import onnxruntime as ort
    >>> from sklearn.datasets import load_iris
    >>> from sknumpynet import NumpyMLPClassifier
    >>> from sknumpynet.onnx import to_onnx
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = NumpyMLPClassifier(random_state=0).fit(X, y)
    >>> onx = to_onnx(clf, X[:1])
    >>> session = ort.InferenceSession(onx.SerializeToString(),
    ...                                providers=["CPUExecutionProvider"])
    >>> label, proba = session.run(None, {"X": X})
    >>> bool((label == clf.predict(X)).all())
    True
    >>> bool(np.abs(proba - clf.predict_proba(X)).max() < 1e-9)
    True
    """
    register()
    _check_exportable(model, 4 if getattr(X_sample, "dtype", None) == np.float32 else 8)
    # skl2onnx looks options up by exact class
    all_options = {cls: {"zipmap": zipmap} for cls in (NumpyMLPClassifier, TabularMLPClassifier)}
    all_options.update(options or {})
    return skl2onnx.to_onnx(
        model, X_sample, target_opset=target_opset, options=all_options, **kwargs
    )


# skl2onnx finds converters in its registry: fill it on import, so that
# ``skl2onnx.to_onnx(model, X)`` works once this module is imported.
register()
