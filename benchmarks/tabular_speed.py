"""Time of a default fit of the tabular estimators on 10,000 x 50, one core.

``TabularMLPClassifier()`` and ``TabularMLPRegressor()`` at their defaults
(256 epochs of a 3 x 256 network in float32, the best epoch kept), beside
``HistGradientBoosting*`` and ``MLP*`` at theirs, on synthetic data of
10,000 rows and 50 features (``make_classification`` with 20 informative
features; ``make_regression``), in one process with BLAS and OpenMP limited
to one thread. Reported: the CPU time of ``fit`` (``time.process_time``, so
that other processes on the machine do not count), the best of
``--repeats`` fits, and the ratio to the tabular estimator's.

Parameters
----------
--rows N, --features N
    The data's shape (default 10,000 x 50).
--repeats N
    Fits per model (default 1).
--quick
    A smoke run: 1,000 x 10, 8 epochs.
--write-tables
    Write ``docs/tables/tabular_speed.csv``.
"""

import argparse
import time
import warnings

from common.tables import markdown, write_table
from sklearn.datasets import make_classification, make_regression
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from threadpoolctl import threadpool_limits

from sknumpynet import TabularMLPClassifier, TabularMLPRegressor

HEADER = ["task", "model", "rows x features", "fit CPU time (s)", "ratio to TabularMLP"]


def cpu_fit(model, X, y, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X, y)
        best = min(best, time.process_time() - start)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write-tables", action="store_true")
    args = parser.parse_args(argv)
    rows, features = (1000, 10) if args.quick else (args.rows, args.features)
    extra = {"max_iter": 8} if args.quick else {}
    threadpool_limits(1)
    Xc, yc = make_classification(
        rows, features, n_informative=min(20, features - 2), random_state=0
    )
    Xr, yr = make_regression(rows, features, noise=10.0, random_state=0)
    runs = [
        ("classification", TabularMLPClassifier(random_state=0, **extra), Xc, yc),
        ("classification", HistGradientBoostingClassifier(random_state=0), Xc, yc),
        ("classification", MLPClassifier(random_state=0, **extra), Xc, yc),
        ("regression", TabularMLPRegressor(random_state=0, **extra), Xr, yr),
        ("regression", HistGradientBoostingRegressor(random_state=0), Xr, yr),
        ("regression", MLPRegressor(random_state=0, **extra), Xr, yr),
    ]
    table, first = [], {}
    for task, model, X, y in runs:
        seconds = cpu_fit(model, X, y, args.repeats)
        first.setdefault(task, seconds)
        name = type(model).__name__ + "()"
        table.append(
            [task, name, "%d x %d" % X.shape, "%.1f" % seconds, "%.2f" % (seconds / first[task])]
        )
        print("  %-15s %-34s %8.1f s" % (task, name, seconds), flush=True)
    print("\n" + markdown(HEADER, table))
    if args.write_tables:
        print("\nWrote " + ", ".join(write_table("tabular_speed", HEADER, table)))


if __name__ == "__main__":
    main()
