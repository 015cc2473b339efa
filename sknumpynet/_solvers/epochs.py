"""The epoch loop of the stochastic solvers ('sgd' and 'adam').

It mirrors scikit-learn's ``MLPClassifier._fit_stochastic``: per epoch an
optional shuffle, mini-batches of ``batch_size`` rows, one optimiser step per
batch, the epoch loss as the batch losses weighted by batch size (each taken
before its batch's update), then the ``tol`` / ``n_iter_no_change`` rule on
the training loss or, with early stopping, on the validation score.
"""

import math
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import gen_batches

from .._nn.network import Workspace

__all__ = ["BlockSource", "InMemory", "TrainingState", "run_epochs"]


class TrainingState:
    """Everything the epoch loop reads and updates between calls.

    Kept apart from the estimator so that a failed call leaves the estimator
    untouched; ``warm_start`` and ``partial_fit`` continue from a copy of it.
    """

    def __init__(self, early_stopping):
        self.loss_curve = []
        self.t = 0
        self.no_improvement_count = 0
        self.best_loss = None if early_stopping else np.inf
        self.validation_scores = [] if early_stopping else None
        self.validation_loss_curve = [] if early_stopping else None
        self.best_validation_score = -np.inf if early_stopping else None
        self.best_theta = None


def _shuffled(a, rng):
    """``a`` in a random order: the permutation ``sklearn.utils.shuffle``
    draws from ``rng`` (so runs match MLPClassifier's), without its input
    checks, which cost more than the shuffle itself on small data."""
    order = np.arange(a.shape[0])
    rng.shuffle(order)
    return a[order]


class BlockSource:
    """Training rows as blocks, visited once per epoch.

    ``epoch(rng)`` yields ``(X, Y, sample_weight, order)`` per block, where
    ``order`` is the block's rows in the order to train on them (``None``:
    as they are); the attributes describe the whole data.
    """

    n_samples = n_features = n_outputs = dtype = None
    sparse = False

    def epoch(self, rng):
        raise NotImplementedError


class InMemory(BlockSource):
    """All rows as one block, reshuffled every epoch (``shuffle``): each
    epoch's order is a permutation of the previous one's, as
    ``MLPClassifier`` shuffles its already shuffled copy of the data."""

    def __init__(self, X, Y, sample_weight, shuffle):
        self.data = (X, Y, sample_weight)
        self.n_samples, self.n_features = X.shape
        self.n_outputs = Y.shape[1]
        self.dtype = X.dtype
        self.sparse = sp.issparse(X)
        self.order = np.arange(X.shape[0]) if shuffle else None

    def epoch(self, rng):
        if self.order is not None:
            self.order = _shuffled(self.order, rng)
        yield (*self.data, self.order)


def _diverged(epoch, learning_rate_init):
    return ValueError(
        "Training diverged in epoch %d: the objective or the weights became "
        "non-finite. Lower learning_rate_init (currently %r) or scale the input "
        "features (for instance with StandardScaler)." % (epoch, learning_rate_init)
    )


