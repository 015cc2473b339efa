"""The training rows of a fit held in memory, validated, and what the
solvers ask of them.

:class:`InMemoryData` and its counterpart for a Dask cluster,
:class:`sknumpynet._dask.fit.ClusterData`, answer the same four questions:
the training data (their attributes), the column scales of
``weight_init='glorot_scaled'`` (:meth:`column_scales`), the full-batch
objective of ``'lbfgs'`` (:meth:`full_batch`) and the mini-batches of
``'sgd'`` and ``'adam'`` (:meth:`mini_batches`). ``BaseNumpyMLP._fit`` picks
one of the two once and asks it.
"""

from functools import partial

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import _check_sample_weight, validate_data

from ._nn.initializers import feature_rms
from ._nn.network import Workspace
from ._prediction import check_numeric
from ._solvers.batch_sources import InMemoryBlocks
from ._solvers.early_stopping import holdout
from ._targets.sample_weight import check_weight_sum, no_weight

__all__ = ["InMemoryData"]


class InMemoryData:
    """``X``, the target matrix ``Y`` and the objective's ``sample_weight``
    of a fit, validated, with the estimator's target hooks (``_targets``,
    ``_weigh``) run on ``y``.

    Attributes: ``X``, ``Y``, ``sample_weight``, ``n_samples``,
    ``n_features``, ``n_outputs`` and ``dtype`` (the model's float type).
    """

    def __init__(self, est, X, y, sample_weight, incremental, first_pass, **kwargs):
        check_numeric(X)
        X, y = validate_data(
            est,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            y_numeric=est._y_numeric,
            # a model that continues training keeps the dtype it was fitted in
            dtype=(np.float64, np.float32) if first_pass else est.coefs_[0].dtype,
            reset=first_pass,
        )
        if sp.issparse(X) and X.format == "csc":
            X = X.tocsr()  # mini-batches are row slices: much faster on CSR
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, ensure_non_negative=True)
            if not sample_weight.any():
                raise no_weight()
        X = est._input_features(X, fit=first_pass, sample_weight=sample_weight)
        dtype = X.dtype
        if sample_weight is not None:
            sample_weight = sample_weight.astype(dtype, copy=False)
            check_weight_sum(sample_weight)
        Y = est._targets(y, incremental, first_pass, dtype, sample_weight=sample_weight, **kwargs)
        self.sample_weight = est._weigh(y, Y, sample_weight, incremental, dtype)
        self.X, self.Y = X, Y
        self.n_samples, self.n_features = X.shape
        self.n_outputs = Y.shape[1]
        self.dtype = dtype
        self.validation_set = None  # (X_val, Y_val, sample_weight_val) given to fit

    def column_scales(self):
        """The root mean square of every feature (see
        :func:`sknumpynet._nn.initializers.feature_rms`)."""
        return feature_rms(self.X, self.sample_weight)

    def full_batch(self, est, objective, layout, out_activation):
        """``objective(theta, grad) -> (value, grad)`` over every row."""
        return partial(
            objective,
            X_=self.X,
            Y_=self.Y.astype(self.dtype),
            sw_=self.sample_weight,
            workspace=Workspace(layout, self.n_samples, self.dtype),
        )

    def mini_batches(self, est, rng, layout, out_activation):
        """``(blocks, validation)``: the rows to train on as one block, and
        the scoring closure of the early-stopping split (``None`` without)."""
        train, validation = holdout(
            est,
            self.X,
            self.Y,
            self.sample_weight,
            rng,
            layout,
            out_activation,
            self.validation_set,
        )
        return InMemoryBlocks(*train, est.shuffle), validation
