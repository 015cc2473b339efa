"""Dask arrays whose row blocks are empty or of unknown length.

Filtering a Dask array (``X[mask]``) gives blocks of unknown length, and
``compute_chunk_sizes()`` then gives blocks with no rows wherever a block
had none left. The reference for every fit is the same estimator fitted on
the same rows in memory. Dask's synchronous scheduler runs the blocks: the
block functions are the same as on a cluster (see test_dask.py).
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")

RNG = np.random.RandomState(0)
X = RNG.normal(size=(400, 5))
Y_REG = X @ [1.0, -2.0, 0.5, 0.0, 3.0] + 10.0
Y_CLS = (X[:, 0] + X[:, 1] > 0).astype(int)
WEIGHTS = RNG.uniform(0.5, 2.0, size=400)
KEEP = np.ones(400, dtype=bool)
KEEP[100:200] = False  # the second block of 100 rows loses every row
LBFGS = dict(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=20, random_state=0)
# batches of 50 rows: the same batches in memory as block by block
ADAM = dict(hidden_layer_sizes=(4,), max_iter=3, random_state=0, shuffle=False, batch_size=50)


@pytest.fixture(autouse=True)
def synchronous():
    with dask.config.set(scheduler="synchronous"):
        yield


def _filtered(a):
    """``a[KEEP]`` on Dask, with its block lengths computed: one is 0."""
    filtered = da.from_array(a, chunks=(100,) + a.shape[1:])[da.from_array(KEEP, chunks=100)]
    filtered.compute_chunk_sizes()
    assert 0 in filtered.chunks[0]
    return filtered


@pytest.mark.parametrize("params", [LBFGS, ADAM], ids=["lbfgs", "adam"])
def test_regressor_trains_on_dask_arrays_with_empty_blocks(params):
    on_dask = NumpyMLPRegressor(**params).fit(_filtered(X), _filtered(Y_REG))
    in_memory = NumpyMLPRegressor(**params).fit(X[KEEP], Y_REG[KEEP])
    assert_allclose(on_dask.loss_curve_, in_memory.loss_curve_, rtol=1e-6)
    assert_allclose(on_dask.predict(X), in_memory.predict(X), rtol=1e-6, atol=1e-8)


def test_two_column_targets_with_empty_blocks():
    Y = np.c_[Y_REG, -Y_REG]
    on_dask = NumpyMLPRegressor(**LBFGS).fit(_filtered(X), _filtered(Y))
    in_memory = NumpyMLPRegressor(**LBFGS).fit(X[KEEP], Y[KEEP])
    assert_allclose(on_dask.predict(X), in_memory.predict(X), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    "estimator, y",
    [(NumpyMLPClassifier(**LBFGS), Y_CLS), (NumpyMLPRegressor(**LBFGS), Y_REG)],
    ids=["classifier", "regressor"],
)
def test_sample_weight_with_an_empty_block(estimator, y):
    on_dask = estimator.fit(_filtered(X), _filtered(y), sample_weight=_filtered(WEIGHTS))
    reference = type(estimator)(**LBFGS).fit(X[KEEP], y[KEEP], sample_weight=WEIGHTS[KEEP])
    assert_allclose(on_dask.loss_curve_, reference.loss_curve_, rtol=1e-6)


def test_balanced_class_weight_with_an_empty_block():
    est = NumpyMLPClassifier(class_weight="balanced", **LBFGS)
    on_dask = est.fit(_filtered(X), _filtered(Y_CLS))
    reference = NumpyMLPClassifier(class_weight="balanced", **LBFGS).fit(X[KEEP], Y_CLS[KEEP])
    assert_allclose(on_dask.loss_curve_, reference.loss_curve_, rtol=1e-6)


def _unknown_lengths(a):
    return da.from_array(a, chunks=(100,) + a.shape[1:])[da.from_array(KEEP, chunks=100)]


@pytest.mark.parametrize("name", ["y", "sample_weight"])
def test_targets_or_weights_of_unknown_block_lengths_get_a_clear_error(name):
    Xd = _filtered(X)
    y = _unknown_lengths(Y_CLS) if name == "y" else _filtered(Y_CLS)
    sample_weight = _unknown_lengths(WEIGHTS) if name == "sample_weight" else None
    message = "%s has blocks of unknown length; call %s.compute_chunk_sizes" % (name, name)
    with pytest.raises(ValueError, match=message):
        NumpyMLPClassifier(**LBFGS).fit(Xd, y, sample_weight=sample_weight)


def test_X_of_unknown_block_lengths_keeps_its_clear_error():
    with pytest.raises(ValueError, match="X has blocks of unknown length"):
        NumpyMLPClassifier(**LBFGS).fit(_unknown_lengths(X), _filtered(Y_CLS))
