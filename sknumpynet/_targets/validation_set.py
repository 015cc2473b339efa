"""A validation set given to ``fit`` (``X_val``, ``y_val``,
``sample_weight_val``), checked as the training data is."""

from sklearn.utils.validation import _check_sample_weight, validate_data

__all__ = ["check_validation_set"]


def check_validation_set(est, X_val, y_val, sample_weight_val, dtype):
    """``(X_val, Y_val, sample_weight_val)`` for the estimator ``est`` whose
    training data has just been checked: ``X_val`` with the training
    features (number and names) in ``dtype``, ``Y_val`` the target matrix
    from ``est._validation_targets`` (the training labels or target
    scaling, not refitted), and the weights checked."""
    X_val = validate_data(est, X_val, accept_sparse=["csr", "csc"], dtype=dtype, reset=False)
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
