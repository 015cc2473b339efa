"""``learning_rate_init='auto'``: the step size for an activation, solver
and loss, from a table measured with ``benchmarks/accuracy.py`` (the
evidence for each entry is in the user guide's *Solvers* page).

The table is data: ``STEP_SIZES[(activation, loss)][solver]``. Only the
stochastic solvers read the step; ``'lbfgs'`` resolves to the ``'adam'``
entry so that the fitted ``learning_rate_init_`` is always a number.
"""

__all__ = ["STEP_SIZES", "resolve_learning_rate"]

#: ``(activation, loss) -> {solver: learning_rate_init}``.
STEP_SIZES = {
    # Logistic units stall on the sigmoid's plateau at small steps.
    ("logistic", "log_loss"): {"adam": 0.1, "sgd": 0.1},
    # tanh with adam: at MLPClassifier's 0.001 scikit-learn's class-weight
    # check fails (unscaled data, extreme weights); 0.003 passes it and beats
    # 0.001 on the small data sets, but loses 0.029 with label noise.
    ("tanh", "log_loss"): {"adam": 0.003, "sgd": 0.001},
    # MLPClassifier's 0.001: with the same initial weights (Glorot's bound is
    # MLPClassifier's for these units) the runs are MLPClassifier's.
    ("relu", "log_loss"): {"adam": 0.001, "sgd": 0.001},
    ("identity", "log_loss"): {"adam": 0.001, "sgd": 0.001},
    # Squared error on logistic/softmax outputs: a saturated wrong output has
    # a vanishing gradient, and a large step pushes outputs there; too small
    # a step stalls tanh units on circles (0.001) while a larger one overfits
    # label noise (0.003). With 'sgd' (momentum 0.9 lengthens its steps up to
    # tenfold) tanh and relu take ten times the 'adam' step, logistic units
    # keep 0.01 (at 0.1 they lose 0.096 on circles); identity's entries were
    # not measured and follow relu's.
    ("logistic", "squared_error"): {"adam": 0.01, "sgd": 0.01},
    ("tanh", "squared_error"): {"adam": 0.002, "sgd": 0.02},
    ("relu", "squared_error"): {"adam": 0.003, "sgd": 0.03},
    ("identity", "squared_error"): {"adam": 0.003, "sgd": 0.03},
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
