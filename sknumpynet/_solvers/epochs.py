"""The epoch loop of the stochastic solvers ('sgd' and 'adam').

It mirrors scikit-learn's ``MLPClassifier._fit_stochastic``: per epoch an
optional shuffle, mini-batches of ``batch_size`` rows, one optimiser step per
batch, the epoch loss as the batch losses weighted by batch size (each taken
before its batch's update), then the ``tol`` / ``n_iter_no_change`` rule on
the training loss or, with early stopping, on the validation score.
"""

import math

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import gen_batches

from .._nn.network import Workspace
from .schedules import SCHEDULES, make_schedule
from .warn import warn_fit_caller

__all__ = ["run_epochs"]


def _diverged(epoch, learning_rate_init):
    return ValueError(
        "Training diverged in epoch %d: the objective or the weights became "
        "non-finite. Lower learning_rate_init (currently %r) or scale the input "
        "features (for instance with StandardScaler)." % (epoch, learning_rate_init)
    )


def _batch_size(est, n_samples):
    """``est.batch_size`` for ``n_samples`` rows, as MLPClassifier clips it
    (``'auto'`` is ``est._auto_batch_size``, 200 as in scikit-learn)."""
    if est.batch_size == "auto":
        return min(est._auto_batch_size, n_samples)
    if est.batch_size > n_samples:
        warn_fit_caller(
            "Got `batch_size` less than 1 or larger than sample size. It is going to be clipped"
        )
    return int(np.clip(est.batch_size, 1, n_samples))


class _BatchLoop:
    """One epoch of optimiser steps over the mini-batches of a block source,
    with the scratch memory that every epoch reuses."""

    def __init__(self, source, batch_size, theta, layout, shuffle):
        self.source = source
        self.batch_size = batch_size
        self.grad = np.empty_like(theta)
        self.workspace = Workspace(layout, batch_size, theta.dtype)
        # Shuffled batches are gathered into these buffers; boolean targets
        # are cast to the model's dtype on the way.
        gather = shuffle and not source.sparse
        self.X_batches = np.empty((batch_size, source.n_features), source.dtype) if gather else None
        self.Y_batches = np.empty((batch_size, source.n_outputs), theta.dtype)
        # 'cosine' / 'coslog4' (sknumpynet._solvers.schedules): a step per batch
        self.schedule = None

    def run(self, theta, optimizer, objective, rng, diverged, epoch=0):
        """Train ``theta`` in place for one epoch (``epoch`` of the schedule);
        return ``(summed batch loss times batch rows, rows trained on,
        summed step times batch rows)``; raise ``diverged`` if a batch loss
        is not finite."""
        schedule, steps = self.schedule, 0.0
        grad, workspace, batch_size = self.grad, self.workspace, self.batch_size
        X_batches, Y_batches = self.X_batches, self.Y_batches
        accumulated_loss = 0.0
        rows_used = 0
        for X, Y, sample_weight, sample_idx in self.source.epoch(rng):
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
                    raise diverged
                if schedule is not None:
                    optimizer.set_step_size(schedule.rate(epoch, rows_used))
                accumulated_loss += batch_loss * n
                rows_used += n
                optimizer.step(theta, grad)
                steps += optimizer.step_size * n
        return accumulated_loss, rows_used, steps


def _plateau_message(est, early_stopping):
    return "%s did not improve more than tol=%f for %d consecutive epochs." % (
        "Validation score" if early_stopping else "Training loss",
        est.tol,
        est.n_iter_no_change,
    )


def run_epochs(
    est,
    theta,
    optimizer,
    objective,
    progress,
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
    progress : EpochProgress
        Updated in place.
    train : BlockSource
        The training rows as blocks that are trained on one after the other,
        each in batches of ``batch_size`` rows (the last batch of a block may
        be shorter); batch targets are cast to ``theta.dtype``.
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
    n_samples = train.n_samples
    loop = _BatchLoop(train, _batch_size(est, n_samples), theta, layout, est.shuffle)
    loop.schedule = make_schedule(est, optimizer.learning_rate_init, n_samples)
    first_epoch = len(progress.loss_curve) if incremental else 0  # partial_fit's calls
    n_iter = 0
    for _ in range(est.max_iter):
        monitor.task_begin(theta)
        accumulated_loss, rows_used, steps = loop.run(
            theta,
            optimizer,
            objective,
            rng,
            _diverged(n_iter + 1, est.learning_rate_init_),
            first_epoch + n_iter,
        )
        n_iter += 1
        if not np.isfinite(theta).all():
            raise _diverged(n_iter, est.learning_rate_init_)
        if rows_used == 0:
            raise ValueError("Every training sample has weight 0: there is nothing to fit.")
        # mean over the batches trained on (zero-weight batches are skipped)
        loss = accumulated_loss / rows_used
        progress.t += n_samples
        progress.loss_curve.append(loss)
        progress.learning_rate_curve.append(steps / rows_used)
        if est.verbose:
            print("Iteration %d, loss = %.8f" % (n_iter, loss))
        score = val_loss = None
        if validation is not None:
            score, val_loss = validation(theta)
            if est.verbose:
                print("Validation score: %f" % score)
        progress.record(loss, score, val_loss, theta, est.tol, est._best_epoch_ties_by_loss)

        optimizer.epoch_end(progress.t)
        stop = monitor.task_end(theta)
        if progress.no_improvement_count > est.n_iter_no_change:
            if optimizer.on_plateau(_plateau_message(est, validation is not None), est.verbose):
                break
            progress.no_improvement_count = 0
        if incremental or stop:
            break
        # a schedule ends its run at max_iter by design (its step reaches 0)
        if n_iter == est.max_iter and est.learning_rate not in SCHEDULES:
            warn_fit_caller(
                "Stochastic Optimizer: Maximum iterations (%d) reached and the "
                "optimization hasn't converged yet." % est.max_iter,
                ConvergenceWarning,
            )
    return n_iter
