"""Where the epoch loop draws its mini-batches from: training rows as blocks,
visited once per epoch (all rows in memory are one block)."""

import numpy as np
import scipy.sparse as sp

__all__ = ["BlockSource", "InMemoryBlocks", "shuffled"]


def shuffled(a, rng):
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


class InMemoryBlocks(BlockSource):
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
            self.order = shuffled(self.order, rng)
        yield (*self.data, self.order)
