"""Docstring sections shared by the estimators.

Both estimators take the same training parameters and expose the same
fitted attributes; their descriptions live here once, and each estimator's
class docstring is assembled from them with :func:`section` around the
parts that are its own.
"""

__all__ = ["ATTRIBUTES", "FIT_VALIDATION", "PARAMETERS", "section"]

PARAMETERS = {
    "loss_classifier": """\
loss : {'log_loss', 'squared_error'}, default='log_loss'
    Per-sample loss on the output probabilities: cross-entropy, or the
    seed notebook's ``1/2 * sum_k (y_k - p_k) ** 2``. Both are applied to
    the same logistic (binary, multilabel) or softmax (multiclass)
    outputs. A saturated wrong output has a vanishing gradient under
    ``'squared_error'``, so ``learning_rate_init='auto'`` takes smaller
    steps with it.""",
    "label_smoothing": """\
label_smoothing : float, default=0.0
    Train on the targets ``(1 - label_smoothing) * y + label_smoothing /
    K`` instead of the indicators ``y``: ``K`` is the number of classes;
    for binary and multilabel targets, whose logistic outputs are each a
    binary problem (the probability of the label), ``K = 2``, so each
    target moves towards 1/2. ``loss_curve_`` is the objective on these
    targets; ``validation_loss_curve_`` and the scores use the labels
    themselves.""",
    "class_weight": """\
class_weight : dict, 'balanced' or None, default=None
    Weights of the classes in the objective: ``{label: weight}`` (labels
    left out weigh 1), or ``'balanced'``, ``n_samples / (n_classes *
    count(label))`` over the labels given to ``fit``. They multiply
    ``sample_weight``, and so also weigh the early-stopping validation
    score. Not supported for multilabel targets; with ``partial_fit``
    only as a dict, since ``'balanced'`` needs the whole label
    distribution. A label in the dict that is not a class is an error.""",
    "hidden_layer_sizes": """\
hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
    The ith element is the number of units in the ith hidden layer. An
    empty tuple gives a network without hidden layer (a linear model).""",
    "solver": """\
solver : {'lbfgs', 'sgd', 'adam'}, default='adam'
    Weight optimiser: quasi-Newton L-BFGS-B from scipy (full batch),
    stochastic gradient descent with momentum, or Adam.""",
    "alpha": """\
alpha : float, default=0.0001
    Strength of the L2 penalty on the weights (not the biases), divided
    by the number of samples (or the sum of sample weights) in the batch.""",
    "alpha_classifier": """\
alpha : float, default=0.3
    Strength of the L2 penalty on the weights (not the biases), divided
    by the number of samples (or the sum of sample weights) in the batch.
    ``MLPClassifier``'s default is 0.0001. The stronger default penalty
    was chosen on the real-data benchmark (``benchmarks/real_data.py``):
    it keeps the network from fitting label noise in its 200 epochs
    (user guide, *Defaults*). Pass ``alpha=0.0001`` to train exactly like
    ``MLPClassifier`` with relu units.""",
    "batch_size": """\
batch_size : int or 'auto', default='auto'
    Mini-batch size of the stochastic solvers; ``'auto'`` is
    ``min(200, n_samples)``. Ignored by ``'lbfgs'``.""",
    "activation": """\
activation : {{'logistic', 'tanh', 'relu', 'identity', 'selu', 'gelu', \
'silu', 'mish'}} or sequence of str, default={default}
    Activation of the hidden units: ``1 / (1 + exp(-z))``, ``tanh(z)``,
    ``max(z, 0)``, ``z``; SELU (``scale * z`` for ``z > 0``, else
    ``scale * alpha * (exp(z) - 1)``, Klambauer et al.'s constants); the
    exact GELU ``z * Phi(z)`` (``Phi`` the standard normal CDF, PyTorch's
    default form); SiLU ``z * sigmoid(z)``; or Mish ``z * tanh(log(1 +
    exp(z)))``. A sequence gives one name per hidden layer. All are
    computed without overflow for any finite input.""",
    "learning_rate": """\
learning_rate : {'constant', 'invscaling', 'adaptive', 'cosine', 'coslog4'}, \
default='constant'
    Step-size schedule. For ``solver='sgd'`` only, as in scikit-learn:
    constant at ``learning_rate_init``; ``learning_rate_init / (t + 1) **
    power_t`` after each epoch, ``t`` being the number of samples seen; or
    divided by 5 each time the ``tol`` rule finds no improvement for
    ``n_iter_no_change`` epochs (training stops once it is below 1e-6).
    For ``'sgd'`` and ``'adam'``, set batch by batch from the fraction
    ``t`` of the ``max_iter`` epochs done: ``'cosine'``, ``(1 + cos(pi
    t)) / 2`` times ``learning_rate_init``, down to 0 at the end (after a
    linear warm-up of ``warmup_iter`` epochs); ``'coslog4'``, RealMLP's
    four cycles ``(1 - cos(2 pi log2(1 + 15 t))) / 2``, each rising from
    0 and back, each twice as long as the one before. Early stopping ends
    a run wherever the schedule is (it is not compressed); ``partial_fit``
    counts its calls as epochs and restarts after ``max_iter`` of them.
    ``learning_rate_curve_`` records the steps taken.""",
    "warmup_iter": """\
warmup_iter : int, default=0
    Epochs over which ``learning_rate='cosine'`` first rises linearly from
    0 to ``learning_rate_init``, before its decay over the other
    ``max_iter - warmup_iter`` epochs.""",
    "dropout": """\
dropout : float or sequence of float, default=0.0
    Inverted dropout on the hidden units, in training only: each batch
    keeps each unit with probability ``1 - p`` (``p`` one rate for every
    hidden layer, or one per hidden layer) and divides the kept
    activations by ``1 - p``. The masks are drawn from ``random_state``.
    ``coefs_`` are the prediction weights as they are: prediction is
    deterministic, without masks or rescaling. Stochastic solvers only.""",
    "weight_decay": """\
weight_decay : float, default=0.0
    Decoupled weight decay (``AdamW``, Loshchilov and Hutter): before each
    ``'sgd'`` or ``'adam'`` step the weights (not the biases) are
    multiplied by ``1 - lr * weight_decay``, ``lr`` being the current step
    (``learning_rate_init`` times the schedule; before Adam's bias
    correction), as PyTorch's ``AdamW`` does, so settings carry over.
    ``alpha`` stays the L2 term of the objective. Stochastic solvers only.""",
    "power_t": """\
power_t : float, default=0.5
    Exponent of ``learning_rate='invscaling'``.""",
    "max_iter": """\
max_iter : int, default=200
    Maximum number of epochs of the stochastic solvers, or of iterations
    of ``'lbfgs'``.""",
    "shuffle": """\
shuffle : bool, default=True
    Whether to shuffle the samples before every epoch (stochastic solvers).""",
    "random_state": """\
random_state : int, RandomState instance or None, default=None
    Seeds, in this order, the weight initialisation, the early-stopping
    split, and the per-epoch shuffles. Pass an int for reproducible
    results.""",
    "tol": """\
tol : float, default=1e-4
    Training stops when the training loss (or, with early stopping, the
    validation score) has not improved by at least ``tol`` for
    ``n_iter_no_change`` consecutive epochs. For ``'lbfgs'`` it is the
    projected-gradient tolerance.""",
    "verbose": """\
verbose : bool or int, default=False
    Print ``Iteration N, loss = ...`` after each epoch.""",
    "warm_start": """\
warm_start : bool, default=False
    Start ``fit`` from the previous solution (and loss history) instead of
    a new initialisation.""",
    "momentum": """\
momentum : float, default=0.9
    Momentum of ``solver='sgd'``, in [0, 1].""",
    "nesterovs_momentum": """\
nesterovs_momentum : bool, default=True
    Use Nesterov's momentum (``solver='sgd'`` and ``momentum > 0``).""",
    "validation_fraction": """\
validation_fraction : float, default=0.1
    Fraction of the training data held out for early stopping.""",
    "beta_1": """\
beta_1 : float, default=0.9
    Decay rate of Adam's first-moment estimate, in [0, 1).""",
    "beta_2": """\
beta_2 : float, default=0.999
    Decay rate of Adam's second-moment estimate, in [0, 1).""",
    "epsilon": """\
epsilon : float, default=1e-8
    Adam's numerical-stability constant.""",
    "n_iter_no_change": """\
n_iter_no_change : int, default=10
    Number of epochs without ``tol`` improvement before stopping.""",
    "max_fun": """\
max_fun : int, default=15000
    Maximum number of objective evaluations of ``'lbfgs'``.""",
    "learning_rate_init_auto": """\
learning_rate_init : 'auto' or float, default='auto'
    Initial step size of ``'sgd'`` and ``'adam'``. A float is used as
    given. ``'auto'`` picks it at fit time from ``activation``, ``solver``
    and ``loss`` (the value used is ``learning_rate_init_``). With
    log-loss: 0.1 for logistic units, which stall on the sigmoid's plateau
    at smaller steps; scikit-learn's 0.001 for relu, tanh and identity
    units, which (with the default ``weight_init``, on standardised data)
    makes the run ``MLPClassifier``'s. With ``loss='squared_error'``: 0.01
    (``'adam'``) or 0.05 (``'sgd'``) for logistic units, 0.001 to 0.03 for
    the others. The table, and the benchmark it was measured with, are in
    the user guide's *Solvers* page.""",
    "weight_init": """\
weight_init : {{'auto', 'glorot_uniform', 'glorot_scaled', 'sklearn', \
'uniform'}}, default='auto'
    Initial weights and biases: uniform in ``+-sqrt(6 / (fan_in +
    fan_out))`` (Glorot and Bengio) for every activation
    (``'glorot_uniform'``); the same, with each input feature's row of the
    first layer divided by the feature's (sample-weighted) root mean
    square where that exceeds 2, so that unscaled features do not
    saturate the first layer (``'glorot_scaled'``; on standardised data it
    draws exactly ``'glorot_uniform'``'s weights);
    ``{sklearn}``'s initialisation (Glorot's bound, narrowed to
    ``+-sqrt(2 / (fan_in + fan_out))`` when ``activation='logistic'``);
    or uniform in [0, 1) as in the seed notebook. ``'auto'`` is
    ``'glorot_scaled'`` for tanh units with ``'adam'`` or ``'sgd'`` and
    ``'glorot_uniform'`` otherwise (the value used is ``weight_init_``).
    For each layer in order, the weight matrix of shape ``(fan_in,
    fan_out)`` is drawn first, then the bias of shape ``(fan_out,)``, from
    ``check_random_state(random_state)``. This order is part of the
    contract: with ``'uniform'`` and ``random_state=99`` it reproduces
    the notebook's ``np.random.seed(99)`` weights, and with ``'sklearn'``
    and the same ``random_state`` the network starts from
    ``{sklearn}``'s weights.""",
}

