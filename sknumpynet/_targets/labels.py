"""Class labels: checked against what the classifier already knows, and
turned into the indicator targets the loss reads."""

import numpy as np
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import column_or_1d
from sklearn.utils.multiclass import (
    _check_partial_fit_first_call,
    check_classification_targets,
    type_of_target,
    unique_labels,
)

from .sample_weight import block_weights

__all__ = [
    "class_counts",
    "class_targets",
    "fit_labels",
    "indicator",
    "label_summary",
    "labels_seen",
    "stratification",
]


def fit_labels(est, y, incremental, classes):
    """The label binarizer for this call of ``fit`` or ``partial_fit``.

    A new one for a first fit (``classes`` for the first ``partial_fit``);
    otherwise ``est``'s own, after checking that ``y`` has no new class
    (``partial_fit``) or exactly the previous classes (``warm_start``).
    Reads ``est.classes_``, ``est._label_binarizer`` and ``est.warm_start``;
    sets ``est.classes_`` when ``partial_fit`` starts (as scikit-learn's
    ``_check_partial_fit_first_call`` does).
    """
    if y.ndim == 2 and y.shape[1] == 1:
        y = column_or_1d(y, warn=True)
    check_classification_targets(y)
    if incremental and _check_partial_fit_first_call(est, classes):
        binarizer = LabelBinarizer()
        binarizer.fit(y if type_of_target(y).startswith("multilabel") else classes)
        unknown = np.setdiff1d(y, binarizer.classes_) if y.ndim == 1 else []
        if len(unknown):
            raise ValueError(
                "`y` has labels %s that are not in `classes=%s`." % (unknown, binarizer.classes_)
            )
    elif not hasattr(est, "classes_") or not (est.warm_start or incremental):
        binarizer = LabelBinarizer().fit(y)
    else:
        binarizer = est._label_binarizer
        seen = unique_labels(y)
        if est.warm_start and not incremental:
            if set(seen) != set(est.classes_):
                raise ValueError(
                    "warm_start can only be used where `y` has the same classes "
                    "as in the previous call to fit. Previously got %s, `y` has "
                    "%s" % (est.classes_, seen)
                )
        elif len(np.setdiff1d(seen, est.classes_, assume_unique=True)):
            raise ValueError(
                "`y` has classes not in `self.classes_`. `self.classes_` has "
                "%s. 'y' has %s." % (est.classes_, seen)
            )
    if binarizer.y_type_ != "multilabel-indicator" and len(binarizer.classes_) < 2:
        raise ValueError(
            "The number of classes has to be greater than one; got %d class: "
            "%r. %s needs samples of at least 2 classes."
            % (len(binarizer.classes_), binarizer.classes_[0], type(est).__name__)
        )
    return binarizer


def indicator(binarizer, y):
    """Boolean indicator targets, one column per output.

    Built directly (one byte per entry) rather than through
    ``LabelBinarizer.transform``, whose int64 matrix would be the largest
    allocation of a fit. Every label of ``y`` must be a class.
    """
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if binarizer.y_type_ == "multilabel-indicator" or y.ndim != 1:
        # (LabelBinarizer also rejects multioutput targets with a clear error)
        return binarizer.transform(y).astype(bool)
    classes = binarizer.classes_
    index = np.searchsorted(classes, y)
    if len(classes) == 2:
        return (index == 1)[:, None]
    Y = np.zeros((len(index), len(classes)), dtype=bool)
    Y[np.arange(len(index)), index] = True
    return Y


def class_targets(y, binarizer, out_dtype):
    """:func:`indicator` targets of a block of ``y`` in ``out_dtype``."""
    return indicator(binarizer, y).astype(out_dtype)


def label_summary(y, sample_weight):
    """``(labels, counts, weight_sums)`` of a block of ``y``: its sorted
    labels, how many rows have each, and their summed sample weight."""
    check_classification_targets(y)
    labels, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    weight_sums = np.bincount(
        inverse.ravel(), weights=block_weights(sample_weight, len(y)), minlength=len(labels)
    )
    return labels, counts, weight_sums


def labels_seen(summaries):
    """Every label of the :func:`label_summary` of every block, sorted."""
    return np.unique(np.concatenate([labels for labels, _, _ in summaries]))


def class_counts(summaries, classes):
    """``(counts, weight_sums)`` per class, added up over the
    :func:`label_summary` of every block."""
    counts = np.zeros(len(classes))
    weight_sums = np.zeros(len(classes))
    for block_labels, block_counts, block_weight_sums in summaries:
        index = np.searchsorted(classes, block_labels)
        counts[index] += block_counts
        weight_sums[index] += block_weight_sums
    return counts, weight_sums


def stratification(binarizer, Y, validation_fraction):
    """The labels to stratify the early-stopping split by, or ``None``: by
    class, except multilabel targets and multiclass splits where some class
    could not be on both sides (as MLPClassifier, which never stratifies
    these). ``Y`` is the indicator matrix of :func:`indicator`."""
    if binarizer.y_type_ == "multilabel-indicator":
        return None
    if Y.shape[1] == 1:
        return Y  # binary: the boolean indicator column, as MLPClassifier
    n_val = int(np.ceil(validation_fraction * Y.shape[0]))
    if Y.sum(axis=0).min() < 2 or min(n_val, Y.shape[0] - n_val) < Y.shape[1]:
        return None
    return Y.argmax(axis=1)
