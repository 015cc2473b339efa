"""Label smoothing of a classifier's training targets."""

__all__ = ["label_smoothing", "smooth_targets"]


def smooth_targets(Y, epsilon, n_classes):
    """``(1 - epsilon) * Y + epsilon / n_classes``: each indicator target
    moved towards the uniform distribution over ``n_classes`` classes (2
    for one logistic output, whose target is the probability of the
    positive class). Rows summing to one still do. A new array.

    >>> import numpy as np
    >>> smooth_targets(np.array([[0.0, 1.0, 0.0]]), 0.3, 3)
    array([[0.1, 0.8, 0.1]])
    """
    smoothed = Y * (1.0 - epsilon)
    smoothed += epsilon / n_classes
    return smoothed


def label_smoothing(est):
    """``(epsilon, K)`` of the classifier ``est``'s ``label_smoothing``, its
    labels fitted, or ``None`` without smoothing. ``K`` is the number of
    classes of multiclass targets and 2 for binary and multilabel targets,
    where each logistic output is a binary problem of its own (its target
    moves towards 1/2)."""
    epsilon = est.label_smoothing
    if not epsilon:
        return None
    binarizer = est._label_binarizer
    if binarizer.y_type_ == "multiclass":
        return float(epsilon), len(binarizer.classes_)
    return float(epsilon), 2
