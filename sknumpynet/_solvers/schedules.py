"""Step-size schedules over a run of ``max_iter`` epochs: ``'cosine'`` and
``'coslog4'``.

Both give each batch's step as ``learning_rate_init * f(t)``, where ``t``
in ``[0, 1)`` is the fraction of the run done before the batch: ``(epochs
done + rows of this epoch done / rows per epoch) / max_iter``. The step
changes batch by batch, not only between epochs.

- ``'cosine'``: ``f(t) = (1 + cos(pi * t)) / 2``, from 1 down to 0 at
  ``t = 1`` (Loshchilov and Hutter's SGDR without restarts). With
  ``warmup_iter = w`` epochs, ``f`` first rises linearly from 0 to 1 over
  ``t < w / max_iter``, then decays over the rest of the run.
- ``'coslog4'``: RealMLP's multi-cycle schedule (Holzmüller et al., 2024),
  ``f(t) = (1 - cos(2 pi log2(1 + 15 t))) / 2``: four cycles that each
  rise from 0 to 1 and fall back to 0, each twice as long as the one
  before (they end at ``t`` = 1/15, 3/15, 7/15 and 1).

A run stopped early (``early_stopping``, or the ``tol`` rule on the
training loss) stops wherever the schedule is: the step is not compressed
to reach 0 by then. ``partial_fit`` counts its calls as epochs and starts
the schedule again after ``max_iter`` of them.
"""

import math

__all__ = ["SCHEDULES", "StepSchedule", "cosine", "coslog", "make_schedule"]


def cosine(t, warmup=0.0):
    """The factor of ``'cosine'`` at progress ``t``, after a linear warm-up
    over the fraction ``warmup`` of the run.

    >>> cosine(0.0), cosine(0.5), cosine(0.25, warmup=0.5)
    (1.0, 0.5, 0.5)
    """
    if t < warmup:
        return t / warmup
    return 0.5 * (1.0 + math.cos(math.pi * (t - warmup) / (1.0 - warmup)))


def coslog(t, n_cycles=4):
    """The factor of ``'coslog4'`` (``n_cycles=4``) at progress ``t``:
    ``(1 - cos(2 pi log2(1 + (2 ** n_cycles - 1) t))) / 2``.

    Zero at the start, the end and each cycle's end (``t = 1/15, 3/15,
    7/15``); one where ``log2(1 + 15 t)`` is half way through a cycle:

    >>> [round(coslog(t), 12) for t in (0.0, (2**0.5 - 1) / 15, 1 / 15, 3 / 15, 1.0)]
    [0.0, 1.0, 0.0, 0.0, 0.0]
    """
    return 0.5 * (1.0 - math.cos(2.0 * math.pi * math.log2(1.0 + (2**n_cycles - 1) * t)))


#: ``learning_rate`` values that are schedules of this module.
SCHEDULES = frozenset({"cosine", "coslog4"})


class StepSchedule:
    """The step of each batch of a run: ``rate(epoch, rows_done)``."""

    def __init__(self, name, learning_rate_init, max_iter, n_samples, warmup_iter=0):
        self.name = name
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.n_samples = n_samples
        self.warmup = warmup_iter / max_iter

    def rate(self, epoch, rows_done):
        """The step for a batch of epoch ``epoch`` (counted from 0, taken
        modulo ``max_iter``) after ``rows_done`` rows of that epoch."""
        t = (epoch % self.max_iter + rows_done / self.n_samples) / self.max_iter
        factor = cosine(t, self.warmup) if self.name == "cosine" else coslog(t)
        return self.learning_rate_init * factor


def make_schedule(est, learning_rate_init, n_samples):
    """The schedule ``est.learning_rate`` names over runs of ``est.max_iter``
    epochs of ``n_samples`` rows, or ``None`` for the schedules the
    optimisers run themselves (``'constant'``, ``'invscaling'``,
    ``'adaptive'``)."""
    if est.learning_rate not in SCHEDULES:
        return None
    return StepSchedule(
        est.learning_rate, learning_rate_init, est.max_iter, n_samples, est.warmup_iter
    )
