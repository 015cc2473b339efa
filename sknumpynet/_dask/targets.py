"""Targets and weights of a fit on Dask arrays, found with one pass over
``y`` on the cluster: the classifier's classes (and class weights), or the
regressor's target scaling.

Each function does for Dask arrays what the estimator's ``_targets`` and
``_weigh`` do in memory, with the same checks and errors: the summaries of
every block are computed where the blocks are, combined here, and the
targets the loss reads are described as Dask arrays, computed block by
block when training reads them.
"""

import dask
import numpy as np

from .._targets.class_weight import check_incremental, class_sample_weight, no_weight_left
from .._targets.labels import fit_labels
from .._targets.scaling import scaling
from . import blocks

__all__ = ["class_setup", "regression_setup"]


def _summaries(est, X, y, sample_weight, check_X, summary, *args):
    """``summary(y_block, sw_block, *args)`` of every block, computed in one
    pass on the cluster, which also checks ``X`` for NaN and infinity if
    ``check_X``."""
    y_blocks = y.to_delayed(optimize_graph=False).ravel()
    sw_blocks = (
        [None] * len(y_blocks)
        if sample_weight is None
        else sample_weight.to_delayed(optimize_graph=False).ravel()
    )
    tasks = [dask.delayed(summary)(t, s, *args) for t, s in zip(y_blocks, sw_blocks)]
    if check_X:
        name = type(est).__name__
        tasks += [
            dask.delayed(blocks.check_finite)(x, name)
            for x in X.to_delayed(optimize_graph=False).ravel()
        ]
    return dask.compute(*tasks)[: len(y_blocks)]


def _weights_in(sample_weight, dtype):
    return None if sample_weight is None else sample_weight.astype(dtype)


def _no_weight():
    return ValueError("sample_weight must contain at least one non-zero number.")


def class_setup(est, X, y, sample_weight, incremental, first_pass, check_X, classes=None):
    """Fit ``est``'s classes from ``y``'s labels; return ``(Y, sample_weight)``."""
    if y.ndim != 1:
        raise ValueError(
            "Multilabel and multi-output targets are not supported on Dask arrays: "
            "y must be 1-D, got shape %s." % (y.shape,)
        )
    dtype = X.dtype
    parts = _summaries(est, X, y, sample_weight, check_X, blocks.label_summary)
    labels = np.unique(np.concatenate([p[0] for p in parts]))
    binarizer = fit_labels(est, labels, incremental, classes)
    est._label_binarizer = binarizer
    est.classes_ = classes_ = binarizer.classes_
    counts = np.zeros(len(classes_))
    weight_sums = np.zeros(len(classes_))
    for block_labels, block_counts, block_weights in parts:
        index = np.searchsorted(classes_, block_labels)
        counts[index] += block_counts
        weight_sums[index] += block_weights
    if sample_weight is not None and not weight_sums.any():
        raise _no_weight()
    n_outputs = 1 if len(classes_) == 2 else len(classes_)
    Y = y.map_blocks(
        blocks.class_targets,
        binarizer=binarizer,
        out_dtype=dtype,
        dtype=dtype,
        new_axis=1,
        chunks=(y.chunks[0], (n_outputs,)),
        meta=np.empty((0, 0), dtype=dtype),
    )
    if est.class_weight is None:
        return Y, _weights_in(sample_weight, dtype)
    check_incremental(est.class_weight, incremental)
    if est.class_weight == "balanced":
        # compute_class_weight's n_samples / (n_classes * count), from the counts
        per_class = counts.sum() / (len(classes_) * counts)
    else:
        per_class = class_sample_weight(
            est.class_weight, classes_, np.arange(len(classes_)), classes_
        )
    if not (per_class * weight_sums).any():
        raise no_weight_left(sample_weight is not None)
    options = dict(classes=classes_, per_class=per_class, out_dtype=dtype, dtype=dtype)
    meta = np.empty((0,), dtype=dtype)
    if sample_weight is None:
        weights = y.map_blocks(blocks.class_weights, None, **options, meta=meta)
    else:
        weights = y.map_blocks(blocks.class_weights, sample_weight, **options, meta=meta)
    return Y, weights


def _combine(parts):
    """Weighted mean and standard deviation per output from the blocks'
    ``(weight_sum, mean, m2)``, merged pairwise (Chan et al.)."""
    total, mean, m2 = 0.0, 0.0, 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for weight, block_mean, block_m2 in parts:
            if weight == 0:
                continue
            new_total = total + weight
            delta = block_mean - mean
            mean = mean + delta * (weight / new_total)
            m2 = m2 + block_m2 + delta**2 * (total * weight / new_total)
            total = new_total
        return total, mean, np.sqrt(m2 / total) if total else m2


def regression_setup(est, X, y, sample_weight, incremental, first_pass, check_X):
    """Fit (or check) ``est``'s target scaling; return ``(Y, sample_weight)``."""
    dtype = X.dtype
    if y.dtype.kind not in "biuf":
        y = y.astype(np.float64)
    n_outputs = 1 if y.ndim == 1 else y.shape[1]
    parts = _summaries(
        est, X, y, sample_weight, check_X, blocks.target_moments, est.loss == "poisson"
    )
    total, mean, std = _combine(parts)
    if not total:
        raise _no_weight()
    if first_pass:
        est._y_offset, est._y_scale = scaling(
            mean, std, n_outputs, dtype, est.loss, est.normalize_y
        )
    elif n_outputs != est._y_offset.shape[0]:
        raise ValueError(
            "y has %d outputs but the fitted network has %d. Refit without "
            "warm_start." % (n_outputs, est._y_offset.shape[0])
        )
    Y = y.map_blocks(
        blocks.regression_targets,
        offset=est._y_offset,
        scale=est._y_scale,
        out_dtype=dtype,
        dtype=dtype,
        chunks=(y.chunks[0], (n_outputs,)),
        meta=np.empty((0, 0), dtype=dtype),
        **({"new_axis": 1} if y.ndim == 1 else {}),
    )
    return Y, _weights_in(sample_weight, dtype)
