"""``learning_rate_init='auto'`` and ``weight_init='auto'``: the step size
and the initialiser for an activation, solver and loss, from tables
measured with ``benchmarks/accuracy.py`` (the evidence for each entry is in
the user guide's *Solvers* and *Initialisation* pages).

The step table is data: ``STEP_SIZES[(activation, loss)][solver]``. Only
the stochastic solvers read the step; ``'lbfgs'`` resolves to the ``'adam'``
entry so that the fitted ``learning_rate_init_`` is always a number.
"""

__all__ = ["INPUT_SCALED_UNITS", "STEP_SIZES", "resolve_learning_rate", "resolve_weight_init"]

#: ``(activation, loss) -> {solver: learning_rate_init}``.
STEP_SIZES = {
    # Logistic units stall on the sigmoid's plateau at small steps.
    ("logistic", "log_loss"): {"adam": 0.1, "sgd": 0.1},
    # MLPClassifier's 0.001: with the same initial weights (Glorot's bound is
    # MLPClassifier's for these units) the runs are MLPClassifier's. tanh
    # units start from weights scaled to the inputs (INPUT_SCALED_UNITS), without
    # which, on unscaled data, they sit saturated at this step.
    ("tanh", "log_loss"): {"adam": 0.001, "sgd": 0.001},
    ("relu", "log_loss"): {"adam": 0.001, "sgd": 0.001},
    ("identity", "log_loss"): {"adam": 0.001, "sgd": 0.001},
    # Squared error on logistic/softmax outputs: a saturated wrong output has
    # a vanishing gradient, and a large step pushes outputs there; too small
    # a step stalls tanh units on circles (0.001) while a larger one overfits
    # label noise (0.003). With 'sgd' (momentum 0.9 lengthens its steps up to
    # tenfold) tanh and relu units take ten times their 'adam' step, and
    # logistic units 0.05 (at 0.01 they stall on 20 classes; at 0.1 they
    # lose 0.096 on circles). Identity units: MLPClassifier's 0.001 with
    # 'adam' (0.003 falls 0.114 below it on circles, where both are at
    # chance), 0.03 with 'sgd'.
    ("logistic", "squared_error"): {"adam": 0.01, "sgd": 0.05},
    ("tanh", "squared_error"): {"adam": 0.002, "sgd": 0.02},
    ("relu", "squared_error"): {"adam": 0.003, "sgd": 0.03},
    ("identity", "squared_error"): {"adam": 0.001, "sgd": 0.03},
    # SELU, GELU, SiLU and Mish units, from benchmarks/activation_steps.py
    # (docs/tables/activation_steps.csv: log-loss means over breast_cancer,
    # wine and moons). With 'adam', GELU, SiLU and Mish have their lowest
    # log-loss at relu's 0.001 and SELU at 0.003; with 'sgd' (momentum 0.9)
    # the first three at 0.01 (within 0.001 of 0.03) and SELU at 0.03.
    # Squared error: relu's steps, not swept.
    ("selu", "log_loss"): {"adam": 0.003, "sgd": 0.03},
    ("gelu", "log_loss"): {"adam": 0.001, "sgd": 0.01},
    ("silu", "log_loss"): {"adam": 0.001, "sgd": 0.01},
    ("mish", "log_loss"): {"adam": 0.001, "sgd": 0.01},
    ("selu", "squared_error"): {"adam": 0.003, "sgd": 0.03},
    ("gelu", "squared_error"): {"adam": 0.003, "sgd": 0.03},
    ("silu", "squared_error"): {"adam": 0.003, "sgd": 0.03},
    ("mish", "squared_error"): {"adam": 0.003, "sgd": 0.03},
}


def resolve_learning_rate(learning_rate_init, activation, solver, loss):
    """The step size ``fit`` uses: ``learning_rate_init`` itself when it is
    a number, else the table's entry for ``(activation, loss)`` and
    ``solver`` (``'lbfgs'`` reads the ``'adam'`` entry; it takes no step).

    >>> resolve_learning_rate("auto", "relu", "adam", "log_loss")
    0.001
    >>> resolve_learning_rate(0.5, "relu", "adam", "log_loss")
    0.5
    """
    if not isinstance(learning_rate_init, str):
        return float(learning_rate_init)
    steps = STEP_SIZES[(activation, loss)]
    return steps.get(solver, steps["adam"])


#: ``(activation, solver)`` pairs whose ``weight_init='auto'`` is
#: ``'glorot_scaled'``; every other pair gets ``'glorot_uniform'``. At the
#: small steps of their ``'auto'`` entries, tanh units that unscaled
#: features saturate at the first step stay saturated for hundreds of
#: epochs; L-BFGS's line search and the logistic units' step of 0.1 leave
#: the plateau without help. On scaled data both initialisers draw the
#: same weights.
INPUT_SCALED_UNITS = frozenset({("tanh", "adam"), ("tanh", "sgd")})


def resolve_weight_init(weight_init, activation, solver):
    """The initialiser ``fit`` uses: ``weight_init`` itself unless it is
    ``'auto'``, else ``'glorot_scaled'`` for the pairs in
    :data:`INPUT_SCALED_UNITS` and ``'glorot_uniform'`` for the others.

    >>> resolve_weight_init("auto", "tanh", "adam")
    'glorot_scaled'
    >>> resolve_weight_init("auto", "relu", "adam")
    'glorot_uniform'
    >>> resolve_weight_init("sklearn", "tanh", "adam")
    'sklearn'
    """
    if weight_init != "auto":
        return weight_init
    if (activation, solver) in INPUT_SCALED_UNITS:
        return "glorot_scaled"
    return "glorot_uniform"
