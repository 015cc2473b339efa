"""Compare the cross-validated accuracy of NumpyMLPClassifier and MLPClassifier.

For every data set, both estimators are run with their default parameters
(only ``random_state`` is set: 0, or ``--random-state``) behind a
``StandardScaler``, and scored by 5-fold ``StratifiedKFold(shuffle=True,
random_state=0)`` cross-validation. The script prints one markdown table
per NumpyMLPClassifier configuration::

    dataset | sklearn MLPClassifier | NumpyMLPClassifier | difference | ...

with the mean accuracy over the folds, the difference (ours - sklearn), the
mean fit time of each estimator and the mean ``n_iter_`` of each, followed by
a summary over the configurations. ``ConvergenceWarning`` is suppressed:
hitting ``max_iter`` is part of what the defaults are measured on.

Data sets: iris, wine, breast_cancer and digits (scikit-learn's bundled
loaders, no download), two moons, two circles, and an XOR pattern (500 points
uniform in ``[-1, 1]^2``, class ``x0 * x1 > 0``, Gaussian noise of standard
deviation 0.1 added to the features afterwards).

Parameters
----------
--learning-rate-init LR [LR ...]
    Also evaluate NumpyMLPClassifier with each of these ``learning_rate_init``
    values (everything else at its default). A value equal to the current
    default is not run twice.
--quick
    Run only iris and moons with 3 folds (a smoke test).
--folds N
    Number of cross-validation folds (default 5, or 3 with ``--quick``).
--random-state SEED
    ``random_state`` of both estimators (default 0); the CV split keeps
    ``random_state=0``. Rerun with a few seeds to check that a conclusion
    does not hinge on one weight initialisation.
--write-tables
    Also write the defaults' table to ``docs/tables/accuracy.csv`` and into
    README.md (see ``benchmarks/_tables.py``), where the documentation
    quotes it from; with ``--learning-rate-init``, the summary too
    (``accuracy_learning_rate.csv``). ``--tables-dir DIR`` writes the file to ``DIR`` instead
    and leaves the README alone.

Examples
--------
Defaults only::

    python benchmarks/accuracy.py

Defaults, updating the tables the documentation shows::

    python benchmarks/accuracy.py --write-tables

Choosing the default ``learning_rate_init``::

    python benchmarks/accuracy.py --learning-rate-init 0.001 0.003 0.01 0.03 0.1
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_circles,
    make_moons,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))  # _cv, also when loaded by a test
from _cv import cross_validated, print_summary, print_table  # noqa: E402

from sknumpynet import NumpyMLPClassifier  # noqa: E402

TOLERANCE = 0.01  # our accuracy must be >= sklearn's - TOLERANCE


def make_xor(n_samples=500, noise=0.1, random_state=0):
    """XOR pattern: label ``x0 * x1 > 0`` of uniform points, then noise."""
    rng = np.random.RandomState(random_state)
    X = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    X += rng.normal(scale=noise, size=X.shape)
    return X, y


DATASETS = {
    "iris": lambda: load_iris(return_X_y=True),
    "wine": lambda: load_wine(return_X_y=True),
    "breast_cancer": lambda: load_breast_cancer(return_X_y=True),
    "digits": lambda: load_digits(return_X_y=True),
    "moons": lambda: make_moons(n_samples=500, noise=0.2, random_state=0),
    "circles": lambda: make_circles(n_samples=500, noise=0.1, factor=0.5, random_state=0),
    "xor": lambda: make_xor(n_samples=500, noise=0.1, random_state=0),
}
QUICK_DATASETS = ("iris", "moons")


def evaluate(estimator, X, y, cv):
    """Cross-validate ``StandardScaler() + estimator``.

    Returns
    -------
    result : dict
        ``accuracy`` (mean over folds), ``fit_time`` (mean seconds per fit),
        ``n_iter`` (mean ``n_iter_``) and ``failed`` (number of folds whose
        fit raised; their score is NaN).
    """
    result = cross_validated(make_pipeline(StandardScaler(), estimator), X, y, cv, "accuracy")
    result["accuracy"] = result.pop("score")
    return result


def table_rows(names, ref, ours):
    """Rows of the documentation's table: accuracies, epochs and fit times."""
    rows = []
    for name in names + ["**mean**"]:
        if name == "**mean**":
            r, o = ({key: np.mean([d[n][key] for n in names]) for key in d[names[0]]}
                    for d in (ref, ours))
        else:
            r, o = ref[name], ours[name]
        rows.append([
            name, "%.4f" % r["accuracy"], "%.4f" % o["accuracy"],
            "%+.4f" % (o["accuracy"] - r["accuracy"]), "%.0f" % r["n_iter"],
            "%.0f" % o["n_iter"], "%.3f" % r["fit_time"], "%.3f" % o["fit_time"],
        ])
    return rows