#: The validation-set parameters of ``fit``, indented for a method docstring.
FIT_VALIDATION = """        X_val : {array-like, sparse matrix} of shape (n_val, n_features), default=None
            A validation set for early stopping, as ``HistGradientBoosting*``
            take one: with ``early_stopping=True`` the network is scored on
            ``(X_val, y_val)`` after every epoch instead of on a split of
            ``X``, which is then all used for training. Needs ``y_val`` and
            ``early_stopping=True``. In a ``Pipeline`` with metadata routing
            enabled, request it with ``set_fit_request(X_val=True,
            y_val=True)`` and transform it with ``transform_input=["X_val"]``.
        y_val : array-like of shape (n_val,) or (n_val, n_outputs), default=None
            The targets of ``X_val``.
        sample_weight_val : array-like of shape (n_val,), default=None
            Weights of the validation score and loss.
"""

ATTRIBUTES = {
    "coefs_": """\
coefs_ : list of ndarray
    ``coefs_[i]`` is the weight matrix of shape ``(units_i, units_i+1)``
    from layer i to layer i + 1.""",
    "intercepts_": """\
intercepts_ : list of ndarray
    ``intercepts_[i]`` is the bias vector of layer i + 1.""",
    "loss_": """\
loss_ : float
    The objective at the end of training (for the stochastic solvers,
    the last epoch's).""",
    "best_loss_": """\
best_loss_ : float or None
    The lowest training objective reached; None with early stopping.""",
    "loss_curve_": """\
loss_curve_ : list of float
    The objective per epoch: the batch objectives, each computed before
    its batch's update, averaged with the batch sizes as weights. For
    ``'lbfgs'``, the objective after each iteration.""",
    "validation_loss_curve_": """\
validation_loss_curve_ : list of float or None
    Mean loss on the held-out split after each epoch, without the L2
    term (early stopping only).""",
    "learning_rate_init_": """\
learning_rate_init_ : float
    The initial step size of the stochastic solvers: ``learning_rate_init``,
    or the value ``'auto'`` resolved to.""",
    "learning_rate_curve_": """\
learning_rate_curve_ : list of float or None
    The step of each epoch, as ``loss_curve_`` (the mean over its batches,
    weighted by their rows; for ``'adam'`` before the bias correction):
    constant at ``learning_rate_init_`` unless ``learning_rate`` schedules
    it. None for ``'lbfgs'``.""",
    "weight_init_": """\
weight_init_ : str
    The initialiser the weights were drawn with: ``weight_init``, or the
    one ``'auto'`` resolved to.""",
    "t_": """\
t_ : int
    Number of training samples seen by the stochastic solver.""",
    "n_features_in_": """\
n_features_in_ : int
    Number of features seen during fit.""",
    "feature_names_in_": """\
feature_names_in_ : ndarray of shape (`n_features_in_`,)
    Names of features seen during fit, when X has string column names.""",
    "n_iter_": """\
n_iter_ : int
    Number of epochs (iterations for ``'lbfgs'``) run by the last call.""",
    "n_layers_": """\
n_layers_ : int
    Number of layers, input and output included.""",
    "n_outputs_": """\
n_outputs_ : int
    Number of output units.""",
}


def section(entries, names, indent=4, **fields):
    """The entries ``names`` of ``entries``, in that order, indented for a
    class docstring, with ``{field}`` placeholders filled from ``fields``
    (when any are given)."""
    pad = " " * indent
    blocks = []
    for name in names:
        text = entries[name].format(**fields) if fields else entries[name]
        blocks.append("\n".join(pad + line if line else line for line in text.splitlines()))
    return "\n\n".join(blocks)
