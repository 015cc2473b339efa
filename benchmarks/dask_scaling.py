"""Training on Dask arrays: the cost of the cluster against memory.

Distributed L-BFGS (``solver='lbfgs'`` on a Dask array) evaluates the
objective on every block where it lives and adds the parts up, once or twice
per iteration; the streaming stochastic solvers bring one block at a time to
the client. On data that fits in memory both pay for the round trips, which
this script makes visible, and keep the client's memory small, which it
measures.

Everything runs in one process, on ``LocalCluster`` s of worker processes
bound to 127.0.0.1 (one thread each), started side by side before any
timing: one worker, and two workers. Dask's workers run BLAS on one thread,
and so do the in-memory fits (``--blas-threads``, default 1), so that one
worker and memory have the same resources: on a machine that other work
keeps busy, a multi-threaded BLAS waits for its descheduled threads and the
in-memory times swing by large factors. Timed fits go round-robin over the
setups (in memory, 1 worker, 2 workers), ``--repeats`` rounds, and each
number is the median. The machine's other load moves every number; the
load average is printed.

Workloads (full size; ``--quick`` sizes in brackets)
------------------------------------------------------
lbfgs
    ``make_classification`` (3 classes, seed 0), ``--rows`` (100,000
    [5,000]) x 20 rows made in memory and copied to the workers in 8
    blocks (persisted). ``NumpyMLPClassifier(hidden_layer_sizes=(32,),
    solver='lbfgs', max_iter=10 [2], tol=0)``. Time per iteration = fit
    time / ``n_iter_``.
lbfgs-tiny
    The same with 8 blocks of 10 rows: the time per iteration is almost all
    round trips through the scheduler, the fixed cost of an iteration
    [not run].
adam
    The lbfgs data, ``solver='adam'``, 1 epoch, ``batch_size=200``: time
    per epoch, streamed block by block to the client.
client memory
    tracemalloc peak of the client process during one fit on a Dask array
    of twice ``--rows`` x 20 (200,000 x 20 [10,000 x 20]) float64 made on the workers
    (``dask.array.random``, 8 blocks), against the array's size: lbfgs
    (3 iterations) and adam (1 epoch). The scheduler runs in the client
    process and is counted too.

Usage::

    python benchmarks/dask_scaling.py [--quick] [--repeats N]

``--quick`` is a smoke test (a single round without warm-up, tiny sizes);
it asserts nothing about time.
"""

import argparse
import logging
import os
import statistics
import sys
import time
import tracemalloc
import warnings

import numpy as np


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def _cluster(n_workers):
    from distributed import Client, LocalCluster

    # LocalCluster quiets distributed's INFO records (start, connections, stop)
    # while it runs, then puts back the level it found, so the records of its
    # shutdown reached stderr; at WARNING from the start, they never do.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    return cluster, Client(cluster, set_as_default=False)


def _fit_time(client, params, X, y, blas_threads=None):
    from threadpoolctl import threadpool_limits

    from sknumpynet import NumpyMLPClassifier

    est = NumpyMLPClassifier(**params)
    if client is None:
        with threadpool_limits(limits=blas_threads, user_api="blas"):
            start = time.perf_counter()
            est.fit(X, y)
            return time.perf_counter() - start, est.n_iter_
    with client.as_current():
        start = time.perf_counter()
        est.fit(X, y)
        return time.perf_counter() - start, est.n_iter_


def _fmt_time(seconds):
    return "%.0f ms" % (seconds * 1e3) if seconds < 1 else "%.2f s" % seconds


def time_table(setups, workloads, repeats, blas_threads):
    """Round-robin timing: per workload, ``repeats`` rounds over the setups."""
    import dask.array as da

    print("| workload | setup | time per iteration | / in memory |")
    print("|---|---|---:|---:|")
    for name, params, X, y, blocks in workloads:
        per_setup = {label: [] for label, _ in setups}
        placed = {}
        for label, client in setups:
            if client is None:
                placed[label] = (X, y)
            else:
                Xd = da.from_array(X, chunks=(blocks, X.shape[1]))
                yd = da.from_array(y, chunks=blocks)
                placed[label] = tuple(client.persist([Xd, yd]))
        for label, client in setups if repeats > 1 else []:  # warm-up: imports
            _fit_time(client, dict(params, max_iter=1), *placed[label])
        for r in range(repeats):
            for label, client in setups:
                seconds, n_iter = _fit_time(client, params, *placed[label], blas_threads)
                per_setup[label].append(seconds / n_iter)
            log("%s: round %d/%d" % (name, r + 1, repeats))
        base = statistics.median(per_setup["in memory"])
        for label, _ in setups:
            value = statistics.median(per_setup[label])
            print("| %s | %s | %s | %.2f |" % (name, label, _fmt_time(value), value / base))
    print()


