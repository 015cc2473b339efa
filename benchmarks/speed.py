"""Time NumpyMLPClassifier and NumpyMLPRegressor against scikit-learn's
MLPClassifier and MLPRegressor.

Both estimators run in one process, on the same data, with the same
parameters. ``activation`` and ``learning_rate_init`` are always passed
explicitly, because the two estimators' defaults differ. Every stochastic fit
runs a fixed number of epochs: ``tol=0``, ``n_iter_no_change=max_iter + 1``,
and ``ConvergenceWarning`` suppressed. Each measurement is the median of
``--repeats`` runs. Within a repeat the two estimators run back to back, and
the order flips on every repeat (ours first, then sklearn first, ...), so
slow drift in machine load hits both alike; the "paired" column is the median
of the per-repeat ratios. The script prints markdown to stdout and progress
to stderr.

Workloads (full size; ``--quick`` sizes in brackets)
------------------------------------------------------
digits-relu, digits-logistic
    ``load_digits`` (all 1,797 [the first 600] rows) scaled to [0, 1] by
    ``X / 16``, stratified 75/25 train/test split. Hidden layers
    ``(100,)``, adam, ``learning_rate_init=1e-3`` for both estimators and
    both activations. 100 [3] epochs.
synth-f64, synth-f32
    ``make_classification`` (10 classes, seed 0), 50,000 x 100 [2,000 x 20]
    training rows. ``(100,)``, relu, adam, ``learning_rate_init=1e-3``,
    batch size 200 ('auto'), 10 [2] epochs. The same workload runs in
    float64 and in float32; both estimators get the float32 array. Accuracy
    is measured on the 200,000 [20,000] held-out rows of the same
    distribution that ``predict-proba`` uses.
wide-sgd
    ``make_classification`` (10 classes, seed 1), 20,000 x 500 [600 x 50]
    training rows and 5,000 [300] test rows. ``(256, 128)``, logistic, sgd
    with Nesterov momentum 0.9, ``learning_rate_init=0.1``, 5 [2] epochs.
cancer-lbfgs
    ``load_breast_cancer``, stratified 75/25 split, ``StandardScaler``
    fitted on the training part. ``(100,)``, tanh, lbfgs, ``max_iter=200``
    [5], ``tol=0``, ``max_fun=100000``. L-BFGS can still stop early
    (scipy's relative-reduction test), so the table shows both iteration
    counts.
cancer-lbfgs-thread
    The cancer-lbfgs fit run in a worker thread (one
    ``ThreadPoolExecutor`` thread, kept for the whole workload, as in a web
    server or joblib's threading backend), after fits in the main thread.
    Each repeat times both estimators in the worker and in the main thread;
    the main table compares the two in the worker, and a second table
    compares each estimator's worker-thread time with its main-thread time.
    Fit times are measured inside the thread that fits.
predict-proba
    ``predict_proba`` on 200,000 [20,000] rows, using the two synth-f64
    models.
predict-latency
    ``predict`` on a single row, using the two synth-f64 models, timed call
    by call over 2,000 [200] calls that alternate between the estimators.
    Median in microseconds.
fit-memory
    tracemalloc peak during one fit of synth-f64, for each estimator,
    measured from the traced memory just before ``fit``. The training data
    were allocated before and are not counted. tracemalloc sees the buffers
    NumPy allocates, not OpenBLAS's internal work buffers.
gemm-floor
    Time of the matrix products alone for one epoch of synth-f64 and
    synth-f32. The batch size is 200. For each batch the products are
    ``X_b @ W1``, ``H @ W2``, ``D2 @ W2.T``, ``X_b.T @ D1`` and
    ``H.T @ D2``, written into preallocated arrays, with ``X_b`` a
    contiguous slice. The floor is the median over at least 20 epochs. It is
    compared with each estimator's epoch time (median synth fit time /
    epochs).
reg-synth-f64, reg-synth-f32, reg-lbfgs, reg-predict
    NumpyMLPRegressor (``normalize_y=False``) against MLPRegressor: a
    20,000 x 50 adam fit in float64 and float32, an lbfgs fit on friedman1
    and a 200,000-row predict. See ``regression_speed.py``.

The machine section reports the CPU model (``/proc/cpuinfo``), the number
of CPUs, the numpy/scipy/scikit-learn versions, and every library that
``threadpoolctl.threadpool_info()`` reports. The one whose path is under
``numpy.libs`` is the BLAS that numpy's ``@`` uses. The script changes no
threading or BLAS setting (``OPENBLAS_CORETYPE`` etc.); it only reports it.
``--blas-threads`` is the one exception.

The accuracy columns compare the two estimators after the same number of
epochs, from the same initial weights: ``NumpyMLPClassifier`` gets
``weight_init="sklearn"``, which draws ``MLPClassifier``'s weights (its
default Glorot bound is wider for logistic units; for relu and tanh the two
are the same). The accuracies should then agree up to rounding; the table
flags differences above 0.005.

Parameters
----------
--quick
    Tiny sizes for every workload and 2 repeats (unless ``--repeats`` is
    given). This is a smoke test that takes a few seconds. It asserts nothing
    about time or accuracy.
--repeats N
    Number of timed repeats per estimator and workload (default 5, or 2 with
    ``--quick``).
--only NAME [NAME ...]
    Run only these workloads (names as above). predict-proba and
    predict-latency fit the synth-f64 models (untimed) if synth-f64 is not
    selected. gemm-floor omits the epoch multiples if its synth workload is
    not selected.
--json PATH
    Also write every number (raw repeat times included) to ``PATH`` as JSON.
--write-tables
    Also write the tables the documentation quotes (``docs/tables/speed.csv``,
    ``speed_floor.csv``, and their copies in README.md; see
    ``common/speed_tables.py``). ``--tables-dir DIR`` writes the files to ``DIR``
    instead and leaves the README alone. ``--range-from JSON [JSON ...]``
    adds earlier runs saved with ``--json`` to the tables' range columns.
--blas-threads N
    Limit the BLAS and OpenMP thread pools to ``N`` threads with
    ``threadpoolctl.threadpool_limits`` for the whole run. By default nothing
    is limited. OpenBLAS threads busy-wait, so on a machine that other
    processes keep busy, small products with all cores can be many times
    slower than with 1 thread. ``--blas-threads 1`` separates that effect
    from the estimators' own cost.

Examples
--------
Smoke test::

    python benchmarks/speed.py --quick

Full run, with numbers saved for a plot::

    python benchmarks/speed.py --json speed.json

The documentation's tables, with the ratio ranges of two earlier runs::

    python benchmarks/speed.py --repeats 9 --write-tables --range-from run1.json run2.json

Only the large synthetic fits, 9 repeats::

    python benchmarks/speed.py --only synth-f64 synth-f32 gemm-floor --repeats 9
"""

