"""Does averaging several TabularMLPClassifier seeds earn its cost?

RealMLP-TD's authors report that bagging their network cuts its error by
another 6 to 8 %. This script measures the cheapest form of it on the folds
of ``benchmarks/real_data.py`` (same data sets, same ``ColumnTransformer``,
same ``StratifiedKFold(5, shuffle=True, random_state=0)``, one thread): a
soft :class:`~sklearn.ensemble.VotingClassifier` of ``--members`` default
``TabularMLPClassifier`` fits that differ only in ``random_state`` (0, 1,
...), against the single default fit (``random_state=0``) and
``MLPClassifier()``. Reported per set: held-out accuracy and log-loss, and
means over the sets. The ensemble costs ``--members`` fits, and as many
networks to predict with.

Fold results share ``real_data.py``'s cache, so the single model's and
``MLPClassifier()``'s folds come from there when it has them.

Parameters
----------
--datasets NAME [NAME ...]
    Classification sets of ``common.real_datasets`` (default: the ones
    where ``TabularMLPClassifier()`` fits in about 10 s or less).
--members N
    Seeds averaged (default 3).
--cache FILE
    As for ``real_data.py``.
--quick
    A smoke run: one small set, 3 folds, 2 members of 4 epochs, nothing
    cached.
--write-tables
    Write ``docs/tables/tabular_ensemble.csv``.
"""

import argparse

import numpy as np
import real_data as R
from common.jsonl_cache import Cache
from common.real_models import register
from common.tables import markdown, write_table
from sklearn.ensemble import VotingClassifier

from sknumpynet import TabularMLPClassifier

SMALL = ("swiss_labor", "vote92", "fishing", "credit_card", "beps", "attrition", "cells", "hmda")
SINGLE, REF = "TabularMLPClassifier", "MLPClassifier"

HEADER = [
    "data set",
    "one fit accuracy",
    "ensemble accuracy",
    "MLPClassifier() accuracy",
    "one fit log-loss",
    "ensemble log-loss",
    "ensemble - one fit accuracy",
]


def ensemble_name(members):
    return "TabularMLPClassifier x%d seeds" % members


def register_ensemble(members):
    """Join ``real_data``'s registry: a soft vote of ``members`` default
    fits, seeds ``seed`` to ``seed + members - 1``."""

    def factory(seed, **params):
        fits = [
            ("seed%d" % (seed + k), TabularMLPClassifier(random_state=seed + k, **params))
            for k in range(members)
        ]
        return VotingClassifier(fits, voting="soft")

    register(ensemble_name(members), "classification", factory)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=list(SMALL))
    parser.add_argument("--members", type=int, default=3)
    parser.add_argument("--cache", default=R.DEFAULT_CACHE)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write-tables", action="store_true")
    args = parser.parse_args(argv)
    params, n_folds = {}, R.N_FOLDS
    if args.quick:
        args.datasets, args.members, args.cache = ["swiss_labor"], 2, None
        params, n_folds = {"max_iter": 4}, 3
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    register_ensemble(args.members)
    name, cache = ensemble_name(args.members), Cache(args.cache)
    res = {
        m: {n: R.evaluate(cache, m, params, n, False, 0, n_folds) for n in args.datasets}
        for m in (SINGLE, name, REF)
    }
    rows = []
    for n in args.datasets:
        one, ens, ref = res[SINGLE][n], res[name][n], res[REF][n]
        rows.append(
            [
                n,
                "%.4f" % one["accuracy"],
                "%.4f" % ens["accuracy"],
                "%.4f" % ref["accuracy"],
                "%.4f" % one["log_loss"],
                "%.4f" % ens["log_loss"],
                "%+.4f" % (ens["accuracy"] - one["accuracy"]),
            ]
        )

    def mean(m, key):
        return "%.4f" % np.mean([res[m][n][key] for n in args.datasets])

    rows.append(
        [
            "**mean**",
            mean(SINGLE, "accuracy"),
            mean(name, "accuracy"),
            mean(REF, "accuracy"),
            mean(SINGLE, "log_loss"),
            mean(name, "log_loss"),
            "",
        ]
    )
    print("\n" + markdown(HEADER, rows))
    if args.write_tables:
        print("\nWrote " + ", ".join(write_table("tabular_ensemble", HEADER, rows)))


if __name__ == "__main__":
    main()
