"""dask-ml's wrappers with the estimators, on the cluster of conftest.py.

dask-ml is an optional integration with its own extra (``dask-ml``); this
module skips itself when dask-ml is not installed. CI installs the extra and
runs it in a step of its own.
"""

import pytest
from dask_problems import ADAM, LBFGS, N_ROWS
from numpy.testing import assert_array_equal

from sknumpynet import NumpyMLPClassifier

da = pytest.importorskip("dask.array")
wrappers = pytest.importorskip("dask_ml.wrappers")


def test_dask_ml_wrappers(client, classification):
    X, y, Xd, yd = classification
    incremental = wrappers.Incremental(NumpyMLPClassifier(**ADAM), scoring="accuracy")
    incremental.fit(Xd, yd, classes=[0, 1, 2])
    assert incremental.estimator_.t_ == N_ROWS  # one partial_fit call per block
    assert incremental.score(Xd, yd) > 0.7
    post = wrappers.ParallelPostFit(NumpyMLPClassifier(**LBFGS)).fit(X[:5000], y[:5000])
    proba = post.predict_proba(Xd)
    assert isinstance(proba, da.Array)
    assert_array_equal(proba.compute(), post.predict_proba(X))