def run_epochs(
    est,
    theta,
    optimizer,
    objective,
    state,
    train,
    validation,
    rng,
    *,
    incremental,
    layout,
    monitor,
):
    """Train ``theta`` in place for up to ``est.max_iter`` epochs.

    Parameters
    ----------
    est : NumpyMLPClassifier
        Read for its hyper-parameters only.
    theta : ndarray
        Flat parameter vector, updated in place.
    optimizer : SGD or Adam
    objective : callable
        ``objective(theta, grad, X, Y, sample_weight, workspace) ->
        (value, grad)``.
    state : TrainingState
        Updated in place.
    train : tuple ``(X, Y, sample_weight)`` or BlockSource
        The data in memory (``Y`` a boolean indicator matrix; batches are
        cast to ``theta.dtype`` as they are drawn), or a source of blocks
        that are trained on one after the other, each in batches of
        ``batch_size`` rows (the last batch of a block may be shorter).
    validation : callable or None
        ``validation(theta) -> (score, loss)`` on the held-out split.
    rng : RandomState
        Source of the per-epoch shuffles.
    incremental : bool
        Run a single epoch (``partial_fit``).
    layout : Layout
        Shapes of the network, for the per-batch scratch memory.
    monitor : object
        Callback hooks around each epoch (see ``sknumpynet._callbacks``).

    Returns
    -------
    n_iter : int
        Epochs run in this call.
    """
    source = train if isinstance(train, BlockSource) else InMemory(*train, est.shuffle)
    n_samples = source.n_samples
    if est.batch_size == "auto":
        batch_size = min(200, n_samples)
    else:
        if est.batch_size > n_samples:
            warnings.warn(
                "Got `batch_size` less than 1 or larger than sample size. It is "
                "going to be clipped",
                stacklevel=7,  # fit's caller (the frames pass through serial_other_blas)
            )
        batch_size = int(np.clip(est.batch_size, 1, n_samples))

    grad = np.empty_like(theta)
    workspace = Workspace(layout, batch_size, theta.dtype)
    # Shuffled batches are gathered into these buffers; boolean targets are
    # cast to the model's dtype on the way.
    gather = est.shuffle and not source.sparse
    X_batches = np.empty((batch_size, source.n_features), source.dtype) if gather else None
    Y_batches = np.empty((batch_size, source.n_outputs), theta.dtype)
    n_iter = 0
    for _ in range(est.max_iter):
        monitor.task_begin(theta)
        accumulated_loss = 0.0
        rows_used = 0
        for X, Y, sample_weight, sample_idx in source.epoch(rng):
            for batch in gen_batches(X.shape[0], batch_size):
                n = batch.stop - batch.start
                idx = batch if sample_idx is None else sample_idx[batch]
                sw_batch = None if sample_weight is None else sample_weight[idx]
                if sw_batch is not None and not sw_batch.any():
                    continue  # every row weighs 0: nothing to learn, as if dropped
                if X_batches is None:
                    X_batch = X[idx]
                else:
                    # mode="clip" skips the bounds check (and the copy it
                    # needs); a permutation's indices are all in range
                    X_batch = X.take(idx, axis=0, out=X_batches[:n], mode="clip")
                Y_batch = Y_batches[:n]
                np.copyto(Y_batch, Y[idx] if isinstance(idx, slice) else Y.take(idx, axis=0))
                batch_loss, grad = objective(theta, grad, X_batch, Y_batch, sw_batch, workspace)
                if not math.isfinite(batch_loss):
                    raise _diverged(n_iter + 1, est.learning_rate_init_)
                accumulated_loss += batch_loss * n
                rows_used += n
                optimizer.step(theta, grad)
        n_iter += 1
        if not np.isfinite(theta).all():
            raise _diverged(n_iter, est.learning_rate_init_)

        if rows_used == 0:
            raise ValueError("Every training sample has weight 0: there is nothing to fit.")
        # mean over the batches trained on (zero-weight batches are skipped)
        loss = accumulated_loss / rows_used
        state.t += n_samples
        state.loss_curve.append(loss)
        if est.verbose:
            print("Iteration %d, loss = %.8f" % (n_iter, loss))

        if validation is not None:
            score, val_loss = validation(theta)
            state.validation_scores.append(score)
            state.validation_loss_curve.append(val_loss)
            if est.verbose:
                print("Validation score: %f" % score)
            if score < state.best_validation_score + est.tol:
                state.no_improvement_count += 1
            else:
                state.no_improvement_count = 0
            if score > state.best_validation_score:
                state.best_validation_score = score
                state.best_theta = theta.copy()
        else:
            if loss > state.best_loss - est.tol:
                state.no_improvement_count += 1
            else:
                state.no_improvement_count = 0
            if loss < state.best_loss:
                state.best_loss = loss

        optimizer.epoch_end(state.t)
        stop = monitor.task_end(theta)
        if state.no_improvement_count > est.n_iter_no_change:
            if validation is not None:
                msg = (
                    "Validation score did not improve more than tol=%f for %d "
                    "consecutive epochs." % (est.tol, est.n_iter_no_change)
                )
            else:
                msg = (
                    "Training loss did not improve more than tol=%f for %d "
                    "consecutive epochs." % (est.tol, est.n_iter_no_change)
                )
            if optimizer.on_plateau(msg, est.verbose):
                break
            state.no_improvement_count = 0
        if incremental or stop:
            break
        if n_iter == est.max_iter:
            warnings.warn(
                "Stochastic Optimizer: Maximum iterations (%d) reached and the "
                "optimization hasn't converged yet." % est.max_iter,
                ConvergenceWarning,
                stacklevel=7,  # fit's caller (the frames pass through serial_other_blas)
            )
    return n_iter
