"""NumpyMLPClassifier: the estimator, as thin glue over the network modules."""

import copy
from functools import partial
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import check_random_state, column_or_1d
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import (
    _check_partial_fit_first_call,
    check_classification_targets,
    type_of_target,
    unique_labels,
)
from sklearn.utils.validation import (
    _assert_all_finite,
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ._activations import (
    OUTPUT_ACTIVATIONS,
    log_logistic,
    log_softmax,
    logistic_exact,
    softmax,
)
from ._blas import serial_other_blas
from ._class_weight import class_sample_weight
from ._initializers import INITIALIZERS, initialize
from ._lbfgs import fit_lbfgs
from ._losses import LOSSES
from ._network import Workspace, objective_and_gradient, output_logits
from ._optimizers import make_optimizer
from ._params import Layout, pack, unpack
from ._stochastic import TrainingState, run_epochs
from ._weights import check_weight_scale

__all__ = ["NumpyMLPClassifier"]

_STOCHASTIC_SOLVERS = ("sgd", "adam")


def _stochastic_solver(est):
    if est.solver not in _STOCHASTIC_SOLVERS:
        raise AttributeError(
            "partial_fit is only available for stochastic optimizers. %s is not "
            "stochastic." % est.solver
        )
    return True


class NumpyMLPClassifier(ClassifierMixin, BaseEstimator):
    """Multi-layer perceptron classifier in NumPy.

    A drop-in replacement for :class:`sklearn.neural_network.MLPClassifier`:
    the same parameters with the same names and meaning, the same fitted
    attributes, and the same training loop. It differs in its defaults
    (logistic hidden units, as in the seed notebook, with a larger
    ``learning_rate_init`` that suits them) and adds ``loss`` and
    ``weight_init``.

    The objective is the mean per-sample loss plus
    ``alpha / (2 * n_samples) * sum of squared weights`` (biases are not
    penalised); with ``sample_weight`` the mean is weighted and ``n_samples``
    becomes the sum of the weights.

    Parameters
    ----------
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        The ith element is the number of units in the ith hidden layer. An
        empty tuple gives a network without hidden layer (logistic
        regression).

    activation : {'logistic', 'tanh', 'relu', 'identity'}, default='logistic'
        Activation of the hidden units: ``1 / (1 + exp(-z))``, ``tanh(z)``,
        ``max(z, 0)`` or ``z``. All are computed without overflow for any
        finite input.

    solver : {'lbfgs', 'sgd', 'adam'}, default='adam'
        Weight optimiser: quasi-Newton L-BFGS-B from scipy (full batch),
        stochastic gradient descent with momentum, or Adam.

    alpha : float, default=0.0001
        Strength of the L2 penalty on the weights (not the biases), divided
        by the number of samples (or the sum of sample weights) in the batch.

    batch_size : int or 'auto', default='auto'
        Mini-batch size of the stochastic solvers; ``'auto'`` is
        ``min(200, n_samples)``. Ignored by ``'lbfgs'``.

    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        Step-size schedule of ``solver='sgd'``: constant at
        ``learning_rate_init``; ``learning_rate_init / (t + 1) ** power_t``
        after each epoch, ``t`` being the number of samples seen; or divided
        by 5 each time the ``tol`` rule finds no improvement for
        ``n_iter_no_change`` epochs (training stops once it is below 1e-6).

    learning_rate_init : float, default=0.1
        Initial step size of ``'sgd'`` and ``'adam'``. A hundred times
        scikit-learn's 0.001: at 0.001 to 0.03, logistic hidden units sit on
        the sigmoid's plateau long enough for the ``tol`` rule to stop them
        (chance accuracy on circles and XOR-like data); at 0.1 they match or
        beat ``MLPClassifier``'s defaults on every data set of
        ``benchmarks/accuracy.py``. ``loss='squared_error'`` needs a smaller
        step (0.01): its gradient vanishes on saturated outputs.

    power_t : float, default=0.5
        Exponent of ``learning_rate='invscaling'``.

    max_iter : int, default=200
        Maximum number of epochs of the stochastic solvers, or of iterations
        of ``'lbfgs'``.

    shuffle : bool, default=True
        Whether to shuffle the samples before every epoch (stochastic solvers).

    random_state : int, RandomState instance or None, default=None
        Seeds, in this order, the weight initialisation, the early-stopping
        split, and the per-epoch shuffles. Pass an int for reproducible
        results.

    tol : float, default=1e-4
        Training stops when the training loss (or, with early stopping, the
        validation score) has not improved by at least ``tol`` for
        ``n_iter_no_change`` consecutive epochs. For ``'lbfgs'`` it is the
        projected-gradient tolerance.

    verbose : bool or int, default=False
        Print ``Iteration N, loss = ...`` after each epoch.

    warm_start : bool, default=False
        Start ``fit`` from the previous solution (and loss history) instead of
        a new initialisation. The classes must be the same.

    momentum : float, default=0.9
        Momentum of ``solver='sgd'``, in [0, 1].

    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum (``solver='sgd'`` and ``momentum > 0``).

    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified,
        except for multilabel targets), score it after every epoch, stop when
        the score has not improved by ``tol`` for ``n_iter_no_change`` epochs,
        and restore the weights of the best epoch at the end. Stochastic
        solvers only.

    validation_fraction : float, default=0.1
        Fraction of the training data held out for early stopping.

    beta_1 : float, default=0.9
        Decay rate of Adam's first-moment estimate, in [0, 1).

    beta_2 : float, default=0.999
        Decay rate of Adam's second-moment estimate, in [0, 1).

    epsilon : float, default=1e-8
        Adam's numerical-stability constant.

    n_iter_no_change : int, default=10
        Number of epochs without ``tol`` improvement before stopping.

    max_fun : int, default=15000
        Maximum number of objective evaluations of ``'lbfgs'``.

    loss : {'log_loss', 'squared_error'}, default='log_loss'
        Per-sample loss on the output probabilities: cross-entropy, or the
        seed notebook's ``1/2 * sum_k (y_k - p_k) ** 2``. Both are applied to
        the same logistic (binary, multilabel) or softmax (multiclass)
        outputs. With ``'squared_error'`` lower ``learning_rate_init`` to
        about 0.01: a saturated wrong output has a vanishing gradient, and a
        large step can push every output there.

    weight_init : {'glorot_uniform', 'sklearn', 'uniform'}, default='glorot_uniform'
        Initial weights and biases: uniform in ``+-sqrt(6 / (fan_in +
        fan_out))`` (Glorot and Bengio) for every activation;
        ``MLPClassifier``'s initialisation (the same bound, narrowed to
        ``+-sqrt(2 / (fan_in + fan_out))`` when ``activation='logistic'``);
        or uniform in [0, 1) as in the seed notebook. For each layer in
        order, the weight matrix of shape ``(fan_in, fan_out)`` is drawn
        first, then the bias of shape ``(fan_out,)``, from
        ``check_random_state(random_state)``. This order is part of the
        contract: with ``'uniform'`` and ``random_state=99`` it reproduces
        the notebook's ``np.random.seed(99)`` weights, and with ``'sklearn'``
        and the same ``random_state`` the network starts from
        ``MLPClassifier``'s weights.

    class_weight : dict, 'balanced' or None, default=None
        Weights of the classes in the objective: ``{label: weight}`` (labels
        left out weigh 1), or ``'balanced'``, ``n_samples / (n_classes *
        count(label))`` over the labels given to ``fit``. They multiply
        ``sample_weight``, and so also weigh the early-stopping validation
        score. Not supported for multilabel targets; with ``partial_fit``
        only as a dict, since ``'balanced'`` needs the whole label
        distribution. A label in the dict that is not a class is an error.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels (for multilabel targets, the column indices).

    coefs_ : list of ndarray
        ``coefs_[i]`` is the weight matrix of shape ``(units_i, units_i+1)``
        from layer i to layer i + 1.

    intercepts_ : list of ndarray
        ``intercepts_[i]`` is the bias vector of layer i + 1.

    loss_ : float
        The objective at the end of training (for the stochastic solvers,
        the last epoch's).

    best_loss_ : float or None
        The lowest training objective reached; None with early stopping.

    loss_curve_ : list of float
        The objective per epoch: the batch objectives, each computed before
        its batch's update, averaged with the batch sizes as weights. For
        ``'lbfgs'``, the objective after each iteration.

    validation_scores_ : list of float or None
        Accuracy on the held-out split after each epoch (early stopping only).

    validation_loss_curve_ : list of float or None
        Mean loss on the held-out split after each epoch, without the L2
        term (early stopping only).

    best_validation_score_ : float or None
        The best validation accuracy (early stopping only).

    t_ : int
        Number of training samples seen by the stochastic solver.

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when X has string column names.

    n_iter_ : int
        Number of epochs (iterations for ``'lbfgs'``) run by the last call.

    n_layers_ : int
        Number of layers, input and output included.

    n_outputs_ : int
        Number of output units.

    out_activation_ : str
        ``'logistic'`` (binary, multilabel) or ``'softmax'`` (multiclass).

    See Also
    --------
    sklearn.neural_network.MLPClassifier : The classifier this one replaces.

    Notes
    -----
    The seed notebook's single update of its 4-3-1 network is reproduced by
    ``hidden_layer_sizes=(3,), loss='squared_error', solver='sgd',
    batch_size=3, momentum=0, alpha=0, max_iter=1, shuffle=False,
    weight_init='uniform', random_state=99, learning_rate_init=3e-4``: the
    notebook multiplies its summed gradient by ``lr = 0.01`` twice (a step of
    1e-4 on the sum), and this estimator averages over the 3 samples.

    While ``fit`` or ``partial_fit`` runs, every BLAS library other than
    numpy's own (such as the OpenBLAS bundled with scipy's wheels) is limited
    to one thread and restored afterwards: otherwise its worker threads and
    numpy's wait on each other. numpy's thread setting is left as it is.

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
        "loss": [StrOptions(set(LOSSES))],
        "weight_init": [StrOptions(set(INITIALIZERS))],
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="logistic",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.1,
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
        weight_init="glorot_uniform",
        class_weight=None,
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

    # ------------------------------------------------------------------ fit

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
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

        Returns
        -------
        self : NumpyMLPClassifier
            The fitted estimator.
        """
        return self._fit_transaction(X, y, sample_weight, incremental=False)

    @available_if(_stochastic_solver)
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

    def _fit_transaction(self, X, y, sample_weight, incremental, classes=None):
        # A call that raises restores every attribute, so a failed fit never
        # leaves a half-updated model behind.
        saved = dict(self.__dict__)
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                # a call, not a with block: see sknumpynet._blas
                serial_other_blas(self._fit, X, y, sample_weight, incremental, classes)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(saved)
            raise
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

    def _validate_targets(self, y, incremental, classes):
        """Check ``y``; (re)fit the label binarizer; return indicator targets."""
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if incremental and _check_partial_fit_first_call(self, classes):
            binarizer = LabelBinarizer()
            binarizer.fit(y if type_of_target(y).startswith("multilabel") else classes)
            self._label_binarizer = binarizer
            unknown = np.setdiff1d(y, binarizer.classes_) if y.ndim == 1 else []
            if len(unknown):
                raise ValueError(
                    "`y` has labels %s that are not in `classes=%s`." % (unknown, binarizer.classes_)
                )
        elif not hasattr(self, "classes_") or not (self.warm_start or incremental):
            self._label_binarizer = LabelBinarizer().fit(y)
        else:
            seen = unique_labels(y)
            if self.warm_start and not incremental:
                if set(seen) != set(self.classes_):
                    raise ValueError(
                        "warm_start can only be used where `y` has the same classes "
                        "as in the previous call to fit. Previously got %s, `y` has "
                        "%s" % (self.classes_, seen)
                    )
            elif len(np.setdiff1d(seen, self.classes_, assume_unique=True)):
                raise ValueError(
                    "`y` has classes not in `self.classes_`. `self.classes_` has "
                    "%s. 'y' has %s." % (self.classes_, seen)
                )
        self.classes_ = self._label_binarizer.classes_
        if self._label_binarizer.y_type_ != "multilabel-indicator" and len(self.classes_) < 2:
            raise ValueError(
                "The number of classes has to be greater than one; got %d class: "
                "%r. NumpyMLPClassifier needs samples of at least 2 classes."
                % (len(self.classes_), self.classes_[0])
            )
        return self._indicator(y)

    def _indicator(self, y):
        """Boolean indicator targets, one column per output.

        Built directly (one byte per entry) rather than through
        ``LabelBinarizer.transform``, whose int64 matrix would be the largest
        allocation of a fit. Every label of ``y`` is known to be a class here.
        """
        if self._label_binarizer.y_type_ == "multilabel-indicator" or y.ndim != 1:
            # (LabelBinarizer also rejects multioutput targets with a clear error)
            return self._label_binarizer.transform(y).astype(bool)
        index = np.searchsorted(self.classes_, y)
        if len(self.classes_) == 2:
            return (index == 1)[:, None]
        Y = np.zeros((len(index), len(self.classes_)), dtype=bool)
        Y[np.arange(len(index)), index] = True
        return Y

    def _apply_class_weight(self, y, Y, sample_weight, incremental, dtype):
        """``sample_weight`` (or ones) times each sample's class weight."""
        if self._label_binarizer.y_type_ == "multilabel-indicator":
            raise ValueError(
                "class_weight is not supported for multilabel targets: a sample has "
                "several labels, so no single class weight applies. Pass "
                "sample_weight instead."
            )
        if incremental and self.class_weight == "balanced":
            raise ValueError(
                "class_weight='balanced' needs the label distribution of the whole "
                "training set, which partial_fit does not see. Compute it once (for "
                "instance with sklearn.utils.class_weight.compute_class_weight) and "
                "pass class_weight as a dict."
            )
        class_index = Y.argmax(axis=1) if Y.shape[1] > 1 else Y[:, 0].astype(int)
        weights = class_sample_weight(self.class_weight, self.classes_, class_index, y)
        weights = weights.astype(dtype)
        if sample_weight is not None:
            weights *= sample_weight
        if not weights.any():
            raise ValueError(
                "class_weight%s gives every sample weight 0."
                % (" times sample_weight" if sample_weight is not None else "")
            )
        return weights

    def _fit(self, X, y, sample_weight, incremental, classes):
        hidden = self._hidden_sizes()
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True")
        first_pass = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            # a model that continues training keeps the dtype it was fitted in
            dtype=(np.float64, np.float32) if first_pass else self.coefs_[0].dtype,
            reset=first_pass,
        )
        if sp.issparse(X) and X.format == "csc":
            X = X.tocsr()  # mini-batches are row slices: much faster on CSR
        dtype = X.dtype
        Y = self._validate_targets(y, incremental, classes)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=dtype, ensure_non_negative=True
            )
            if not sample_weight.any():
                raise ValueError("sample_weight must contain at least one non-zero number.")
        if self.class_weight is not None:
            sample_weight = self._apply_class_weight(y, Y, sample_weight, incremental, dtype)
        n_outputs = Y.shape[1]
        layout = Layout(tuple([X.shape[1]] + hidden + [n_outputs]))
        out_activation = (
            "softmax" if self._label_binarizer.y_type_ == "multiclass" else "logistic"
        )
        rng = check_random_state(self.random_state)

        if first_pass:
            coefs, intercepts = initialize(
                self.weight_init, rng, layout.layer_units, dtype, self.activation
            )
            state = optimizer = None
        else:
            coefs, intercepts = self.coefs_, self.intercepts_
            shapes = [c.shape for c in coefs]
            if shapes != layout.coef_shapes:
                raise ValueError(
                    "The fitted weights have shapes %s but hidden_layer_sizes=%r with "
                    "%d features and %d outputs needs %s. Refit without warm_start."
                    % (shapes, self.hidden_layer_sizes, X.shape[1], n_outputs,
                       layout.coef_shapes)
                )
            state = copy.deepcopy(getattr(self, "_training_state", None))
            optimizer = copy.deepcopy(getattr(self, "_optimizer", None)) if incremental else None
        theta = pack(coefs, intercepts, dtype)
        check_weight_scale(sample_weight, X.shape[0], self.alpha, theta[: layout.n_coef])

        def objective(params, grad=None, X_=None, Y_=None, sw_=None, workspace=None):
            return objective_and_gradient(
                params, layout, X_, Y_, sw_, self.activation, out_activation,
                self.loss, self.alpha, grad, workspace,
            )

        if self.solver == "lbfgs":
            theta, n_iter, curve, loss = fit_lbfgs(
                partial(
                    objective,
                    X_=X,
                    Y_=Y.astype(dtype),
                    sw_=sample_weight,
                    workspace=Workspace(layout, X.shape[0], dtype),
                ),
                theta,
                max_iter=self.max_iter,
                max_fun=self.max_fun,
                tol=self.tol,
                verbose=self.verbose,
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
            train, validation = self._split(X, Y, sample_weight, rng, layout, out_activation)
            n_iter = run_epochs(
                self, theta, optimizer, objective, state, train, validation, rng,
                incremental=incremental, layout=layout,
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
            self._training_state = state
            self._optimizer = optimizer

        self.coefs_, self.intercepts_ = unpack(theta, layout)
        self.n_iter_ = n_iter
        self.n_layers_ = len(layout.layer_units)
        self.n_outputs_ = n_outputs
        self.out_activation_ = out_activation
        return self

    def _can_stratify(self, Y):
        """Whether a stratified split of multiclass ``Y`` is possible: every
        class twice or more, and room for every class on both sides."""
        n_classes = Y.shape[1]
        n_val = int(np.ceil(self.validation_fraction * Y.shape[0]))
        return Y.sum(axis=0).min() >= 2 and min(n_val, Y.shape[0] - n_val) >= n_classes

    def _split(self, X, Y, sample_weight, rng, layout, out_activation):
        """Training data and, with early stopping, a validation closure."""
        if not self.early_stopping:
            return (X, Y, sample_weight), None
        if self._label_binarizer.y_type_ == "multilabel-indicator":
            stratify = None
        else:
            # binary: the boolean indicator column, as MLPClassifier stratifies
            stratify = Y.argmax(axis=1) if Y.shape[1] > 1 else Y
            if Y.shape[1] > 1 and not self._can_stratify(Y):
                stratify = None  # as MLPClassifier, which never stratifies these
        if self.validation_fraction == 0:
            raise ValueError("early_stopping=True needs validation_fraction > 0, got 0.")
        arrays = [X, Y] if sample_weight is None else [X, Y, sample_weight]
        try:
            parts = train_test_split(
                *arrays, random_state=rng, test_size=self.validation_fraction, stratify=stratify
            )
        except ValueError as exc:
            raise ValueError(
                "Cannot hold out validation_fraction=%r of %d samples for early "
                "stopping: %s" % (self.validation_fraction, X.shape[0], exc)
            ) from exc
        X_train, X_val, Y_train, Y_val = parts[:4]
        Y_val = Y_val.astype(X.dtype)
        sw_train, sw_val = parts[4:] if sample_weight is not None else (None, None)
        if X_val.shape[0] < 2:
            raise ValueError(
                "The validation set is too small. Increase 'validation_fraction' or "
                "the size of your dataset."
            )
        if sw_train is not None and not sw_train.any():
            raise ValueError(
                "Every sample left for training after the early-stopping split has "
                "sample_weight 0. Change validation_fraction or random_state, or give "
                "those samples weight."
            )
        if sw_val is not None and not sw_val.any():
            raise ValueError(
                "Every sample held out for early stopping has sample_weight 0, so the "
                "validation score is undefined. Change validation_fraction or "
                "random_state, or give those samples weight."
            )
        loss = LOSSES[self.loss]
        softmax_output = out_activation == "softmax"

        def validation(theta):
            coefs, intercepts = unpack(theta, layout)
            raw = output_logits(X_val, coefs, intercepts, self.activation)
            per_sample = loss(Y_val, raw, softmax_output)
            prob = OUTPUT_ACTIVATIONS[out_activation](raw)
            if softmax_output:
                correct = prob.argmax(axis=1) == Y_val.argmax(axis=1)
            else:
                correct = ((prob > 0.5) == (Y_val > 0.5)).all(axis=1)
            score = np.average(correct, weights=sw_val)
            return float(score), float(np.average(per_sample, weights=sw_val))

        return (X_train, Y_train, sw_train), validation

    # -------------------------------------------------------------- predict

    def _predict_input(self, X):
        """``X`` validated as ``validate_data`` would, except that dense input
        is not yet checked for NaN and infinity: :meth:`_network_output`
        checks it block by block, while each block is in cache for the
        network anyway.
        A float ndarray of the right width without feature names takes a
        fast path, where the generic checks cost more than a one-row
        prediction."""
        if (
            type(X) is np.ndarray
            and X.ndim == 2
            and X.dtype in (np.float64, np.float32)
            and X.shape[0] > 0
            and X.shape[1] == self.n_features_in_
            and not hasattr(self, "feature_names_in_")
        ):
            return X
        X = validate_data(
            self,
            X,
            accept_sparse=["csr", "csc"],
            dtype=(np.float64, np.float32),
            ensure_all_finite=False,
            reset=False,
        )
        if sp.issparse(X):
            self._assert_finite(X.data)
        return X

    def _assert_finite(self, X):
        """scikit-learn's error for NaN or infinity in ``X``. Summing first
        is the fast test; only a non-finite sum (NaN, infinity, or finite
        values that overflow) needs the element-wise check."""
        if not np.isfinite(np.sum(X)):
            _assert_all_finite(X, input_name="X", estimator_name=type(self).__name__)

    def _network_output(self, X, unit=None):
        """The network's output for ``X``, validated here: its logits or,
        given ``unit`` (an output unit or its logarithm), ``unit`` applied to
        each block of logits as it is computed. Finite, or a clear
        ValueError. The caller checks that the model is fitted."""
        caller_errstate = np.geterr()

        def finish(X_block, z):
            if not sp.issparse(X_block):
                self._assert_finite(X_block)
            if not np.isfinite(z).all():
                if np.isnan(z).any():
                    raise ValueError(
                        "The network's output is not a number for some rows of X: their "
                        "values are too large for %s arithmetic. Scale the input "
                        "features." % z.dtype
                    )
                big = np.finfo(z.dtype).max
                np.clip(z, -big, big, out=z)
            if unit is not None:
                # the output unit must not overflow: run it with the caller's
                # floating-point error handling, not the one set below
                with np.errstate(**caller_errstate):
                    result = unit(z)
                if result is not z:
                    z[...] = result

        # The finiteness check sums X, and huge finite inputs overflow in the
        # hidden layers; the logits are checked above.
        with np.errstate(over="ignore", invalid="ignore"):
            X = self._predict_input(X)
            return output_logits(
                X, self.coefs_, self.intercepts_, self.activation, finish=finish
            )

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
        return self._output(X, softmax, logistic_exact)

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
        tags.input_tags.sparse = True
        tags.classifier_tags.multi_label = True
        return tags
