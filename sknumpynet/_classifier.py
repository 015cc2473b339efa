"""NumpyMLPClassifier: labels, output units and scores over the shared core."""

from numbers import Real

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._base import BaseNumpyMLP, stochastic_solver
from ._collapse import warn_if_collapsed
from ._dask.dispatch import on_dask_blocks
from ._docstrings import ATTRIBUTES, FIT_VALIDATION, PARAMETERS, section
from ._nn.activations import inplace_logistic_exact, inplace_softmax, log_logistic, log_softmax
from ._targets.blocks import class_block_targets, label_summary_of
from ._targets.class_weight import weigh_classes
from ._targets.labels import fit_labels, indicator, labels_seen, stratification
from ._targets.validation_set import validation_indicator

__all__ = ["NumpyMLPClassifier"]


class NumpyMLPClassifier(ClassifierMixin, BaseNumpyMLP):
    __doc__ = f"""Multi-layer perceptron classifier in NumPy.

    A drop-in replacement for :class:`sklearn.neural_network.MLPClassifier`:
    the same parameters with the same names and meaning, the same fitted
    attributes, and the same training loop. It differs in one default,
    chosen on real tabular data: a stronger L2 penalty (``alpha=0.3``
    instead of 0.0001), which overfits noisy data less; with
    ``alpha=0.0001`` the run is ``MLPClassifier``'s on standardised data.
    It adds ``loss``, ``weight_init`` and ``class_weight``, and picks the
    step size per activation, solver and loss.

    The objective is the mean per-sample loss plus
    ``alpha / (2 * n_samples) * sum of squared weights`` (biases are not
    penalised); with ``sample_weight`` the mean is weighted and ``n_samples``
    becomes the sum of the weights.

    Parameters
    ----------
{section(PARAMETERS, ["hidden_layer_sizes"])}

{section(PARAMETERS, ["activation"], default="'relu'")}

{section(PARAMETERS, ["solver", "alpha_classifier", "batch_size", "learning_rate"])}

{section(PARAMETERS, ["learning_rate_init_auto"])}

{section(PARAMETERS, ["power_t", "max_iter", "shuffle", "random_state", "tol", "verbose"])}

    warm_start : bool, default=False
        Start ``fit`` from the previous solution (and loss history) instead of
        a new initialisation. The classes must be the same.

{section(PARAMETERS, ["momentum", "nesterovs_momentum"])}

    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified,
        except for multilabel targets), score it after every epoch, stop when
        the score has not improved by ``tol`` for ``n_iter_no_change`` epochs,
        and restore the weights of the best epoch at the end. Stochastic
        solvers only.

{
        section(
            PARAMETERS,
            ["validation_fraction", "beta_1", "beta_2", "epsilon", "n_iter_no_change", "max_fun"],
        )
    }

{section(PARAMETERS, ["loss_classifier"])}

{section(PARAMETERS, ["weight_init"], sklearn="MLPClassifier")}

{section(PARAMETERS, ["class_weight", "dropout", "weight_decay", "warmup_iter", "label_smoothing"])}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels (for multilabel targets, the column indices).

{section(ATTRIBUTES, ["coefs_", "intercepts_", "loss_", "best_loss_", "loss_curve_"])}

    validation_scores_ : list of float or None
        Accuracy on the held-out split after each epoch (early stopping only).

{section(ATTRIBUTES, ["validation_loss_curve_"])}

    best_validation_score_ : float or None
        The best validation accuracy (early stopping only).

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
        ``'logistic'`` (binary, multilabel) or ``'softmax'`` (multiclass).

    See Also
    --------
    sklearn.neural_network.MLPClassifier : The classifier this one replaces.
    NumpyMLPRegressor : The same network for regression.

    Notes
    -----
    The seed notebook's single update of its 4-3-1 network is reproduced by
    ``hidden_layer_sizes=(3,), loss='squared_error', solver='sgd',
    batch_size=3, momentum=0, alpha=0, max_iter=1, shuffle=False,
    weight_init='uniform', random_state=99, learning_rate_init=3e-4``: the
    notebook multiplies its summed gradient by ``lr = 0.01`` twice (a step of
    1e-4 on the sum), and this estimator averages over the 3 samples.

    While ``fit`` or ``partial_fit`` runs, in any thread, every BLAS library
    other than numpy's own with one thread count for the whole process (such
    as the OpenBLAS bundled with scipy's wheels) is limited to one thread and
    restored afterwards: otherwise its worker threads and numpy's wait on
    each other. numpy's thread setting is left as it is.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sknumpynet import NumpyMLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = make_pipeline(StandardScaler(),
    ...                     NumpyMLPClassifier(random_state=0, max_iter=300))
    >>> clf.fit(X, y).score(X, y) > 0.95
    True
    >>> print(clf.predict_proba(X[:1]).sum().round(6))
    1.0
    """

    _parameter_constraints: dict = {
        **BaseNumpyMLP._parameter_constraints,
        "learning_rate_init": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
        "loss": [StrOptions({"log_loss", "squared_error"})],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "label_smoothing": [Interval(Real, 0, 1, closed="left")],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.3,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init="auto",
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
        loss="log_loss",
        weight_init="auto",
        class_weight=None,
        dropout=0.0,
        weight_decay=0.0,
        warmup_iter=0,
        label_smoothing=0.0,
    ):
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
        self.loss = loss
        self.weight_init = weight_init
        self.class_weight = class_weight
        self.dropout = dropout
        self.weight_decay = weight_decay
        self.warmup_iter = warmup_iter
        self.label_smoothing = label_smoothing

    # ------------------------------------------------------------------ fit

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, X_val=None, y_val=None, sample_weight_val=None):
        """Fit the network to data ``X`` and labels ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (dense, CSR or CSC). float32 input is trained in
            float32; anything else in float64.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, or a binary indicator matrix for multilabel
            classification.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights, not all zero. A weight of k counts a
            sample k times; 0 leaves it out of the objective (exactly
            equivalent to dropping it for full-batch training).

        {fit_validation}

        Returns
        -------
        self : NumpyMLPClassifier
            The fitted estimator.
        """
        validation = (X_val, y_val, sample_weight_val)
        return self._fit_transaction(X, y, sample_weight, False, validation_set=validation)

    fit.__doc__ = fit.__doc__.replace("        {fit_validation}\n", FIT_VALIDATION)

    def _check_fitted(self, X, incremental):
        if not incremental:  # partial_fit sees one part of a stream, not the whole set
            warn_if_collapsed(self, X)

    @available_if(stochastic_solver)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Update the network with one epoch over ``X, y``.

        Only for ``solver='sgd'`` and ``'adam'``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, all of them in ``classes``.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights, not all zero.
        classes : array-like of shape (n_classes,), default=None
            Every class of the whole training set. Required on the first
            call, optional (and checked) afterwards; ``y`` need not contain
            all of them.

        Returns
        -------
        self : NumpyMLPClassifier
            The updated estimator.
        """
        return self._fit_transaction(X, y, sample_weight, incremental=True, classes=classes)

    def _targets(self, y, incremental, first_pass, dtype, sample_weight=None, classes=None):
        """Check ``y``; (re)fit the label binarizer; return indicator targets."""
        self._label_binarizer = fit_labels(self, y, incremental, classes)
        self.classes_ = self._label_binarizer.classes_
        return indicator(self._label_binarizer, y)

    def _target_summary(self, y_shape):
        return label_summary_of(y_shape)

    def _block_targets(
        self, summaries, y_shape, incremental, first_pass, dtype, weighted, classes=None
    ):
        """Fit the classes from the labels of every block; the class weights
        of ``'balanced'`` come from their counts."""
        self._label_binarizer = fit_labels(self, labels_seen(summaries), incremental, classes)
        self.classes_ = self._label_binarizer.classes_
        return class_block_targets(
            self._label_binarizer, self.class_weight, summaries, incremental, weighted
        )

    def _weigh(self, y, Y, sample_weight, incremental, dtype):
        """``sample_weight`` (or ones) times each sample's class weight."""
        return weigh_classes(self, Y, sample_weight, incremental, dtype)

    def _validation_targets(self, y_val, dtype):
        return validation_indicator(self, y_val)

    def _out_activation(self):
        return "softmax" if self._label_binarizer.y_type_ == "multiclass" else "logistic"

    def _stratify(self, Y):
        return stratification(self._label_binarizer, Y, self.validation_fraction)

    def _validation_score(self, Y_val, prob, sample_weight):
        """Accuracy (subset accuracy for multilabel targets)."""
        if self._out_activation() == "softmax":
            correct = prob.argmax(axis=1) == Y_val.argmax(axis=1)
        else:
            correct = ((prob > 0.5) == (Y_val > 0.5)).all(axis=1)
        return np.average(correct, weights=sample_weight)

    # -------------------------------------------------------------- predict

    @on_dask_blocks
    def predict_proba(self, X):
        """Probability of each class for each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``; rows sum to 1 (for
            multilabel targets, one independent probability per label). float32
            when both ``X`` and the weights are float32, float64 otherwise.
        """
        return self._output(X, inplace_softmax, inplace_logistic_exact)

    @on_dask_blocks
    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`, computed stably from the logits.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Finite log-probabilities in the order of ``classes_``.
        """
        return self._output(X, log_softmax, log_logistic)

    def _output(self, X, multiclass, sigmoid):
        """Apply the output unit (or its logarithm) to the logits of ``X``:
        ``multiclass`` for softmax outputs, ``sigmoid`` per logistic output,
        with the two columns ``[sigmoid(-z), sigmoid(z)]`` for binary targets."""
        check_is_fitted(self)
        if self.out_activation_ == "softmax":
            return self._network_output(X, multiclass)
        if self._label_binarizer.y_type_ == "binary":
            z = self._network_output(X)
            return np.hstack([sigmoid(-z), sigmoid(z)])
        return self._network_output(X, sigmoid)

    @on_dask_blocks
    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_labels)
            Predicted labels (an indicator matrix for multilabel targets).
        """
        proba = self.predict_proba(X)
        # Decide on probabilities (not logits), as MLPClassifier: in float32 a
        # logit below ~3e-8 is a probability of exactly 0.5, which is class 0.
        y_type = self._label_binarizer.y_type_
        if y_type == "multiclass":
            return self.classes_[proba.argmax(axis=1)]
        if y_type == "binary":
            return self.classes_[(proba[:, 1] > 0.5).astype(np.intp)]
        return self._label_binarizer.inverse_transform(proba)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags
