"""A validation set given to ``fit`` (``X_val``, ``y_val``,
``sample_weight_val``), checked as the training data is."""

import numpy as np
from sklearn.utils import column_or_1d
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import _check_sample_weight, _check_y, validate_data

from .labels import indicator

__all__ = ["check_validation_set", "validation_indicator"]


def check_validation_set(est, X_val, y_val, sample_weight_val, dtype):
    """``(X_val, Y_val, sample_weight_val)`` for the estimator ``est`` whose
    training data has just been checked: ``X_val`` with the training
    features (number and names) in ``dtype``, ``Y_val`` the target matrix
    from ``est._validation_targets`` (the training labels or target
    scaling, not refitted), and the weights checked."""
    X_val = validate_data(est, X_val, accept_sparse=["csr", "csc"], dtype=dtype, reset=False)
    X_val = est._input_features(X_val)
    Y_val = est._validation_targets(y_val, dtype)
    if Y_val.shape[0] != X_val.shape[0]:
        raise ValueError("X_val has %d rows but y_val has %d." % (X_val.shape[0], Y_val.shape[0]))
    if sample_weight_val is not None:
        try:
            sample_weight_val = _check_sample_weight(
                sample_weight_val, X_val, dtype=dtype, ensure_non_negative=True
            )
        except ValueError as exc:
            raise ValueError("sample_weight_val is invalid: %s" % exc) from exc
        if not sample_weight_val.any():
            raise ValueError("sample_weight_val must contain at least one non-zero number.")
    return X_val, Y_val, sample_weight_val


def validation_indicator(est, y_val):
    """Indicator targets of a validation set given to ``fit``, for the
    classes ``est`` has just been fitted on (its labels are not refitted):
    a label that is not one of them is a clear error."""
    y_val = _check_y(y_val, multi_output=True, estimator=est)
    if y_val.ndim == 2 and y_val.shape[1] == 1:
        y_val = column_or_1d(y_val, warn=True)
    binarizer = est._label_binarizer
    multilabel = binarizer.y_type_ == "multilabel-indicator"
    if multilabel != (y_val.ndim == 2):
        raise ValueError(
            "y_val must be %s, as y is." % ("a label indicator matrix" if multilabel else "1-D")
        )
    if multilabel:
        if y_val.shape[1] != len(est.classes_):
            raise ValueError(
                "y_val has %d labels but y has %d." % (y_val.shape[1], len(est.classes_))
            )
        return indicator(binarizer, y_val)
    unknown = np.setdiff1d(unique_labels(y_val), est.classes_)
    if len(unknown):
        raise ValueError(
            "y_val has labels %s that are not classes of y (%s)." % (unknown, est.classes_)
        )
    return indicator(binarizer, y_val)
