"""A real scheduler with two worker processes on 127.0.0.1 for the tests on
Dask arrays (a session fixture, started at the first test that needs it),
and the data sets they share, in memory and on the cluster.

Dask is imported inside the fixtures: the modules here skip themselves
(``pytest.importorskip``) when the ``dask`` extra, or dask-ml for
``test_dask_ml.py``, is not installed.
"""

import pytest
from dask_problems import N_ROWS, on_cluster
from sklearn.datasets import make_classification, make_regression


@pytest.fixture(scope="session")
def client():
    import distributed

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def classification(client):
    X, y = make_classification(N_ROWS, 20, n_informative=10, n_classes=3, random_state=0)
    return X, y, on_cluster(X), on_cluster(y)


@pytest.fixture(scope="module")
def regression(client):
    X, y = make_regression(N_ROWS, 20, n_informative=10, noise=5.0, random_state=0)
    y = 3 * y + 200  # off-centre and wide, so the target scaling matters
    return X, y, on_cluster(X), on_cluster(y)
