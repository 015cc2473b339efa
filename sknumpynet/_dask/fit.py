"""Training on a Dask array: the rows stay in their blocks on the cluster.

:class:`ClusterData` answers what ``BaseNumpyMLP._fit`` asks of its data (see
:mod:`sknumpynet._training_data`):

- the training data: ``X``, ``y`` and ``sample_weight`` are checked, and the
  estimator's targets fitted from one pass over the blocks on the cluster
  (each block summarised by the estimator's ``_target_summary``, the
  summaries combined by its ``_block_targets``); the targets and weights
  are then described as Dask arrays aligned with ``X``'s row blocks,
  without computing them.
- the column scales: :func:`feature_rms`, added up on the cluster.
- the full-batch objective of ``'lbfgs'``, :class:`ClusterObjective`: every
  evaluation sends the parameters to the blocks, each block computes its
  sums of the loss and of its gradient where it lives
  (:func:`sknumpynet._dask.blocks.objective_part`), one task adds them up,
  and only the total comes back to be divided and regularised, as in memory.
- the mini-batches of ``'sgd'`` and ``'adam'``, :class:`StreamedBlocks`: one
  block at a time goes through the usual mini-batch loop in the client,
  while the next one is on its way.

Imported only when a Dask array arrives (see :mod:`sknumpynet._dask.dispatch`).
"""

import contextvars
from concurrent.futures import ThreadPoolExecutor

import dask
import dask.array as da
import numpy as np
from sklearn.exceptions import DataConversionWarning
from sklearn.utils.validation import validate_data

from .._nn.initializers import peak_divisors
from .._nn.network import regularized
from .._solvers.batch_sources import BlockSource, shuffled
from .._solvers.warn import warn_fit_caller
from . import blocks
from .dispatch import check_matrix

__all__ = ["ClusterData", "ClusterObjective", "StreamedBlocks", "feature_rms"]


def _known_blocks(a, name):
    """Raise a ValueError if the row blocks of ``a`` have unknown lengths."""
    if any(np.isnan(c) for c in a.chunks[0]):
        raise ValueError(
            "%s has blocks of unknown length; call %s.compute_chunk_sizes() first." % (name, name)
        )


def _check_X(est, X, y, first_pass):
    """``X`` as a 2-D float Dask array with one block of columns, in the
    model's dtype; its feature count checked (or recorded) as ``fit`` does,
    and ``y`` required."""
    check_matrix(X)
    _known_blocks(X, "X")
    if X.dtype.kind not in "biuf":
        raise ValueError("X must hold real numbers, got a Dask array of dtype %s." % X.dtype)
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(
            "Found array with shape %s while a minimum of 1 sample and 1 feature is "
            "required by %s." % (X.shape, type(est).__name__)
        )
    # scikit-learn's checks of the feature count and names, and its error for y=None
    validate_data(est, X, y, reset=first_pass, skip_check_array=True)
    if first_pass:
        dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.dtype(np.float64)
    else:
        dtype = est.coefs_[0].dtype
    return X.rechunk({1: -1}).astype(dtype)


def _aligned(a, X, name):
    """``a`` (in memory or Dask) as a Dask array cut into ``X``'s row blocks."""
    if a is None:
        return None
    if not hasattr(a, "chunks"):
        a = np.asarray(a)
    else:
        _known_blocks(a, name)
    if a.shape[0] != X.shape[0]:
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: [%d, %d] "
            "(X and %s)." % (X.shape[0], a.shape[0], name)
        )
    chunks = (X.chunks[0],) + tuple((s,) for s in a.shape[1:])
    if hasattr(a, "chunks"):
        return a.rechunk(chunks)
    return da.from_array(a, chunks=chunks)


def _summaries(X, y, sample_weight, summary, estimator_name, check_X):
    """``summary(y_block, sw_block)`` of every block, computed in one pass
    on the cluster, which also checks ``X`` for NaN and infinity if
    ``check_X``."""
    y_blocks = _row_blocks(y)
    sw_blocks = _row_blocks(sample_weight) or [None] * len(y_blocks)
    tasks = [dask.delayed(summary)(t, s) for t, s in zip(y_blocks, sw_blocks)]
    if check_X:
        tasks += [dask.delayed(blocks.check_finite)(x, estimator_name) for x in _row_blocks(X)]
    return dask.compute(*tasks)[: len(y_blocks)]


