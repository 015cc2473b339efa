"""NumpyMLPRegressor: targets, output units and scores over the shared core."""

from functools import partial

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.metrics import r2_score
from sklearn.utils import column_or_1d
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import _check_y, check_is_fitted

from ._base import BaseNumpyMLP, stochastic_solver
from ._dask.dispatch import on_dask_blocks
from ._docstrings import ATTRIBUTES, FIT_VALIDATION, PARAMETERS, section
from ._nn.activations import inplace_exp
from ._targets.blocks import BlockTargets
from ._targets.sample_weight import no_weight
from ._targets.scaling import (
    as_matrix,
    check_poisson_targets,
    combine_moments,
    fit_scaling,
    regression_targets,
    scale_targets,
    scaling,
    target_moments,
    unscale,
)

__all__ = ["NumpyMLPRegressor"]


class NumpyMLPRegressor(RegressorMixin, BaseNumpyMLP):
    __doc__ = f"""Multi-layer perceptron regressor in NumPy.

    A drop-in replacement for :class:`sklearn.neural_network.MLPRegressor`:
    the same parameters with the same names, order and defaults, the same
    fitted attributes, and the same training loop. It adds
    ``normalize_y=True``: the targets are standardised inside ``fit`` and
    predictions returned in their original units, so the defaults work on
    targets of any scale (``MLPRegressor`` needs a
    ``TransformedTargetRegressor`` for that). With ``normalize_y=False``
    it trains exactly like ``MLPRegressor``.

    The objective is the mean per-sample loss plus
    ``alpha / (2 * n_samples) * sum of squared weights`` (biases are not
    penalised), on the normalised targets; with ``sample_weight`` the mean
    is weighted and ``n_samples`` becomes the sum of the weights.

    Parameters
    ----------
    loss : {{'squared_error', 'poisson'}}, default='squared_error'
        Per-sample loss: half the squared error summed over the outputs,
        ``1/2 * sum_k (y_k - z_k) ** 2``, on an identity output; or half
        the Poisson deviance, ``sum_k y_k log(y_k / p_k) - y_k + p_k``, on
        predictions ``p = exp(z)`` (a log link), for non-negative targets
        such as counts.

{section(PARAMETERS, ["hidden_layer_sizes"])}

{section(PARAMETERS, ["activation"], default="'relu'")}

{section(PARAMETERS, ["solver", "alpha", "batch_size", "learning_rate"])}

    learning_rate_init : float, default=0.001
        Initial step size of ``'sgd'`` and ``'adam'``.

{
        section(
            PARAMETERS,
            [
                "power_t",
                "max_iter",
                "shuffle",
                "random_state",
                "tol",
                "verbose",
                "warm_start",
                "momentum",
                "nesterovs_momentum",
            ],
        )
    }

    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data, score it
        (R^2) after every epoch, stop when the score has not improved by
        ``tol`` for ``n_iter_no_change`` epochs, and restore the weights of
        the best epoch at the end. Stochastic solvers only.

{
        section(
            PARAMETERS,
            ["validation_fraction", "beta_1", "beta_2", "epsilon", "n_iter_no_change", "max_fun"],
        )
    }

{section(PARAMETERS, ["weight_init"], sklearn="MLPRegressor")}

    normalize_y : bool, default=True
        Train on standardised targets, ``(y - mean) / std`` per output
        (weighted by ``sample_weight``; a constant output keeps a scale of
        1), and undo it in :meth:`predict`. With ``loss='poisson'`` the
        targets are divided by their mean only, which keeps them
        non-negative. The scaling is computed by the first ``fit`` (or
        ``partial_fit``) and kept by ``warm_start`` and later
        ``partial_fit`` calls. ``loss_`` and ``loss_curve_`` are in the
        normalised units.

{section(PARAMETERS, ["dropout", "weight_decay", "warmup_iter"])}

    Attributes
    ----------
{section(ATTRIBUTES, ["coefs_", "intercepts_", "loss_", "best_loss_", "loss_curve_"])}

    validation_scores_ : list of float or None
        R^2 on the held-out split after each epoch (early stopping only).

{section(ATTRIBUTES, ["validation_loss_curve_"])}

    best_validation_score_ : float or None
        The best validation R^2 (early stopping only).

{
        section(
            ATTRIBUTES,
            [
                "t_",
                "learning_rate_init_",
                "learning_rate_curve_",
                "weight_init_",
                "n_features_in_",
                "feature_names_in_",
                "n_iter_",
                "n_layers_",
                "n_outputs_",
            ],
        )
    }

    out_activation_ : str
        ``'identity'``, or ``'exp'`` for ``loss='poisson'``.

    See Also
    --------
    sklearn.neural_network.MLPRegressor : The regressor this one replaces.
    NumpyMLPClassifier : The same network for classification.

    Notes
    -----
    With several outputs, ``MLPRegressor`` reports the squared error
    averaged over the outputs but trains on the gradient of its sum; here
    the loss is the sum. The squared-error part of ``loss_`` is therefore
    ``n_outputs_`` times ``MLPRegressor``'s (the L2 term is the same). The
    stochastic solvers take the same steps; ``'lbfgs'``, whose line search
    reads the loss together with its gradient, can take other steps than
    ``MLPRegressor``'s, for which the two do not match.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sknumpynet import NumpyMLPRegressor
    >>> X, y = load_diabetes(return_X_y=True)
    >>> reg = make_pipeline(StandardScaler(),
    ...                     NumpyMLPRegressor(random_state=0, max_iter=50))
    >>> reg.fit(X, y).score(X, y) > 0.5
    True
    >>> reg.predict(X[:2]).shape
    (2,)
    """

    _parameter_constraints: dict = {
        **BaseNumpyMLP._parameter_constraints,
        "loss": [StrOptions({"squared_error", "poisson"})],
        "normalize_y": ["boolean"],
    }

    _y_numeric = True

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        weight_init="auto",
        normalize_y=True,
        dropout=0.0,
        weight_decay=0.0,
        warmup_iter=0,
    ):
        self.loss = loss
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.weight_init = weight_init
        self.normalize_y = normalize_y
        self.dropout = dropout
        self.weight_decay = weight_decay
        self.warmup_iter = warmup_iter

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, X_val=None, y_val=None, sample_weight_val=None):
        """Fit the network to data ``X`` and targets ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (dense, CSR or CSC). float32 input is trained in
            float32; anything else in float64.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values (non-negative for ``loss='poisson'``).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights, not all zero. A weight of k counts a
            sample k times.

        {fit_validation}

        Returns
        -------
        self : NumpyMLPRegressor
            The fitted estimator.
        """
        validation = (X_val, y_val, sample_weight_val)
        return self._fit_transaction(X, y, sample_weight, False, validation_set=validation)

    fit.__doc__ = fit.__doc__.replace("        {fit_validation}\n", FIT_VALIDATION)

    @available_if(stochastic_solver)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Update the network with one epoch over ``X, y``.

        Only for ``solver='sgd'`` and ``'adam'``. The first call fixes the
        target scaling of ``normalize_y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights, not all zero.

        Returns
        -------
        self : NumpyMLPRegressor
            The updated estimator.
        """
        return self._fit_transaction(X, y, sample_weight, incremental=True)

    def _targets(self, y, incremental, first_pass, dtype, sample_weight=None):
        """Targets as a 2-D float matrix, scaled as ``normalize_y`` says."""
        if y.dtype.kind in "USV":  # validate_data converts only object arrays
            raise ValueError(
                "y must hold numbers for regression, got an array of dtype %s. "
                "Convert it with y.astype(float)." % y.dtype
            )
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        Y = as_matrix(y, dtype)
        check_poisson_targets(Y, self.loss)
        if first_pass:
            self._y_offset, self._y_scale = fit_scaling(
                Y, sample_weight, self.loss, self.normalize_y
            )
        else:
            self._check_outputs(Y.shape[1])
        return scale_targets(Y, self._y_offset, self._y_scale)

    def _check_outputs(self, n_outputs):
        """Continued training keeps the number of outputs."""
        if n_outputs != self._y_offset.shape[0]:
            raise ValueError(
                "y has %d outputs but the fitted network has %d. Refit without "
                "warm_start." % (n_outputs, self._y_offset.shape[0])
            )

    def _target_summary(self, y_shape):
        """The summary of a block of targets, for :meth:`_block_targets`."""
        return partial(target_moments, loss=self.loss)

    def _block_targets(self, summaries, y_shape, incremental, first_pass, dtype, weighted):
        """Fit the target scaling from the moments of every block."""
        total, mean, std = combine_moments(summaries)
        if not total:
            raise no_weight()
        n_outputs = 1 if len(y_shape) == 1 else y_shape[1]
        if first_pass:
            self._y_offset, self._y_scale = scaling(
                mean, std, n_outputs, dtype, self.loss, self.normalize_y
            )
        else:
            self._check_outputs(n_outputs)
        targets = partial(regression_targets, offset=self._y_offset, scale=self._y_scale)
        return BlockTargets(n_outputs, targets)

    def _validation_targets(self, y_val, dtype):
        """``y_val`` checked and scaled as the training targets."""
        y_val = _check_y(y_val, multi_output=True, y_numeric=True, estimator=self)
        return self._targets(y_val, True, False, dtype)

    def _out_activation(self):
        return "exp" if self.loss == "poisson" else "identity"

    def _validation_score(self, Y_val, output, sample_weight):
        """R^2, averaged over the outputs (unchanged by the target scaling)."""
        if not np.isfinite(output).all():  # weights still finite, outputs not
            raise ValueError(
                "Training diverged: the predictions on the early-stopping validation "
                "split became non-finite. Lower learning_rate_init (currently %r) or "
                "scale the input features (for instance with StandardScaler)."
                % self.learning_rate_init_
            )
        return r2_score(Y_val, output, sample_weight=sample_weight)

    @on_dask_blocks
    def predict(self, X):
        """Predict target values.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions in the units of the training targets; float32 when
            both ``X`` and the weights are float32, float64 otherwise.
        """
        check_is_fitted(self)
        unit = inplace_exp if self.out_activation_ == "exp" else None
        Z = self._network_output(X, unit)
        Z = unscale(Z, self._y_offset.astype(Z.dtype), self._y_scale.astype(Z.dtype))
        return Z.ravel() if Z.shape[1] == 1 else Z

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.positive_only = self.loss == "poisson"
        return tags
