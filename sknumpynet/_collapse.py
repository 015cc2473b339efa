"""The warning of a classifier fit that collapsed to a single class."""

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ._solvers.warn import warn_fit_caller

__all__ = ["warn_if_collapsed"]

MESSAGE = (
    "The fitted %s predicts the single class %r for all %d training samples, "
    "although y has %d classes. The fit has collapsed: scale the features (for "
    "example with a StandardScaler in a pipeline), or try %sa smaller alpha "
    "(it was %g)."
)


def warn_if_collapsed(est, X):
    """Warn (``ConvergenceWarning``) if ``est``, just fitted on ``X``, predicts
    one class for every row of ``X`` while it was fitted on several classes.

    Multilabel targets are not checked (an all-zero label column can be
    right). The check is one forward pass over ``X``.
    """
    binarizer = est._label_binarizer
    if binarizer.y_type_ not in ("binary", "multiclass") or len(est.classes_) < 2:
        return
    pred = np.asarray(est.predict(X))  # (a Dask array is computed: one label per row)
    first = pred[0] if len(pred) else None
    if len(pred) and np.all(pred == first):
        step = (
            ""
            if est.solver == "lbfgs"
            else ("a smaller learning_rate_init (the step was %g), " % est.learning_rate_init_)
        )
        warn_fit_caller(
            MESSAGE
            % (
                type(est).__name__,
                first.item() if hasattr(first, "item") else first,
                len(pred),
                len(est.classes_),
                step,
                est.alpha,
            ),
            ConvergenceWarning,
        )