def _row_blocks(a):
    """The row blocks of ``a`` as a list of Delayed (``None`` for ``None``)."""
    if a is None:
        return None
    return list(a.to_delayed(optimize_graph=False).ravel())


class ClusterData:
    """``X``, the target matrix ``Y`` and the objective's ``sample_weight``
    as Dask arrays with the same row blocks, ``X`` in the model's dtype;
    the estimator's targets fitted on the way (see the module docstring).

    With ``solver='lbfgs'`` the three are persisted on the cluster, since
    every iteration reads them, and the pass over ``y`` also checks ``X``
    for NaN and infinity there. The stochastic solvers read ``X`` once per
    epoch and check each block as it arrives.
    """

    def __init__(self, est, X, y, sample_weight, incremental, first_pass, **kwargs):
        if est.early_stopping:
            raise ValueError(
                "early_stopping=True is not supported on Dask arrays: hold out a "
                "validation set yourself, or fit on data in memory."
            )
        X = _check_X(est, X, y, first_pass)
        y = _aligned(y, X, "y")
        if y.ndim == 2 and y.shape[1] == 1:
            warn_fit_caller(
                "A column-vector y was passed when a 1d array was expected. Please "
                "change the shape of y to (n_samples, ), for example using ravel().",
                DataConversionWarning,
            )
            y = y[:, 0]
        sample_weight = _aligned(sample_weight, X, "sample_weight")
        if sample_weight is not None and sample_weight.ndim != 1:
            raise ValueError("sample_weight must be 1D, got shape %s." % (sample_weight.shape,))
        lbfgs = est.solver == "lbfgs"
        if lbfgs:
            X, y, sample_weight = dask.persist(X, y, sample_weight)
        dtype = X.dtype
        summaries = _summaries(
            X, y, sample_weight, est._target_summary(y.shape), type(est).__name__, check_X=lbfgs
        )
        encoding = est._block_targets(
            summaries, y.shape, incremental, first_pass, dtype, sample_weight is not None, **kwargs
        )
        Y = y.map_blocks(
            encoding.targets,
            out_dtype=dtype,
            dtype=dtype,
            chunks=(y.chunks[0], (encoding.n_outputs,)),
            meta=np.empty((0, 0), dtype=dtype),
            **({"new_axis": 1} if y.ndim == 1 else {}),
        )
        if encoding.weights is not None:
            sample_weight = y.map_blocks(
                encoding.weights,
                sample_weight,
                out_dtype=dtype,
                dtype=dtype,
                meta=np.empty((0,), dtype=dtype),
            )
        elif sample_weight is not None:
            sample_weight = sample_weight.astype(dtype)
        if lbfgs:
            Y, sample_weight = dask.persist(Y, sample_weight)
        self.X, self.Y, self.sample_weight = X, Y, sample_weight
        self.n_samples, self.n_features = X.shape
        self.n_outputs = encoding.n_outputs
        self.dtype = dtype

    def column_scales(self):
        """:func:`feature_rms` of ``X``."""
        return feature_rms(self.X, self.sample_weight)

    def full_batch(self, est, objective, layout, out_activation):
        """:class:`ClusterObjective` over every block (``objective``, the
        in-memory one, is not used)."""
        return ClusterObjective(est, self.X, self.Y, self.sample_weight, layout, out_activation)

    def mini_batches(self, est, rng, layout, out_activation):
        """``(StreamedBlocks, None)``: no early stopping on a cluster."""
        return StreamedBlocks(est, self.X, self.Y, self.sample_weight), None


