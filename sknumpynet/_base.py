"""The core shared by the estimators: parameters, the fit transaction and
the solvers' glue (prediction through the network is in ``_prediction``).

A concrete estimator adds what depends on its targets: how ``y`` becomes
the network's target matrix and which output unit and loss go with it
(:meth:`BaseNumpyMLP._targets`, :meth:`BaseNumpyMLP._weigh`, and for data in
row blocks :meth:`BaseNumpyMLP._target_summary` and
:meth:`BaseNumpyMLP._block_targets`), how a
held-out split is drawn and scored for early stopping
(:meth:`BaseNumpyMLP._stratify`, :meth:`BaseNumpyMLP._validation_score`),
and how the network's output becomes predictions.
"""

import copy
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, Options, StrOptions

from ._callbacks import NO_MONITOR, CallbackSupportMixin, fit_monitor
from ._dask.dispatch import cluster_data, is_dask_array
from ._doc_link import DocLinkMixin
from ._nn.activations import ACTIVATIONS
from ._nn.dropout import Dropout
from ._nn.initializers import INITIALIZERS, INPUT_SCALED, initialize
from ._nn.network import objective_and_gradient
from ._nn.parameters import Layout, pack, unpack
from ._prediction import NetworkOutputMixin
from ._solvers.epochs import run_epochs
from ._solvers.lbfgs import fit_lbfgs
from ._solvers.optimizers import make_optimizer
from ._solvers.options import (
    check_training_options,
    resolve_layer_step,
    resolve_layer_weight_init,
)
from ._solvers.progress import EpochProgress
from ._solvers.saved_state import (
    PersistenceMixin,
    optimizer_as_dict,
    optimizer_from_dict,
    progress_as_dict,
    progress_from_dict,
)
from ._targets.sample_weight import check_weight_scale
from ._targets.smoothing import label_smoothing, smooth_targets
from ._targets.validation_set import check_validation_set
from ._threads import serial_other_blas
from ._training_data import InMemoryData

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