import argparse
import json
import os
import time
import warnings

import numpy as np
from common.machine import machine_info, print_machine
from common.speed_report import paired_ratio, print_tables
from common.speed_workloads import Runner, pair
from common.timing import log, stochastic_params
from regression_speed import REG_FULL, REG_QUICK, REG_WORKLOADS, reg_pair
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

WORKLOADS = (
    "digits-relu",
    "digits-logistic",
    "synth-f64",
    "synth-f32",
    "wide-sgd",
    "cancer-lbfgs",
    "cancer-lbfgs-thread",
    "predict-proba",
    "predict-latency",
    "fit-memory",
    "gemm-floor",
) + REG_WORKLOADS

FULL = {
    "digits_rows": None,  # all 1,797
    "digits_epochs": 100,
    "synth_rows": 50_000,
    "synth_features": 100,
    "synth_informative": 30,
    "synth_epochs": 10,
    "predict_rows": 200_000,
    "wide_rows": 20_000,
    "wide_test_rows": 5_000,
    "wide_features": 500,
    "wide_informative": 50,
    "wide_epochs": 5,
    "lbfgs_iter": 200,
    "latency_calls": 2000,
    "repeats": 5,
    **REG_FULL,
}
QUICK = {
    "digits_rows": 600,
    "digits_epochs": 3,
    "synth_rows": 2_000,
    "synth_features": 20,
    "synth_informative": 10,
    "synth_epochs": 2,
    "predict_rows": 20_000,
    "wide_rows": 600,
    "wide_test_rows": 300,
    "wide_features": 50,
    "wide_informative": 20,
    "wide_epochs": 2,
    "lbfgs_iter": 5,
    "latency_calls": 200,
    "repeats": 2,
    **REG_QUICK,
}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Time NumpyMLPClassifier/NumpyMLPRegressor against sklearn's "
        "MLPClassifier/MLPRegressor "
        "(markdown on stdout)."
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 2 repeats: a smoke test")
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        metavar="N",
        help="timed repeats per estimator (default 5, 2 with --quick)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=WORKLOADS,
        metavar="NAME",
        help="run only these workloads: %s" % ", ".join(WORKLOADS),
    )
    parser.add_argument("--json", metavar="PATH", help="also write the numbers to PATH")
    parser.add_argument(
        "--write-tables",
        action="store_true",
        help="write the docs' tables (docs/tables/speed*.csv, README.md)",
    )
    parser.add_argument(
        "--tables-dir",
        metavar="DIR",
        help="with --write-tables: write to DIR, leave README.md alone",
    )
    parser.add_argument(
        "--range-from",
        nargs="+",
        metavar="JSON",
        help="with --write-tables: earlier --json runs for the range columns",
    )
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        metavar="N",
        help="limit BLAS/OpenMP threads to N (threadpoolctl); default: as is",
    )
    args = parser.parse_args(argv)
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.blas_threads is not None and args.blas_threads < 1:
        parser.error("--blas-threads must be at least 1")
    if args.blas_threads is None:
        run(args)
    else:
        with threadpool_limits(limits=args.blas_threads):
            run(args)


