"""Class weights turned into per-sample weights."""

from numbers import Real

import numpy as np
from sklearn.utils.class_weight import compute_class_weight

__all__ = [
    "check_incremental",
    "class_sample_weight",
    "class_weights",
    "no_weight_left",
    "per_class_weights",
    "weigh_classes",
]


def class_sample_weight(class_weight, classes, class_index, y):
    """Weight of every sample from its class.

    Parameters
    ----------
    class_weight : dict or "balanced"
        ``{label: weight}`` (labels left out weigh 1), or ``"balanced"``:
        ``n_samples / (n_classes * count(label))`` over ``y``.
    classes : ndarray of shape (n_classes,)
        All labels, sorted.
    class_index : ndarray of shape (n_samples,)
        Index into ``classes`` of each sample's label.
    y : ndarray of shape (n_samples,)
        The labels themselves (for ``"balanced"``).

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,)
    """
    if isinstance(class_weight, str):
        return compute_class_weight("balanced", classes=classes, y=y)[class_index]
    known = set(classes.tolist())
    unknown = [label for label in class_weight if label not in known]
    if unknown:
        raise ValueError(
            "class_weight has labels %r that are not among the classes %r."
            % (unknown, classes.tolist())
        )
    weights = np.ones(len(classes))
    for i, label in enumerate(classes.tolist()):
        if label in class_weight:
            weight = class_weight[label]
            if isinstance(weight, np.ndarray) and weight.ndim == 0:
                weight = weight[()]  # a NumPy scalar
            # float() would also accept strings such as "2" and booleans
            if isinstance(weight, (bool, np.bool_)) or not isinstance(weight, Real):
                raise ValueError(
                    "class_weight values must be real numbers, got %r (%s) for label %r."
                    % (weight, type(weight).__name__, label)
                )
            weight = float(weight)
            if not np.isfinite(weight) or weight < 0:
                raise ValueError(
                    "class_weight must be finite and non-negative, got %r for label %r."
                    % (class_weight[label], label)
                )
            weights[i] = weight
    return weights[class_index]


def check_incremental(class_weight, incremental):
    """``'balanced'`` needs every label, which ``partial_fit`` does not see."""
    if incremental and class_weight == "balanced":
        raise ValueError(
            "class_weight='balanced' needs the label distribution of the whole "
            "training set, which partial_fit does not see. Compute it once (for "
            "instance with sklearn.utils.class_weight.compute_class_weight) and "
            "pass class_weight as a dict."
        )


def no_weight_left(sample_weight_given):
    """The error for class weights that leave every sample with weight 0."""
    return ValueError(
        "class_weight%s gives every sample weight 0."
        % (" times sample_weight" if sample_weight_given else "")
    )


def weigh_classes(est, Y, sample_weight, incremental, dtype):
    """``sample_weight`` (or ones) times each sample's class weight, for a
    classifier ``est`` whose ``_targets`` gave the indicator matrix ``Y``;
    ``sample_weight`` itself without ``est.class_weight``."""
    if est.class_weight is None:
        return sample_weight
    if est._label_binarizer.y_type_ == "multilabel-indicator":
        raise ValueError(
            "class_weight is not supported for multilabel targets: a sample has "
            "several labels, so no single class weight applies. Pass "
            "sample_weight instead."
        )
    check_incremental(est.class_weight, incremental)
    class_index = Y.argmax(axis=1) if Y.shape[1] > 1 else Y[:, 0].astype(int)
    weights = class_sample_weight(
        est.class_weight, est.classes_, class_index, est.classes_[class_index]
    )
    weights = weights.astype(dtype)
    if sample_weight is not None:
        weights *= sample_weight
    if not weights.any():
        raise no_weight_left(sample_weight is not None)
    return weights


def per_class_weights(class_weight, classes, counts):
    """The weight of each class from the number of rows of each:
    ``'balanced'`` is ``compute_class_weight``'s ``n_samples / (n_classes *
    count)``."""
    if class_weight == "balanced":
        return counts.sum() / (len(classes) * counts)
    return class_sample_weight(class_weight, classes, np.arange(len(classes)), classes)


def class_weights(y, sample_weight, classes, per_class, out_dtype):
    """Each row's class weight (``per_class[index of its label]``) times its
    sample weight, in ``out_dtype``, for a block of ``y``."""
    weights = np.asarray(per_class, dtype=out_dtype)[np.searchsorted(classes, y)]
    if sample_weight is not None:
        weights *= sample_weight
    return weights