TABLE_HEADER = [
    "data set", "MLPClassifier", "NumpyMLPClassifier", "difference",
    "epochs, sklearn", "epochs, ours", "fit time, sklearn (s)", "fit time, ours (s)",
]


def summary_rows(names, ref, configs):
    """One row per configuration: mean accuracy, margins, pass/fail."""
    rows = [["sklearn MLPClassifier", "%.4f" % np.mean([ref[n]["accuracy"] for n in names]),
             "", "", "", "%.3f" % np.mean([ref[n]["fit_time"] for n in names]), ""]]
    for label, ours in configs.items():
        diffs = np.array([ours[n]["accuracy"] - ref[n]["accuracy"] for n in names])
        worst = int(np.nanargmin(diffs)) if not np.isnan(diffs).all() else 0
        passes = bool(np.all(diffs >= -TOLERANCE))  # NaN (failed fit) -> False
        rows.append([label, "%.4f" % np.mean([ours[n]["accuracy"] for n in names]),
                     "%+.4f" % np.mean(diffs), "%+.4f" % diffs[worst], names[worst],
                     "%.3f" % np.mean([ours[n]["fit_time"] for n in names]),
                     "yes" if passes else "no"])
    return rows


SUMMARY_HEADER = [
    "configuration", "mean accuracy", "mean difference", "worst difference",
    "worst data set", "mean fit time (s)", "passes (>= -%.2f everywhere)" % TOLERANCE,
]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Cross-validated accuracy of NumpyMLPClassifier vs MLPClassifier."
    )
    parser.add_argument(
        "--learning-rate-init", type=float, nargs="+", default=[], metavar="LR",
        help="also evaluate NumpyMLPClassifier with these learning_rate_init values",
    )
    parser.add_argument(
        "--quick", action="store_true", help="only iris and moons, 3 folds"
    )
    parser.add_argument(
        "--folds", type=int, default=None, help="number of CV folds (default 5, 3 with --quick)"
    )
    parser.add_argument(
        "--random-state", type=int, default=0, metavar="SEED",
        help="random_state of both estimators (default 0)",
    )
    parser.add_argument(
        "--write-tables", action="store_true",
        help="write the defaults' table to docs/tables/accuracy.csv and README.md",
    )
    parser.add_argument(
        "--tables-dir", default=None, metavar="DIR",
        help="with --write-tables: write the file to DIR, leave README.md alone",
    )
    args = parser.parse_args(argv)
    seed = args.random_state

    names = list(QUICK_DATASETS) if args.quick else list(DATASETS)
    n_folds = args.folds or (3 if args.quick else 5)
    cv = StratifiedKFold(n_folds, shuffle=True, random_state=0)

    default_lr = NumpyMLPClassifier().get_params()["learning_rate_init"]
    numpy_params = {"NumpyMLPClassifier defaults (learning_rate_init=%g)" % default_lr: {}}
    for lr in args.learning_rate_init:
        if lr != default_lr:
            numpy_params["NumpyMLPClassifier learning_rate_init=%g" % lr] = {
                "learning_rate_init": lr
            }

    print(
        "# NumpyMLPClassifier vs sklearn MLPClassifier: %d-fold CV accuracy, "
        "StandardScaler + estimator(random_state=%d)" % (n_folds, seed)
    )
    start = time.perf_counter()
    ref = {}
    configs = {label: {} for label in numpy_params}
    for name in names:
        X, y = DATASETS[name]()
        ref[name] = evaluate(MLPClassifier(random_state=seed), X, y, cv)
        for label, params in numpy_params.items():
            configs[label][name] = evaluate(
                NumpyMLPClassifier(random_state=seed, **params), X, y, cv
            )

    for label, ours in configs.items():
        columns = [("sklearn MLPClassifier", "sklearn", ref), ("NumpyMLPClassifier", "ours", ours)]
        print_table(label, names, columns, "accuracy", TOLERANCE)
    print_summary(
        "Summary (difference = NumpyMLPClassifier - sklearn MLPClassifier)",
        names, "sklearn MLPClassifier", ref, configs, "accuracy", TOLERANCE,
    )
    print("\nTotal time: %.1f s" % (time.perf_counter() - start))
    if args.write_tables:
        from _tables import README, TABLES_DIR, write_table

        defaults = next(iter(configs.values()))
        where = dict(directory=args.tables_dir or TABLES_DIR,
                     readme=None if args.tables_dir else README)
        written = write_table("accuracy", TABLE_HEADER, table_rows(names, ref, defaults),
                              **where)
        if len(configs) > 1:
            written += write_table("accuracy_learning_rate", SUMMARY_HEADER,
                                   summary_rows(names, ref, configs), **where)
        print("\nWrote " + ", ".join(written))


if __name__ == "__main__":
    main()