class BaseNumpyMLP(
    DocLinkMixin, CallbackSupportMixin, PersistenceMixin, NetworkOutputMixin, BaseEstimator
):
    """Shared core of :class:`NumpyMLPClassifier` and :class:`NumpyMLPRegressor`.

    Not meant to be used directly: a subclass defines ``__init__`` (with
    every parameter, for ``get_params``) and the target hooks.
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(ACTIVATIONS)), "array-like"],
        "solver": [StrOptions({"lbfgs", "sgd", "adam"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive", "cosine", "coslog4"})],
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
        "dropout": [Interval(Real, 0, 1, closed="left"), "array-like"],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "warmup_iter": [Interval(Integral, 0, None, closed="left")],
    }

    #: Whether ``validate_data`` must convert ``y`` to numbers (regression).
    _y_numeric = False

    #: The batch size of ``batch_size='auto'`` (capped at the sample count).
    _auto_batch_size = 200

    #: Early stopping keeps the first epoch of best validation score, as
    #: scikit-learn; True: the lowest validation loss among those epochs.
    _best_epoch_ties_by_loss = False

    # ------------------------------------------------------ target hooks

    def _targets(self, y, incremental, first_pass, dtype, **kwargs):
        """Check ``y`` and return the 2-D target matrix the loss reads
        (``dtype`` is the model's float type)."""
        raise NotImplementedError

    def _weigh(self, y, Y, sample_weight, incremental, dtype):
        """The per-sample weights of the objective (``None`` for equal)."""
        return sample_weight

    def _target_summary(self, y_shape):
        """For data in row blocks (on a Dask cluster): a pure function
        ``summary(y_block, sw_block)`` run where each block is, after
        checking the shape of the whole ``y``."""
        raise NotImplementedError

    def _block_targets(
        self, summaries, y_shape, incremental, first_pass, dtype, weighted, **kwargs
    ):
        """For data in row blocks: fit what :meth:`_targets` fits from the
        blocks' summaries, and return a
        :class:`sknumpynet._targets.blocks.BlockTargets` that turns each block
        of ``y`` (and of the sample weights) into what the loss reads."""
        raise NotImplementedError

    def _out_activation(self):
        """The output unit, once :meth:`_targets` has run."""
        raise NotImplementedError

    def _stratify(self, Y):
        """Labels to stratify the early-stopping split by, or ``None``."""
        return None

    def _validation_score(self, Y_val, output, sample_weight):
        """Score of the output units' values on the held-out split."""
        raise NotImplementedError

    def _validation_targets(self, y_val, dtype):
        """The target matrix of a validation set given to ``fit``, in the
        units of :meth:`_targets`' (which has run)."""
        raise NotImplementedError

    def _smoothing(self):
        """``(epsilon, K)`` of ``label_smoothing`` (a classifier's), or ``None``."""
        return label_smoothing(self) if getattr(self, "label_smoothing", 0) else None

    def _check_fitted(self, X, incremental):
        """Look at the freshly fitted draft before it is published (warn
        about a fit gone wrong); nothing by default."""

    # ------------------------------------------------ architecture hooks

    def _input_features(self, X, fit=False, sample_weight=None, predicting=False):
        """The network's input for the validated ``X`` (``fit``: fit the
        transform on these training rows, weighted by ``sample_weight``,
        first; ``predicting``: rows to predict, not to train on). The
        drop-ins feed ``X`` as it is."""
        return X

    def _initial_weights(self, data, layout, rng):
        """``(coefs, intercepts)`` a first fit starts from, drawn by the
        resolved ``weight_init_``."""
        rms = data.column_scales() if self.weight_init_ in INPUT_SCALED else None
        return initialize(
            self.weight_init_, rng, layout.layer_units, data.dtype, self.activation, rms
        )

    def _optimizer_options(self, layout, dtype):
        """Extra keyword arguments of ``make_optimizer`` (``step_scales``,
        ``scaling``); none here: one step for all, as in scikit-learn."""
        return {}

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

    def _objective(self, layout, out_activation, dropout=None):
        """``objective(theta, grad, X_, Y_, sw_, workspace) -> (value, grad)``
        of this estimator's network, loss and ``alpha`` on a batch (its
        targets smoothed by ``label_smoothing``, its hidden units dropped
        out by ``dropout``, a Dropout)."""
        smoothing = self._smoothing()

        def objective(params, grad=None, X_=None, Y_=None, sw_=None, workspace=None):
            if smoothing is not None:
                Y_ = smooth_targets(Y_, *smoothing)
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
                dropout,
            )

        return objective

    def _starting_weights(self, data, layout, first_pass, rng):
        """The flat weights training starts from: new ones, or the fitted
        ones of a continued fit (whose shapes must match ``layout``)."""
        if first_pass:
            coefs, intercepts = self._initial_weights(data, layout, rng)
        else:
            coefs, intercepts = self.coefs_, self.intercepts_
            shapes = [c.shape for c in coefs]
            if shapes != layout.coef_shapes:
                raise ValueError(
                    "The fitted weights have shapes %s but hidden_layer_sizes=%r with "
                    "%d features and %d outputs needs %s. Refit without warm_start."
                    % (
                        shapes,
                        self.hidden_layer_sizes,
                        data.n_features,
                        data.n_outputs,
                        layout.coef_shapes,
                    )
                )
        return pack(coefs, intercepts, data.dtype)

    def _fit_lbfgs(self, data, theta, layout, out_activation, monitor):
        """Full-batch training; returns ``(theta, n_iter, progress)``."""
        objective = data.full_batch(
            self, self._objective(layout, out_activation), layout, out_activation
        )
        theta, n_iter, curve, loss = fit_lbfgs(
            objective,
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
        progress = EpochProgress(early_stopping=False)
        progress.loss_curve, progress.best_loss = curve, min(curve, default=loss)
        return theta, n_iter, progress, loss, None

    def _fit_stochastic(
        self, data, theta, layout, out_activation, first_pass, incremental, rng, monitor, dropout
    ):
        """Mini-batch training; returns ``(theta, n_iter, progress)``."""
        progress = optimizer = None
        if not first_pass:
            # kept as plain dicts between calls (see saved_state): new objects here
            progress = progress_from_dict(getattr(self, "_training_state", None))
            if incremental:
                optimizer = optimizer_from_dict(getattr(self, "_optimizer", None))
        if progress is None or (progress.validation_scores is None) == self.early_stopping:
            progress = EpochProgress(self.early_stopping)
        if optimizer is None:
            options = self._optimizer_options(layout, data.dtype)
            optimizer = make_optimizer(self, layout.size, data.dtype, layout.n_coef, **options)
        # partial_fit's restored optimiser keeps its step, as MLPClassifier's
        self.learning_rate_init_ = optimizer.learning_rate_init
        train, validation = data.mini_batches(self, rng, layout, out_activation)
        n_iter = run_epochs(
            self,
            theta,
            optimizer,
            self._objective(
                layout, out_activation, Dropout(dropout, rng) if any(dropout) else None
            ),
            progress,
            train,
            validation,
            rng,
            incremental=incremental,
            layout=layout,
            monitor=monitor,
        )
        if validation is not None and progress.best_theta is not None:
            theta = progress.best_theta.copy()
        return theta, n_iter, progress, progress.loss_curve[-1], optimizer

    def _fit(self, X, y, sample_weight, incremental, monitor=NO_MONITOR, **kwargs):
        hidden = self._hidden_sizes()
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True")
        first_pass = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        validation_set = kwargs.pop("validation_set", None)  # (X_val, y_val, sample_weight_val)
        if validation_set is not None and all(v is None for v in validation_set):
            validation_set = None
        dropout = check_training_options(self, len(hidden), is_dask_array(X), validation_set)
        # the one place that tells data on a Dask cluster from data in memory
        source = cluster_data if is_dask_array(X) else InMemoryData
        data = source(self, X, y, sample_weight, incremental, first_pass, **kwargs)
        layout = Layout(tuple([data.n_features] + hidden + [data.n_outputs]))
        out_activation = self._out_activation()
        rng = check_random_state(self.random_state)
        self.learning_rate_init_ = resolve_layer_step(
            self.learning_rate_init, self.activation, self.solver, self.loss
        )
        if first_pass or not hasattr(self, "weight_init_"):  # kept by continued fits
            self.weight_init_ = resolve_layer_weight_init(
                self.weight_init, self.activation, self.solver
            )
        if self._smoothing() is not None and is_dask_array(X) and self.solver == "lbfgs":
            raise ValueError("label_smoothing is not supported with solver='lbfgs' on Dask arrays.")
        if validation_set is not None:
            data.validation_set = check_validation_set(self, *validation_set, data.dtype)
        theta = self._starting_weights(data, layout, first_pass, rng)
        monitor.watch(self, layout, out_activation, data.dtype)
        check_weight_scale(data.sample_weight, data.n_samples, self.alpha, theta[: layout.n_coef])

        if self.solver == "lbfgs":
            result = self._fit_lbfgs(data, theta, layout, out_activation, monitor)
        else:
            result = self._fit_stochastic(
                data, theta, layout, out_activation, first_pass, incremental, rng, monitor, dropout
            )
        theta, n_iter, progress, loss, optimizer = result
        stochastic = optimizer is not None
        self.coefs_, self.intercepts_ = unpack(theta, layout)
        self.n_iter_ = n_iter
        self.n_layers_ = len(layout.layer_units)
        self.n_outputs_ = data.n_outputs
        self.out_activation_ = out_activation
        self.loss_ = loss
        self.loss_curve_ = list(progress.loss_curve)
        self.best_loss_ = progress.best_loss
        self.t_ = progress.t
        self.validation_scores_ = copy.copy(progress.validation_scores)
        self.validation_loss_curve_ = copy.copy(progress.validation_loss_curve)
        self.best_validation_score_ = progress.best_validation_score
        self.learning_rate_curve_ = list(progress.learning_rate_curve) if stochastic else None
        self._training_state = progress_as_dict(progress) if stochastic else None
        self._optimizer = optimizer_as_dict(optimizer)
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
