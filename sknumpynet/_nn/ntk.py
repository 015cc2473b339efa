"""The NTK parametrisation of RealMLP (Holzmüller et al., 2024), written
as an initialisation and per-parameter step factors.

RealMLP computes each layer as ``A @ V / sqrt(fan_in) + b`` with
``V ~ N(0, 1)`` and ``b ~ N(0, 1)`` stored, the output layer starting at
zero, and the biases' step 0.1 times the weights'. With Adam, whose step
does not depend on the gradient's scale (up to ``epsilon``), training
``V`` with step ``lr`` is training ``W = V / sqrt(fan_in)`` with step
``lr / sqrt(fan_in)``. The network here stores ``W``, the usual weights,
so prediction, ``coefs_`` and the ONNX export stay those of a plain MLP:

- :func:`ntk_initialize` draws ``W ~ N(0, 1 / fan_in)``, ``b ~ N(0, 1)``,
  and zeros for the output layer;
- :func:`ntk_step_scales` gives the step factors ``1 / sqrt(fan_in)`` for
  each weight matrix and ``bias_factor`` for every bias.
"""

import itertools
import math

import numpy as np

from .parameters import unpack

__all__ = ["ntk_initialize", "ntk_step_scales"]


def ntk_initialize(rng, layer_units, dtype):
    """Every layer's ``(coef, intercept)``, in order, cast to ``dtype``.

    >>> import numpy as np
    >>> coefs, intercepts = ntk_initialize(np.random.RandomState(0), [400, 300, 2], float)
    >>> round(float(coefs[0].std() * np.sqrt(400)), 2), round(float(intercepts[0].std()), 1)
    (1.0, 1.0)
    >>> bool((coefs[-1] == 0).all() and (intercepts[-1] == 0).all())
    True
    """
    coefs, intercepts = [], []
    pairs = list(itertools.pairwise(layer_units))
    for layer, (fan_in, fan_out) in enumerate(pairs):
        if layer == len(pairs) - 1:
            coef, intercept = np.zeros((fan_in, fan_out)), np.zeros(fan_out)
        else:
            coef = rng.standard_normal((fan_in, fan_out)) / math.sqrt(fan_in)
            intercept = rng.standard_normal(fan_out)
        coefs.append(coef.astype(dtype, copy=False))
        intercepts.append(intercept.astype(dtype, copy=False))
    return coefs, intercepts


def ntk_step_scales(layout, dtype, bias_factor=0.1):
    """The step factor of every entry of the flat weights of ``layout``:
    ``1 / sqrt(fan_in)`` for a layer's weights, ``bias_factor`` for biases.

    >>> from sknumpynet._nn.parameters import Layout
    >>> ntk_step_scales(Layout((4, 2, 1)), float).tolist()
    [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.7071067811865475, 0.7071067811865475, 0.1, 0.1, 0.1]
    """
    scales = np.empty(layout.size, dtype=dtype)
    coefs, intercepts = unpack(scales, layout)
    for coef in coefs:
        coef[...] = 1.0 / math.sqrt(coef.shape[0])
    for intercept in intercepts:
        intercept[...] = bias_factor
    return scales
