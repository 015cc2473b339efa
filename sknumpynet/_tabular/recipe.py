"""What the tabular estimators add to the drop-ins: the input transform
inside the estimator and RealMLP's NTK parametrisation (Holzmüller et al.,
"Better by Default: Strong Pre-Tuned MLPs and Boosted Trees on Tabular
Data", NeurIPS 2024).

:class:`TabularMixin` overrides three hooks of the shared core
(:class:`sknumpynet._base.BaseNumpyMLP`): ``_input_features`` (robust
scaling and smooth clipping, :mod:`.input_transform`), ``_initial_weights``
and ``_optimizer_options`` (:mod:`sknumpynet._nn.ntk`, for
``weight_init='ntk'``, and the scaling layer of
:mod:`sknumpynet._solvers.scaling_layer`).
Everything else, the training loop included, is the drop-ins'.
"""

from numbers import Real

import numpy as np
import scipy.sparse as sp
from sklearn.utils._param_validation import Interval, StrOptions

from .._base import BaseNumpyMLP, stochastic_solver
from .._dask.dispatch import is_dask_array
from .._nn.initializers import INITIALIZERS
from .._nn.ntk import ntk_initialize, ntk_step_scales
from .input_transform import fit_robust_scaling, robust_transform

__all__ = ["TABULAR_CONSTRAINTS", "TabularMixin", "streaming"]

#: The scaling layer's step, relative to the weights' (RealMLP's ``scale_lr_factor``).
SCALING_STEP_FACTOR = 6.0

#: Parameter constraints the tabular estimators add to the drop-ins'.
TABULAR_CONSTRAINTS = {
    "scaling_layer": ["boolean"],
    "weight_init": [StrOptions({"auto", "ntk"} | set(INITIALIZERS))],
    "smooth_clip": [Interval(Real, 0, None, closed="neither"), None],
}


def streaming(est):
    """``available_if`` test of the tabular estimators' ``partial_fit``: a
    stochastic solver and ``early_stopping=False`` (the default keeps the
    best epoch of a whole run, which a stream of calls does not have)."""
    stochastic_solver(est)
    if est.early_stopping:
        raise AttributeError(
            "partial_fit is only available with early_stopping=False: by default "
            "%s keeps the best epoch of a whole run on a held-out split." % type(est).__name__
        )
    return True


class TabularMixin:
    """Robust input scaling and the NTK parametrisation over the shared core."""

    _auto_batch_size = 256
    # an epoch that predicts the majority class everywhere ties the best
    # accuracy on imbalanced data; the best-calibrated of the tied epochs
    _best_epoch_ties_by_loss = True

    def _fit(self, X, y, sample_weight, incremental, **kwargs):
        if is_dask_array(X):
            raise TypeError(
                "%s does not train on Dask arrays: its robust scaling needs the "
                "quartiles of every feature. Pass a NumPy array (X.compute()), or "
                "train NumpyMLPClassifier or NumpyMLPRegressor on the cluster."
                % type(self).__name__
            )
        if self.scaling_layer and self.solver != "adam":
            raise ValueError(
                "scaling_layer=True needs solver='adam', got solver=%r; set "
                "scaling_layer=False for other solvers." % self.solver
            )
        return super()._fit(X, y, sample_weight, incremental, **kwargs)

    def _input_features(self, X, fit=False, sample_weight=None, predicting=False):
        if sp.issparse(X):
            raise TypeError(
                "%s does not accept sparse input: its robust scaling centres every "
                "feature on its median, which would fill the matrix. Pass a dense "
                "array (X.toarray())." % type(self).__name__
            )
        if fit:
            self.feature_median_, self.feature_scale_ = fit_robust_scaling(X, sample_weight)
        else:
            # prediction input has not been checked for NaN and infinity yet
            self._assert_finite(X)
        # Training runs in float32, which halves the time of a fit (the
        # inputs are bounded); prediction in float64, so that a row's output
        # does not depend on the rows predicted with it (float32 matrix
        # products round differently with the row's place in the block).
        return robust_transform(
            X,
            self.feature_median_,
            self.feature_scale_,
            self.smooth_clip,
            np.float64 if predicting else np.float32,
        )

    def _initial_weights(self, data, layout, rng):
        if self.weight_init_ == "ntk":
            return ntk_initialize(rng, layout.layer_units, data.dtype)
        return BaseNumpyMLP._initial_weights(self, data, layout, rng)

    def _optimizer_options(self, layout, dtype):
        options = {}
        if self.weight_init_ == "ntk":
            options["step_scales"] = ntk_step_scales(layout, dtype)
        if self.scaling_layer:
            units = layout.layer_units
            options["scaling"] = (units[0], units[1], SCALING_STEP_FACTOR)
        return options

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        return tags
