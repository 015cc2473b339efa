"""TabularMLPClassifier: the classifier drop-in with RealMLP's recipe."""

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils.metaestimators import available_if

from .._classifier import NumpyMLPClassifier
from .._docstrings import ATTRIBUTES, PARAMETERS, section
from .docs import TABULAR_ATTRIBUTES, TABULAR_PARAMETERS, TABULAR_SAME_AS_DROP_IN
from .recipe import TABULAR_CONSTRAINTS, TabularMixin, streaming

__all__ = ["TabularMLPClassifier"]


class TabularMLPClassifier(TabularMixin, NumpyMLPClassifier):
    __doc__ = f"""Multi-layer perceptron classifier for tabular data, with tuned defaults.

    :class:`NumpyMLPClassifier` with the defaults of RealMLP-TD-S, the
    simplified recipe of Holzmüller et al. ("Better by Default: Strong
    Pre-Tuned MLPs and Boosted Trees on Tabular Data", NeurIPS 2024),
    written in NumPy:

    - inside the estimator, each feature is centred on its median, divided
      by its inter-quartile range and smoothly clipped to (-3, 3), so raw
      features of any scale need no scaler;
    - three hidden layers of 256 SELU units in the NTK parametrisation;
    - Adam with ``beta_2=0.95``, step 0.04 on RealMLP's four-cycle
      ``'coslog4'`` schedule, batches of 256, 256 epochs;
    - label smoothing 0.1;
    - the weights of the epoch with the best accuracy on a held-out 20 %
      of the training rows.

    Categorical columns must be encoded first (one-hot encoding in a
    ``ColumnTransformer``, as the recipe does; see the user guide's
    *Tabular data* page). Every other parameter, fitted attribute and
    method is :class:`NumpyMLPClassifier`'s.

    Parameters
    ----------
{section(TABULAR_PARAMETERS, ["hidden_layer_sizes"])}

{section(PARAMETERS, ["activation"], default="'selu'")}

{section(TABULAR_PARAMETERS, ["solver", "alpha", "batch_size", "learning_rate"])}

    learning_rate_init : float or 'auto', default=0.04
        Peak step size of the schedule (``'auto'`` is the drop-in's choice).

{section(TABULAR_PARAMETERS, ["max_iter", "early_stopping", "validation_fraction", "beta_2"])}

{section(TABULAR_PARAMETERS, ["n_iter_no_change"])}

{section(PARAMETERS, ["loss_classifier"])}

{section(TABULAR_PARAMETERS, ["weight_init"])}

{section(PARAMETERS, ["class_weight"])}

    label_smoothing : float, default=0.1
        Train on the targets ``(1 - label_smoothing) * y + label_smoothing
        / K`` (``K`` the number of classes, 2 for each logistic output).

{section(TABULAR_PARAMETERS, ["smooth_clip", "scaling_layer"])}

    {TABULAR_SAME_AS_DROP_IN} : see :class:`NumpyMLPClassifier`
        Same meaning and defaults as there.

    Attributes
    ----------
{section(TABULAR_ATTRIBUTES, ["feature_median_", "feature_scale_"])}

    classes_ : ndarray of shape (n_classes,)
        Class labels (for multilabel targets, the column indices).

{section(ATTRIBUTES, ["coefs_", "intercepts_", "loss_", "loss_curve_"])}

    validation_scores_ : list of float or None
        Accuracy on the held-out rows after each epoch.

    best_validation_score_ : float or None
        The best of ``validation_scores_``: the kept epoch's.

    n_iter_ : int
        Number of epochs run.

    See Also
    --------
    TabularMLPRegressor : The same recipe for regression.
    NumpyMLPClassifier : The drop-in for ``MLPClassifier``, with its defaults.
    sklearn.ensemble.HistGradientBoostingClassifier : Gradient boosting.

    Notes
    -----
    The full RealMLP-TD adds numeric embeddings, scheduled dropout and
    weight decay, and parametric activations; they are not part of these
    defaults.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.model_selection import train_test_split
    >>> from sknumpynet import TabularMLPClassifier
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    >>> clf = TabularMLPClassifier(max_iter=32, random_state=0).fit(X_train, y_train)
    >>> clf.score(X_test, y_test) > 0.9
    True
    """

    _parameter_constraints: dict = {
        **NumpyMLPClassifier._parameter_constraints,
        **TABULAR_CONSTRAINTS,
    }

    def __init__(
        self,
        hidden_layer_sizes=(256, 256, 256),
        activation="selu",
        *,
        solver="adam",
        alpha=0.0,
        batch_size="auto",
        learning_rate="coslog4",
        learning_rate_init=0.04,
        max_iter=256,
        early_stopping=True,
        validation_fraction=0.2,
        beta_2=0.95,
        n_iter_no_change=np.inf,
        loss="log_loss",
        weight_init="ntk",
        class_weight=None,
        label_smoothing=0.1,
        smooth_clip=3.0,
        scaling_layer=True,
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
            loss=loss,
            weight_init=weight_init,
            class_weight=class_weight,
            dropout=dropout,
            weight_decay=weight_decay,
            warmup_iter=warmup_iter,
            label_smoothing=label_smoothing,
        )
        self.smooth_clip = smooth_clip
        self.scaling_layer = scaling_layer

    @available_if(streaming)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Update the network with one epoch over ``X, y``.

        Only with ``early_stopping=False`` and ``solver='sgd'`` or
        ``'adam'``. The first call fits the input transform
        (``feature_median_``, ``feature_scale_``) on its rows and later
        calls keep it: make the first batch representative.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, all of them in ``classes``.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights, not all zero.
        classes : array-like of shape (n_classes,), default=None
            Every class of the whole training set; required on the first
            call.

        Returns
        -------
        self : TabularMLPClassifier
            The updated estimator.
        """
        return self._fit_transaction(X, y, sample_weight, incremental=True, classes=classes)
