"""TabularMLPRegressor: the regressor drop-in with RealMLP's recipe."""

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils.metaestimators import available_if

from .._dask.dispatch import is_dask_array
from .._docstrings import ATTRIBUTES, PARAMETERS, section
from .._regressor import NumpyMLPRegressor
from .docs import TABULAR_ATTRIBUTES, TABULAR_PARAMETERS, TABULAR_SAME_AS_DROP_IN
from .recipe import TABULAR_CONSTRAINTS, TabularMixin, streaming

__all__ = ["TabularMLPRegressor"]


class TabularMLPRegressor(TabularMixin, NumpyMLPRegressor):
    __doc__ = f"""Multi-layer perceptron regressor for tabular data, with tuned defaults.

    :class:`NumpyMLPRegressor` with the defaults of RealMLP-TD-S, the
    simplified recipe of Holzmüller et al. ("Better by Default: Strong
    Pre-Tuned MLPs and Boosted Trees on Tabular Data", NeurIPS 2024),
    written in NumPy:

    - inside the estimator, each feature is centred on its median, divided
      by its inter-quartile range and smoothly clipped to (-3, 3), so raw
      features of any scale need no scaler;
    - standardised targets (``normalize_y=True``), predictions in the units
      of ``y``;
    - three hidden layers of 256 Mish units in the NTK parametrisation;
    - Adam with ``beta_2=0.95``, step 0.07 on RealMLP's four-cycle
      ``'coslog4'`` schedule, batches of 256, 256 epochs;
    - the weights of the epoch with the best R^2 on a held-out 20 % of the
      training rows.

    Categorical columns must be encoded first (see the user guide's
    *Tabular data* page). Every other parameter, fitted attribute and
    method is :class:`NumpyMLPRegressor`'s.

    Parameters
    ----------
    loss : {{'squared_error', 'poisson'}}, default='squared_error'
        Per-sample loss, as in :class:`NumpyMLPRegressor`.

{section(TABULAR_PARAMETERS, ["hidden_layer_sizes"])}

{section(PARAMETERS, ["activation"], default="'mish'")}

{section(TABULAR_PARAMETERS, ["solver", "alpha", "batch_size", "learning_rate"])}

    learning_rate_init : float, default=0.07
        Peak step size of the schedule.

{section(TABULAR_PARAMETERS, ["max_iter", "early_stopping", "validation_fraction", "beta_2"])}

{section(TABULAR_PARAMETERS, ["n_iter_no_change", "weight_init"])}

    normalize_y : bool, default=True
        Train on standardised targets and predict in the units of ``y``,
        as :class:`NumpyMLPRegressor` does.

{section(TABULAR_PARAMETERS, ["smooth_clip", "scaling_layer"])}

    clip_predictions : bool, default=False
        Clip :meth:`predict`'s output to the range of the training targets
        (``target_min_``, ``target_max_``), as the full RealMLP-TD recipe
        does.

    {TABULAR_SAME_AS_DROP_IN} : see :class:`NumpyMLPRegressor`
        Same meaning and defaults as there.

    Attributes
    ----------
{section(TABULAR_ATTRIBUTES, ["feature_median_", "feature_scale_"])}

{section(ATTRIBUTES, ["coefs_", "intercepts_", "loss_", "loss_curve_"])}

    target_min_, target_max_ : ndarray of shape (`n_outputs_`,)
        The smallest and largest training target of each output (over
        every ``partial_fit`` call).

    validation_scores_ : list of float or None
        R^2 on the held-out rows after each epoch.

    best_validation_score_ : float or None
        The best of ``validation_scores_``: the kept epoch's.

    n_iter_ : int
        Number of epochs run.

    See Also
    --------
    TabularMLPClassifier : The same recipe for classification.
    NumpyMLPRegressor : The drop-in for ``MLPRegressor``, with its defaults.
    sklearn.ensemble.HistGradientBoostingRegressor : Gradient boosting.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.model_selection import train_test_split
    >>> from sknumpynet import TabularMLPRegressor
    >>> X, y = load_diabetes(return_X_y=True)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    >>> reg = TabularMLPRegressor(max_iter=32, random_state=0).fit(X_train, y_train)
    >>> reg.score(X_test, y_test) > 0.3
    True
    """

    _parameter_constraints: dict = {
        **NumpyMLPRegressor._parameter_constraints,
        **TABULAR_CONSTRAINTS,
        "clip_predictions": ["boolean"],
    }

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(256, 256, 256),
        activation="mish",
        *,
        solver="adam",
        alpha=0.0,
        batch_size="auto",
        learning_rate="coslog4",
        learning_rate_init=0.07,
        max_iter=256,
        early_stopping=True,
        validation_fraction=0.2,
        beta_2=0.95,
        n_iter_no_change=np.inf,
        weight_init="ntk",
        normalize_y=True,
        smooth_clip=3.0,
        scaling_layer=True,
        clip_predictions=False,
        power_t=0.5,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        beta_1=0.9,
        epsilon=1e-8,
        max_fun=15000,
        dropout=0.0,
        weight_decay=0.0,
        warmup_iter=0,
    ):
        super().__init__(
            loss=loss,
            hidden_layer_sizes=hidden_layer_sizes,
            activation=activation,
            solver=solver,
            alpha=alpha,
            batch_size=batch_size,
            learning_rate=learning_rate,
            learning_rate_init=learning_rate_init,
            power_t=power_t,
            max_iter=max_iter,
            shuffle=shuffle,
            random_state=random_state,
            tol=tol,
            verbose=verbose,
            warm_start=warm_start,
            momentum=momentum,
            nesterovs_momentum=nesterovs_momentum,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            n_iter_no_change=n_iter_no_change,
            max_fun=max_fun,
            weight_init=weight_init,
            normalize_y=normalize_y,
            dropout=dropout,
            weight_decay=weight_decay,
            warmup_iter=warmup_iter,
        )
        self.smooth_clip = smooth_clip
        self.scaling_layer = scaling_layer
        self.clip_predictions = clip_predictions

    def _targets(self, y, incremental, first_pass, dtype, sample_weight=None):
        """The drop-in's targets; also the range of ``y`` per output."""
        Y = super()._targets(y, incremental, first_pass, dtype, sample_weight=sample_weight)
        raw = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        low, high = raw.min(axis=0), raw.max(axis=0)
        if not first_pass and hasattr(self, "target_min_"):
            low, high = np.minimum(low, self.target_min_), np.maximum(high, self.target_max_)
        self.target_min_, self.target_max_ = low, high
        return Y

    def predict(self, X):
        """Predict target values.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions in the units of the training targets (float64),
            clipped to their range with ``clip_predictions=True``.
        """
        y = super().predict(X)
        if self.clip_predictions and not is_dask_array(y):
            low, high = self.target_min_, self.target_max_
            if y.ndim == 1:
                low, high = low[0], high[0]
            y = np.clip(y, low, high).astype(y.dtype, copy=False)
        return y

    @available_if(streaming)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Update the network with one epoch over ``X, y``.

        Only with ``early_stopping=False`` and ``solver='sgd'`` or
        ``'adam'``. The first call fits the input transform
        (``feature_median_``, ``feature_scale_``) on its rows and later
        calls keep it: make the first batch representative.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights, not all zero.

        Returns
        -------
        self : TabularMLPRegressor
            The updated estimator.
        """
        return self._fit_transaction(X, y, sample_weight, incremental=True)
