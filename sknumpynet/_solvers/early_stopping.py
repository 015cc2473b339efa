"""The held-out split of early stopping, and the closure that scores it."""

import numpy as np
from sklearn.model_selection import train_test_split

from .._nn.activations import OUTPUT_ACTIVATIONS
from .._nn.losses import LOSSES
from .._nn.network import output_logits
from .._nn.parameters import unpack

__all__ = ["holdout"]


def holdout(est, X, Y, sample_weight, rng, layout, out_activation, validation_set=None):
    """Training data and, with early stopping, a validation closure.

    Parameters
    ----------
    est : BaseNumpyMLP
        Read for its parameters, its ``_stratify(Y)`` (labels to stratify
        the split by, or None) and its ``_validation_score(Y_val, output,
        sample_weight)``.
    X, Y, sample_weight : arrays
        The training data, targets as the loss reads them, and weights.
    rng : RandomState
        Draws the split.
    layout : Layout
    out_activation : str
    validation_set : tuple ``(X_val, Y_val, sample_weight_val)`` or None
        A validation set given to ``fit``, checked: with early stopping it
        is scored instead of a split of the training data, which is then
        all used for training (nothing is drawn from ``rng``).

    Returns
    -------
    train : tuple ``(X, Y, sample_weight)``
        What is left for training (everything without early stopping).
    validation : callable or None
        ``validation(theta) -> (score, loss)`` on the held-out rows: the
        estimator's score and the mean per-sample loss without the L2 term.
    """
    if not est.early_stopping:
        return (X, Y, sample_weight), None
    if validation_set is not None:
        X_val, Y_val, sw_val = validation_set
        scorer = _scorer(est, X_val, Y_val.astype(X.dtype), sw_val, layout, out_activation)
        return (X, Y, sample_weight), scorer
    stratify = est._stratify(Y)
    if est.validation_fraction == 0:
        raise ValueError("early_stopping=True needs validation_fraction > 0, got 0.")
    arrays = [X, Y] if sample_weight is None else [X, Y, sample_weight]
    try:
        parts = train_test_split(
            *arrays, random_state=rng, test_size=est.validation_fraction, stratify=stratify
        )
    except ValueError as exc:
        raise ValueError(
            "Cannot hold out validation_fraction=%r of %d samples for early "
            "stopping: %s" % (est.validation_fraction, X.shape[0], exc)
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
    return (X_train, Y_train, sw_train), _scorer(est, X_val, Y_val, sw_val, layout, out_activation)


def _scorer(est, X_val, Y_val, sw_val, layout, out_activation):
    """``validation(theta) -> (score, loss)`` on ``(X_val, Y_val)``."""
    loss = LOSSES[est.loss]
    unit = OUTPUT_ACTIVATIONS[out_activation]

    def validation(theta):
        coefs, intercepts = unpack(theta, layout)
        raw = output_logits(X_val, coefs, intercepts, est.activation)
        per_sample = loss(Y_val, raw, out_activation)
        score = est._validation_score(Y_val, unit(raw), sw_val)
        return float(score), float(np.average(per_sample, weights=sw_val))

    return validation