def memory_table(client, n_rows):
    import dask.array as da

    from sknumpynet import NumpyMLPClassifier

    X = da.random.RandomState(0).standard_normal((n_rows, 20), chunks=(n_rows // 8, 20))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    with client.as_current():
        X, y = client.persist([X, y])
        print(
            "| fit on %d x 20 float64 (%.1f MB, 8 blocks) | client peak | / size of X |"
            % (n_rows, X.nbytes / 1e6)
        )
        print("|---|---:|---:|")
        for name, params in [
            ("lbfgs, 3 iterations", dict(solver="lbfgs", max_iter=3)),
            ("adam, 1 epoch", dict(solver="adam", max_iter=1)),
        ]:
            params = dict(params, hidden_layer_sizes=(32,), random_state=0)
            NumpyMLPClassifier(**dict(params, max_iter=1)).fit(X[:1000], y[:1000])
            tracemalloc.start()
            NumpyMLPClassifier(**params).fit(X, y)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print("| %s | %.1f MB | %.2f |" % (name, peak / 1e6, peak / X.nbytes))
    print()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1 repeat")
    parser.add_argument("--repeats", type=int, default=None, help="rounds (default 3, 1 quick)")
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="BLAS threads of the in-memory fits (default 1, as each "
        "worker; 0: leave numpy's setting)",
    )
    parser.add_argument(
        "--rows",
        type=int,
        default=None,
        help="rows of the timed data (default 100,000, 5,000 quick)",
    )
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 3)
    args.blas_threads = args.blas_threads or None
    n_rows = args.rows or (5_000 if args.quick else 100_000)
    warnings.simplefilter("ignore")  # ConvergenceWarning at fixed iterations

    import dask
    import distributed
    from sklearn.datasets import make_classification

    import sknumpynet

    print("## Machine\n")
    print("- CPUs: %d usable by this process" % len(os.sched_getaffinity(0)))
    print(
        "- Python %s, numpy %s, dask %s, distributed %s, sknumpynet %s"
        % (
            sys.version.split()[0],
            np.__version__,
            dask.__version__,
            distributed.__version__,
            sknumpynet.__version__,
        )
    )
    print(
        "- BLAS threads: %s in memory; 1 in each worker (distributed sets "
        "OPENBLAS_NUM_THREADS=1 for its workers)" % (args.blas_threads or "numpy's default")
    )
    print("- Load average at start: %.2f %.2f %.2f\n" % os.getloadavg())

    X, y = make_classification(n_rows, 20, n_informative=10, n_classes=3, random_state=0)
    lbfgs = dict(
        hidden_layer_sizes=(32,),
        solver="lbfgs",
        max_iter=2 if args.quick else 10,
        tol=0,
        random_state=0,
    )
    adam = dict(
        hidden_layer_sizes=(32,),
        solver="adam",
        max_iter=1,
        tol=0,
        random_state=0,
        learning_rate_init=1e-3,
    )
    workloads = [
        ("lbfgs", lbfgs, X, y, n_rows // 8),
        ("lbfgs-tiny", lbfgs, X[:80], y[:80], 10),
        ("adam", adam, X, y, n_rows // 8),
    ][:: 2 if args.quick else 1]
    clusters = [_cluster(1), _cluster(2)]
    try:
        setups = [("in memory", None), ("1 worker", clusters[0][1]), ("2 workers", clusters[1][1])]
        print("## Time (median of %d rounds)\n" % repeats)
        time_table(setups, workloads, repeats, args.blas_threads)
        print("## Client memory\n")
        memory_table(clusters[1][1], n_rows * 2)
    finally:
        for cluster, client in clusters:
            client.close()
            cluster.close()
    print("Load average at end: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
