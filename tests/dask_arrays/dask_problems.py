"""The data sizes and estimator parameters shared by the tests on Dask
arrays, and ``on_cluster`` to put an array into the workers' memory."""

N_ROWS, BLOCK_ROWS = 60_000, 10_000

LBFGS = dict(hidden_layer_sizes=(10,), solver="lbfgs", max_iter=10, random_state=0)
ADAM = dict(
    hidden_layer_sizes=(10,),
    solver="adam",
    max_iter=3,
    tol=0,
    random_state=0,
    learning_rate_init=0.01,
)


def on_cluster(a, rows=BLOCK_ROWS):
    """``a`` cut into blocks of ``rows`` rows, held in the workers' memory."""
    import dask.array as da

    return da.from_array(a, chunks=(rows,) + a.shape[1:]).persist()