def feature_rms(X, sample_weight):
    """:func:`sknumpynet._nn.initializers.feature_rms` of a Dask array: the
    blocks' column peaks, then their (weighted) sums of squares of the
    columns divided by those peaks, are added on the cluster."""
    X = X.astype(np.float64)
    peak = dask.compute(abs(X).max(axis=0))[0]
    if not np.isfinite(peak).all():
        return peak  # NaN or infinity: training's block check raises the error
    peak = peak_divisors(peak)
    squares = (X / peak) ** 2
    if sample_weight is None:
        sums, total = squares.sum(axis=0), X.shape[0]
    else:
        w = sample_weight.astype(np.float64)
        sums, total = (squares * w[:, np.newaxis]).sum(axis=0), w.sum()
    sums, total = dask.compute(sums, total)
    return peak * np.sqrt(sums / total)


class ClusterObjective:
    """``objective(theta, grad) -> (value, grad)`` over the row blocks of
    Dask arrays, for :func:`sknumpynet._solvers.lbfgs.fit_lbfgs`: the in-memory
    objective of the same rows, to rounding (the sums are added in another
    order)."""

    def __init__(self, est, X, Y, sample_weight, layout, out_activation):
        self.layout = layout
        self.alpha = est.alpha
        self.spec = (layout, est.activation, out_activation, est.loss)
        X_blocks, Y_blocks = _row_blocks(X), _row_blocks(Y)
        sw_blocks = _row_blocks(sample_weight) or [None] * len(X_blocks)
        self.blocks = [(x, t, s) for x, t, s in zip(X_blocks, Y_blocks, sw_blocks)]

    def __call__(self, theta, grad):
        parameters = dask.delayed(theta)  # one copy in the graph, for every block
        part = dask.delayed(blocks.objective_part, pure=True)
        parts = [part(parameters, x, t, s, self.spec) for x, t, s in self.blocks]
        total = dask.delayed(blocks.add_parts, pure=True)(parts)
        ((data_term, weight_sum, block_grad),) = dask.compute(total, optimize_graph=False)
        np.divide(block_grad, weight_sum, out=grad, casting="unsafe")
        return regularized(theta, self.layout, self.alpha, data_term, weight_sum, grad)


class StreamedBlocks(BlockSource):
    """The row blocks of Dask arrays, computed and brought to the client one
    at a time, in a new random order every epoch (``est.shuffle``), each
    block's rows shuffled on their own.

    This differs from a shuffle of all rows: a mini-batch draws its rows
    from one block only, and batches do not straddle blocks (a block's last
    batch may be shorter). With blocks that each hold a random sample of the
    data this makes little difference; blocks sorted by class or time make
    batches less representative.
    """

    def __init__(self, est, X, Y, sample_weight):
        self.arrays = (X, Y, sample_weight)
        self.shuffle = est.shuffle
        self.estimator_name = type(est).__name__
        self.n_samples, self.n_features = X.shape
        self.n_outputs = Y.shape[1]
        self.dtype = X.dtype
        self.n_blocks = X.numblocks[0]

    def _fetch(self, i):
        X, Y, sample_weight = self.arrays
        sw = None if sample_weight is None else sample_weight.blocks[i]
        return dask.compute(X.blocks[i], Y.blocks[i], sw)

    def epoch(self, rng):
        """The blocks of one epoch; the next block is fetched (in a thread)
        while the client trains on the current one, so the client holds at
        most three blocks (the one trained on, the one arriving, and the
        previous one until the training loop lets it go)."""
        order = rng.permutation(self.n_blocks) if self.shuffle else range(self.n_blocks)
        with ThreadPoolExecutor(1) as pool:

            def fetch(i):
                # the thread computes with this thread's Dask client (a
                # context variable)
                return pool.submit(contextvars.copy_context().run, self._fetch, i)

            pending = fetch(order[0])
            for k in range(len(order)):
                X_block, Y_block, sw_block = pending.result()
                pending = fetch(order[k + 1]) if k + 1 < len(order) else None
                if X_block.shape[0] == 0:
                    continue
                blocks.check_finite(X_block, self.estimator_name)
                rows = shuffled(np.arange(X_block.shape[0]), rng) if self.shuffle else None
                yield X_block, Y_block, sw_block, rows
                del X_block, Y_block, sw_block
