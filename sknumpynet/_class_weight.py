"""Class weights turned into per-sample weights."""

from numbers import Real

import numpy as np
from sklearn.utils.class_weight import compute_class_weight

__all__ = ["class_sample_weight"]


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
