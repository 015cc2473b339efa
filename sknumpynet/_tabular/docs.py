"""Docstring sections of the tabular estimators: the parameters whose
defaults or meaning differ from the drop-ins', and the fitted attributes
of the input transform."""

__all__ = ["TABULAR_ATTRIBUTES", "TABULAR_PARAMETERS", "TABULAR_SAME_AS_DROP_IN"]

TABULAR_PARAMETERS = {
    "hidden_layer_sizes": """\
hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(256, 256, 256)
    The ith element is the number of units in the ith hidden layer.""",
    "solver": """\
solver : {'lbfgs', 'sgd', 'adam'}, default='adam'
    Weight optimiser. The recipe is tuned for ``'adam'``.""",
    "alpha": """\
alpha : float, default=0.0
    Strength of the L2 penalty on the weights, divided by the number of
    samples (or the sum of sample weights) in the batch. The recipe
    regularises by keeping the best epoch instead.""",
    "batch_size": """\
batch_size : int or 'auto', default='auto'
    Rows per mini-batch; ``'auto'`` is ``min(256, n_samples)``.""",
    "learning_rate": """\
learning_rate : {'constant', 'invscaling', 'adaptive', 'cosine', 'coslog4'}, \
default='coslog4'
    Step-size schedule: by default RealMLP's four cycles
    ``(1 - cos(2 pi log2(1 + 15 t))) / 2`` over the ``max_iter`` epochs,
    each rising from 0 and back, each twice as long as the one before,
    set batch by batch. The others are the drop-ins' (see
    :class:`NumpyMLPClassifier`).""",
    "max_iter": """\
max_iter : int, default=256
    Number of epochs (the schedule's length).""",
    "early_stopping": """\
early_stopping : bool, default=True
    Hold out ``validation_fraction`` of the training rows (stratified for
    classification), score them after every epoch, and keep the weights
    of the best epoch. With ``n_iter_no_change=inf`` every epoch of the
    schedule runs; a finite value stops after that many epochs without
    an improvement of ``tol``. Pass ``X_val, y_val`` to ``fit`` to score
    a validation set of your own instead, and ``early_stopping=False``
    to train on every row and keep the last epoch.""",
    "validation_fraction": """\
validation_fraction : float, default=0.2
    Fraction of the training rows held out to pick the best epoch.""",
    "beta_2": """\
beta_2 : float, default=0.95
    Decay rate of Adam's second-moment estimate, in [0, 1).""",
    "n_iter_no_change": """\
n_iter_no_change : int or inf, default=inf
    Epochs without ``tol`` improvement of the validation score before
    stopping; ``inf`` runs the whole schedule.""",
    "weight_init": """\
weight_init : {'ntk', 'auto', 'glorot_uniform', 'glorot_scaled', 'sklearn', \
'uniform'}, default='ntk'
    ``'ntk'`` is RealMLP's NTK parametrisation: weights drawn from
    ``N(0, 1 / fan_in)``, biases from ``N(0, 1)``, the output layer
    starting at zero, and each weight matrix stepped ``1 / sqrt(fan_in)``
    times and each bias 0.1 times the step of the solver (for ``'adam'``
    this trains exactly as RealMLP's ``V / sqrt(fan_in)`` layers do).
    The others are the drop-ins' initialisations with one step size for
    every parameter.""",
    "scaling_layer": """\
scaling_layer : bool, default=True
    Learn a scale per input feature in front of the first layer, trained
    by Adam with 6 times the weights' step (RealMLP's scaling layer). The
    fitted ``coefs_[0]`` hold the scaled weights, so prediction is a plain
    MLP's. Needs ``solver='adam'``.""",
    "smooth_clip": """\
smooth_clip : float or None, default=3.0
    Bound ``b`` of the smooth clipping of the robustly scaled inputs,
    ``x / sqrt(1 + (x / b) ** 2)``; None feeds them unclipped.""",
}

#: Parameters documented as in the drop-ins, listed in the class docstring.
TABULAR_SAME_AS_DROP_IN = (
    "power_t, shuffle, random_state, tol, verbose, warm_start, momentum, "
    "nesterovs_momentum, beta_1, epsilon, max_fun, dropout, weight_decay, "
    "warmup_iter"
)

TABULAR_ATTRIBUTES = {
    "feature_median_": """\
feature_median_ : ndarray of shape (`n_features_in_`,)
    Median of each feature in the training rows.""",
    "feature_scale_": """\
feature_scale_ : ndarray of shape (`n_features_in_`,)
    Factor of each centred feature: one over its inter-quartile range, or
    over half its range where the quartiles coincide, 0 for a constant
    feature. The network's input is ``smooth_clip((X - feature_median_) *
    feature_scale_)``.""",
}
