"""The targets of data that arrives in row blocks, as an estimator fits them."""

from collections.abc import Callable
from typing import NamedTuple

__all__ = ["BlockTargets"]


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
