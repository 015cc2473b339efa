"""Checks and ``'auto'`` resolution of the training options that depend on
each other or on the network's depth: per-layer activations, dropout,
``weight_decay``, the step-size schedules, and a validation set given to
``fit``. Each check raises a ValueError naming the parameter.
"""

from .._nn.activations import ACTIVATIONS
from .._nn.dropout import dropout_rates
from .defaults import resolve_learning_rate, resolve_weight_init
from .schedules import SCHEDULES

__all__ = [
    "check_training_options",
    "hidden_activations",
    "resolve_layer_step",
    "resolve_layer_weight_init",
]


def hidden_activations(activation, n_hidden):
    """``activation`` as the list of the hidden layers' units; a sequence
    must name one known unit per hidden layer.

    >>> hidden_activations("relu", 2)
    ['relu', 'relu']
    >>> hidden_activations(("selu", "gelu"), 2)
    ['selu', 'gelu']
    """
    if isinstance(activation, str):
        return [activation] * n_hidden
    names = list(activation)
    if len(names) != n_hidden:
        raise ValueError(
            "activation has %d names but the network has %d hidden layers: give "
            "one name, or one per hidden layer." % (len(names), n_hidden)
        )
    for name in names:
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise ValueError(
                "activation must name units among %s, got %r." % (sorted(ACTIVATIONS), activation)
            )
    return names


def check_training_options(est, n_hidden, on_dask, validation_set):
    """Check how ``est``'s options combine; return the dropout rates, one per
    hidden layer."""
    hidden_activations(est.activation, n_hidden)
    rates = dropout_rates(est.dropout, n_hidden)
    if est.solver == "lbfgs":
        # L-BFGS's line search needs one deterministic objective
        for name, used in [
            ("dropout", any(rates)),
            ("weight_decay", est.weight_decay > 0),
            ("learning_rate", est.learning_rate in SCHEDULES),
            ("X_val", validation_set is not None),
        ]:
            if used:
                raise ValueError(
                    "%s=%r needs solver='sgd' or 'adam'; solver='lbfgs' takes no "
                    "steps and draws no batches. Use alpha for L2 regularisation "
                    "with 'lbfgs'." % (name, getattr(est, name, "given"))
                )
    if est.warmup_iter and est.learning_rate != "cosine":
        raise ValueError(
            "warmup_iter=%r is a warm-up of learning_rate='cosine'; got "
            "learning_rate=%r." % (est.warmup_iter, est.learning_rate)
        )
    if est.warmup_iter >= est.max_iter:
        raise ValueError(
            "warmup_iter=%r must be less than max_iter=%r." % (est.warmup_iter, est.max_iter)
        )
    if validation_set is not None:
        if on_dask:
            raise ValueError(
                "X_val is not supported when X is a Dask array; use early_stopping "
                "without X_val, or give X as a NumPy array."
            )
        X_val, y_val, _sample_weight_val = validation_set
        if X_val is None or y_val is None:
            raise ValueError(
                "X_val and y_val must be given together, got %s only."
                % ("X_val" if y_val is None else "y_val" if X_val is None else "neither")
            )
        if not est.early_stopping:
            raise ValueError(
                "X_val and y_val are given, but early_stopping=False: the validation "
                "set is only used for early stopping. Set early_stopping=True."
            )
    return rates


def resolve_layer_step(learning_rate_init, activation, solver, loss):
    """``learning_rate_init='auto'`` for one activation or one per layer: the
    smallest of the layers' table entries (the step that suits the most
    sensitive layer)."""
    names = [activation] if isinstance(activation, str) else list(activation)
    return min(resolve_learning_rate(learning_rate_init, name, solver, loss) for name in names)


def resolve_layer_weight_init(weight_init, activation, solver):
    """``weight_init='auto'`` for one activation or one per layer: the
    first hidden layer's, since only the first layer reads the inputs'
    scale."""
    first = activation if isinstance(activation, str) else (list(activation) or ["relu"])[0]
    return resolve_weight_init(weight_init, first, solver)