def run(args):
    size = dict(QUICK if args.quick else FULL)
    repeats = args.repeats or size["repeats"]
    selected = [w for w in WORKLOADS if args.only is None or w in args.only]
    warnings.simplefilter("ignore", category=ConvergenceWarning)

    start = time.perf_counter()
    info = machine_info()
    info["blas_threads_limit"] = args.blas_threads
    print(
        "# NumpyMLPClassifier/NumpyMLPRegressor vs sklearn MLPClassifier/MLPRegressor: "
        "speed%s\n" % (" (--quick sizes)" if args.quick else "")
    )
    print_machine(info)

    # Warm-up: lazy imports, BLAS thread pools, first-call caches.
    X_w, y_w = make_classification(300, 10, n_informative=5, n_classes=3, random_state=0)
    for est in pair(stochastic_params(2, activation="relu", learning_rate_init=1e-3)):
        est.fit(X_w, y_w).predict_proba(X_w)
    for est in reg_pair(stochastic_params(2, activation="relu", learning_rate_init=1e-3)):
        est.fit(X_w, y_w.astype(float)).predict(X_w)

    runner = Runner(size, repeats)
    actions = {
        "digits-relu": lambda: runner.digits("relu"),
        "digits-logistic": lambda: runner.digits("logistic"),
        "synth-f64": lambda: runner.synth_fit(np.float64),
        "synth-f32": lambda: runner.synth_fit(np.float32),
        "wide-sgd": runner.wide,
        "cancer-lbfgs": runner.cancer,
        "cancer-lbfgs-thread": runner.cancer_thread,
        "predict-proba": runner.predict_proba,
        "predict-latency": runner.latency,
        "fit-memory": runner.memory,
        "gemm-floor": runner.floor,
        **runner.regression_actions(),
    }
    for name in selected:
        t0 = time.perf_counter()
        log("running %s ..." % name)
        actions[name]()
        log("  done in %.1f s" % (time.perf_counter() - t0))

    print_tables(runner, size)
    total = time.perf_counter() - start
    load_end = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    if load_end is not None:
        print("Load average at end: %.2f %.2f %.2f" % tuple(load_end))
    print("Total time: %.1f s" % total)

    info["loadavg_end"] = load_end
    out = {
        "quick": args.quick,
        "repeats": repeats,
        "sizes": size,
        "machine": info,
        "workloads": runner.rows,
        **runner.extra,
        "total_seconds": total,
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)
        log("wrote %s" % args.json)
    if args.write_tables:
        from common.speed_tables import write_speed_tables
        from common.tables import README, TABLES_DIR

        written = write_speed_tables(
            out,
            args.range_from,
            paired_ratio,
            name="speed" if args.blas_threads is None else "speed_blas%d" % args.blas_threads,
            directory=args.tables_dir or TABLES_DIR,
            readme=None if args.tables_dir else README,
        )
        log("wrote %s" % ", ".join(written))


if __name__ == "__main__":
    main()
