"""The core shared by the estimators: parameters, the fit transaction and
the solvers' glue (prediction through the network is in ``_prediction``).

A concrete estimator adds what depends on its targets: how ``y`` becomes
the network's target matrix and which output unit and loss go with it
(:meth:`BaseNumpyMLP._targets`, :meth:`BaseNumpyMLP._weigh`), how a
held-out split is drawn and scored for early stopping
(:meth:`BaseNumpyMLP._stratify`, :meth:`BaseNumpyMLP._validation_score`),
and how the network's output becomes predictions.
"""

import copy
from functools import partial
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.validation import _check_sample_weight, validate_data

from ._callbacks import NO_MONITOR, CallbackSupportMixin, fit_monitor
from ._dask.dispatch import (
    dask_blocks,
    dask_feature_rms,
    dask_objective,
    dask_training_data,
    is_dask_array,
)
from ._nn.initializers import INITIALIZERS, INPUT_SCALED, feature_rms, initialize
from ._nn.network import Workspace, objective_and_gradient
from ._nn.parameters import Layout, pack, unpack
from ._prediction import NetworkOutputMixin
from ._solvers.defaults import resolve_learning_rate, resolve_weight_init
from ._solvers.early_stopping import holdout
from ._solvers.epochs import TrainingState, run_epochs
from ._solvers.lbfgs import fit_lbfgs
from ._solvers.optimizers import make_optimizer
from ._solvers.saved_state import (
    PersistenceMixin,
    optimizer_from_state,
    optimizer_state,
    training_from_state,
    training_state,
)
from ._targets.sample_weight import check_weight_scale, check_weight_sum
from ._threads import serial_other_blas

__all__ = ["BaseNumpyMLP", "stochastic_solver"]

_STOCHASTIC_SOLVERS = ("sgd", "adam")


def stochastic_solver(est):
    """``available_if`` test of ``partial_fit``: a stochastic solver."""
    if est.solver not in _STOCHASTIC_SOLVERS:
        raise AttributeError(
            "partial_fit is only available for stochastic optimizers. %s is not "
            "stochastic." % est.solver
        )
    return True


