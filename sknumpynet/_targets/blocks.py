"""The targets of data that arrives in row blocks, as an estimator fits them."""

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from .class_weight import check_incremental, class_weights, no_weight_left, per_class_weights
from .labels import class_counts, class_targets, label_summary
from .sample_weight import no_weight

__all__ = ["BlockTargets", "class_block_targets", "label_summary_of"]


class BlockTargets(NamedTuple):
    """How every row block of ``y`` (and of ``sample_weight``) becomes what
    the loss reads, once an estimator has fitted its targets' encoding from
    the summaries of all blocks.

    The functions are pure and picklable, so that they run where the blocks
    are: ``targets(y, out_dtype=...)`` gives the block's target matrix with
    ``n_outputs`` columns; ``weights(y, sample_weight, out_dtype=...)`` the
    block's weights of the objective, or is ``None`` when those are the
    sample weights as given.
    """

    n_outputs: int
    targets: Callable
    weights: Callable | None = None


def class_block_targets(binarizer, class_weight, summaries, incremental, weighted):
    """The :class:`BlockTargets` of a classifier whose labels ``binarizer``
    has fitted, from the ``label_summary`` of every block (the counts of
    ``class_weight='balanced'`` among them); ``weighted``: whether sample
    weights were given."""
    classes = binarizer.classes_
    counts, weight_sums = class_counts(summaries, classes)
    if weighted and not weight_sums.any():
        raise no_weight()
    n_outputs = 1 if len(classes) == 2 else len(classes)
    targets = partial(class_targets, binarizer=binarizer)
    if class_weight is None:
        return BlockTargets(n_outputs, targets)
    check_incremental(class_weight, incremental)
    per_class = per_class_weights(class_weight, classes, counts)
    if not (per_class * weight_sums).any():
        raise no_weight_left(weighted)
    return BlockTargets(
        n_outputs, targets, partial(class_weights, classes=classes, per_class=per_class)
    )


def label_summary_of(y_shape):
    """:func:`~sknumpynet._targets.labels.label_summary`, for labels ``y``
    of shape ``y_shape`` in blocks: one label per row only."""
    if len(y_shape) != 1:
        raise ValueError(
            "Multilabel and multi-output targets are not supported on Dask arrays: "
            "y must be 1-D, got shape %s." % (y_shape,)
        )
    return label_summary