class BaseNumpyMLP(CallbackSupportMixin, PersistenceMixin, NetworkOutputMixin, BaseEstimator):
    """Shared core of :class:`NumpyMLPClassifier` and :class:`NumpyMLPRegressor`.

    Not meant to be used directly: a subclass defines ``__init__`` (with
    every parameter, for ``get_params``) and the target hooks.
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions({"identity", "logistic", "tanh", "relu"})],
        "solver": [StrOptions({"lbfgs", "sgd", "adam"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "weight_init": [StrOptions({"auto"} | set(INITIALIZERS))],
    }

    #: Whether ``validate_data`` must convert ``y`` to numbers (regression).
    _y_numeric = False

    # ------------------------------------------------------ target hooks

    def _targets(self, y, incremental, first_pass, dtype, **kwargs):
        """Check ``y`` and return the 2-D target matrix the loss reads
        (``dtype`` is the model's float type)."""
        raise NotImplementedError

    def _weigh(self, y, Y, sample_weight, incremental, dtype):
        """The per-sample weights of the objective (``None`` for equal)."""
        return sample_weight

    def _out_activation(self):
        """The output unit, once :meth:`_targets` has run."""
        raise NotImplementedError

    def _stratify(self, Y):
        """Labels to stratify the early-stopping split by, or ``None``."""
        return None

    def _validation_score(self, Y_val, output, sample_weight):
        """Score of the output units' values on the held-out split."""
        raise NotImplementedError

    def _check_fitted(self, X, incremental):
        """Look at the freshly fitted draft before it is published (warn
        about a fit gone wrong); nothing by default."""

    # --------------------------------------------------------------- fit

    def _fit_transaction(self, X, y, sample_weight, incremental, **kwargs):
        """Fit a copy of the estimator and publish it only on success.

        The new fitted state is built in a draft that shares nothing it
        changes with ``self``; ``self`` takes the draft's attributes in one
        assignment of ``__dict__``. A call that raises (a bad input, a
        diverged fit, ``KeyboardInterrupt``) leaves ``self`` as it was,
        and a prediction running in another thread meanwhile sees either
        the old model or the new one, never a mixture or an empty one.
        """
        # callbacks are set up on self, outside the draft: see _callbacks
        with fit_monitor(self, X, y, sample_weight, incremental=incremental) as monitor:
            draft = object.__new__(type(self))
            draft.__dict__.update(self.__dict__)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                # a call, not a with block: see sknumpynet._threads
                serial_other_blas(
                    draft._fit, X, y, sample_weight, incremental, monitor=monitor, **kwargs
                )
            # before publishing: an interrupt here leaves self as it was
            draft._check_fitted(X, incremental)
            monitor.end_root(draft)
            self.__dict__ = draft.__dict__
        return self

    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = np.asarray(sizes, dtype=object)
        sizes = list(sizes.ravel()) if sizes.ndim <= 1 else [None]
        for size in sizes:
            if isinstance(size, (bool, np.bool_)) or not isinstance(size, Integral) or size < 1:
                raise ValueError(
                    "hidden_layer_sizes must contain positive integers, got %r."
                    % (self.hidden_layer_sizes,)
                )
        return [int(s) for s in sizes]

    def _training_data(self, X, y, sample_weight, incremental, first_pass, **kwargs):
        """``X``, the target matrix and the sample weights of a fit, validated."""
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            y_numeric=self._y_numeric,
            # a model that continues training keeps the dtype it was fitted in
            dtype=(np.float64, np.float32) if first_pass else self.coefs_[0].dtype,
            reset=first_pass,
        )
        if sp.issparse(X) and X.format == "csc":
            X = X.tocsr()  # mini-batches are row slices: much faster on CSR
        dtype = X.dtype
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=dtype, ensure_non_negative=True
            )
            if not sample_weight.any():
                raise ValueError("sample_weight must contain at least one non-zero number.")
            check_weight_sum(sample_weight)
        Y = self._targets(y, incremental, first_pass, dtype, sample_weight=sample_weight, **kwargs)
        sample_weight = self._weigh(y, Y, sample_weight, incremental, dtype)
        return X, Y, sample_weight

    def _fit(self, X, y, sample_weight, incremental, monitor=NO_MONITOR, **kwargs):
        hidden = self._hidden_sizes()
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True")
        first_pass = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        if is_dask_array(X):  # data on a Dask cluster: sknumpynet._dask.fit
            X, Y, sample_weight = dask_training_data(
                self, X, y, sample_weight, incremental, first_pass, **kwargs
            )
        else:
            X, Y, sample_weight = self._training_data(
                X, y, sample_weight, incremental, first_pass, **kwargs
            )
        dtype = X.dtype
        n_outputs = Y.shape[1]
        layout = Layout(tuple([X.shape[1]] + hidden + [n_outputs]))
        out_activation = self._out_activation()
        rng = check_random_state(self.random_state)
        self.learning_rate_init_ = resolve_learning_rate(
            self.learning_rate_init, self.activation, self.solver, self.loss
        )

        if first_pass or not hasattr(self, "weight_init_"):  # kept by continued fits
            self.weight_init_ = resolve_weight_init(self.weight_init, self.activation, self.solver)

        if first_pass:
            rms = None
            if self.weight_init_ in INPUT_SCALED:
                rms = (dask_feature_rms if is_dask_array(X) else feature_rms)(X, sample_weight)
            coefs, intercepts = initialize(
                self.weight_init_, rng, layout.layer_units, dtype, self.activation, rms
            )
            state = optimizer = None
        else:
            coefs, intercepts = self.coefs_, self.intercepts_
            shapes = [c.shape for c in coefs]
            if shapes != layout.coef_shapes:
                raise ValueError(
                    "The fitted weights have shapes %s but hidden_layer_sizes=%r with "
                    "%d features and %d outputs needs %s. Refit without warm_start."
                    % (shapes, self.hidden_layer_sizes, X.shape[1], n_outputs, layout.coef_shapes)
                )
            # kept as plain dicts between calls (see _state): new objects here
            state = training_from_state(getattr(self, "_training_state", None))
            optimizer = None
            if incremental:
                optimizer = optimizer_from_state(getattr(self, "_optimizer", None))
        theta = pack(coefs, intercepts, dtype)
        monitor.watch(self, layout, out_activation, dtype)
        check_weight_scale(sample_weight, X.shape[0], self.alpha, theta[: layout.n_coef])

        def objective(params, grad=None, X_=None, Y_=None, sw_=None, workspace=None):
            return objective_and_gradient(
                params,
                layout,
                X_,
                Y_,
                sw_,
                self.activation,
                out_activation,
                self.loss,
                self.alpha,
                grad,
                workspace,
            )

        if self.solver == "lbfgs":
            if is_dask_array(X):
                full_batch = dask_objective(self, X, Y, sample_weight, layout, out_activation)
            else:
                full_batch = partial(
                    objective,
                    X_=X,
                    Y_=Y.astype(dtype),
                    sw_=sample_weight,
                    workspace=Workspace(layout, X.shape[0], dtype),
                )
            theta, n_iter, curve, loss = fit_lbfgs(
                full_batch,
                theta,
                max_iter=self.max_iter,
                max_fun=self.max_fun,
                tol=self.tol,
                verbose=self.verbose,
                monitor=monitor,
            )
            if not np.isfinite(theta).all() or not np.isfinite(loss):
                raise ValueError(
                    "lbfgs produced non-finite weights. Scale the input features "
                    "(for instance with StandardScaler)."
                )
            self.loss_curve_ = curve
            self.best_loss_ = min(curve, default=loss)
            self.loss_ = loss
            self.t_ = 0
            self.validation_scores_ = self.validation_loss_curve_ = None
            self.best_validation_score_ = None
            self._training_state = None
            self._optimizer = None
        else:
            if state is None or (state.validation_scores is None) == self.early_stopping:
                state = TrainingState(self.early_stopping)
            if optimizer is None:
                optimizer = make_optimizer(self, layout.size, dtype)
            # partial_fit's restored optimiser keeps its step, as MLPClassifier's
            self.learning_rate_init_ = optimizer.learning_rate_init
            if is_dask_array(X):
                train, validation = dask_blocks(self, X, Y, sample_weight), None
            else:
                train, validation = holdout(self, X, Y, sample_weight, rng, layout, out_activation)
            n_iter = run_epochs(
                self,
                theta,
                optimizer,
                objective,
                state,
                train,
                validation,
                rng,
                incremental=incremental,
                layout=layout,
                monitor=monitor,
            )
            if validation is not None and state.best_theta is not None:
                theta = state.best_theta.copy()
            self.loss_ = state.loss_curve[-1]
            self.loss_curve_ = list(state.loss_curve)
            self.best_loss_ = state.best_loss
            self.t_ = state.t
            self.validation_scores_ = copy.copy(state.validation_scores)
            self.validation_loss_curve_ = copy.copy(state.validation_loss_curve)
            self.best_validation_score_ = state.best_validation_score
            self._training_state = training_state(state)
            self._optimizer = optimizer_state(optimizer)

        self.coefs_, self.intercepts_ = unpack(theta, layout)
        self.n_iter_ = n_iter
        self.n_layers_ = len(layout.layer_units)
        self.n_outputs_ = n_outputs
        self.out_activation_ = out_activation
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
