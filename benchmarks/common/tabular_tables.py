"""The tables of the tabular estimators in ``benchmarks/real_data.py``:
their summaries against the other models at defaults, and the same model
on raw and on standardised features.

Results come as ``res[label][data set]``, as in :mod:`common.real_data_tables`.
"""

import numpy as np

from .real_data_tables import ranks

#: "at least MLPClassifier() - 0.005": the margin of the tabular claim
WITHIN = 0.005

TABULAR = {"classification": "TabularMLPClassifier", "regression": "TabularMLPRegressor"}

SUMMARY_HEADER = [
    "model",
    "mean accuracy",
    "mean log-loss",
    "mean rank",
    "sets within 0.005 of MLPClassifier()",
    "mean fit time (s)",
]


def _mean(res, lab, names, key):
    return float(np.mean([res[lab][n][key] for n in names]))


def summary_rows(res, labels, names, ref="MLPClassifier"):
    """One row per model of ``labels`` (ranked among them): means, mean
    rank, and on how many sets its accuracy is at least ``ref``'s minus
    0.005."""
    rank = ranks(res, labels, names, "accuracy")
    rows = []
    for lab in labels:
        within = sum(
            res[lab][n]["accuracy"] >= res[ref][n]["accuracy"] - WITHIN - 1e-12 for n in names
        )
        rows.append(
            [
                lab,
                "%.4f" % _mean(res, lab, names, "accuracy"),
                "%.4f" % _mean(res, lab, names, "log_loss"),
                "%.2f" % rank[lab],
                "%d / %d" % (within, len(names)) if lab != ref else "",
                "%.2f" % _mean(res, lab, names, "fit_time"),
            ]
        )
    return rows


SEEDS_HEADER = [
    "model",
    "seed",
    "mean accuracy",
    "difference from gradient boosting",
    "mean log-loss",
    "sets within 0.005 of MLPClassifier()",
]


def seeds_rows(by_seed, labels, names, ref="MLPClassifier", gbm="HistGradientBoostingClassifier"):
    """One row per model of ``labels`` and seed: its means, the difference
    of its mean accuracy from ``gbm``'s, and on how many sets it is at least
    ``ref``'s accuracy minus 0.005, each model and reference with the same
    seed."""
    rows = []
    for lab in labels:
        for s in sorted(by_seed):
            res = by_seed[s]
            gap = _mean(res, lab, names, "accuracy") - _mean(res, gbm, names, "accuracy")
            count = sum(
                res[lab][n]["accuracy"] >= res[ref][n]["accuracy"] - WITHIN - 1e-12 for n in names
            )
            rows.append(
                [
                    lab,
                    str(s),
                    "%.4f" % _mean(res, lab, names, "accuracy"),
                    "%+.4f" % gap if lab != gbm else "",
                    "%.4f" % _mean(res, lab, names, "log_loss"),
                    "%d / %d" % (count, len(names)) if lab != ref else "",
                ]
            )
    return rows


REGRESSION_HEADER = ["model", "mean R²", "mean rank", "mean fit time (s)"]


def regression_rows(res, labels, names):
    rank = ranks(res, labels, names, "r2")
    return [
        [
            lab,
            "%.4f" % _mean(res, lab, names, "r2"),
            "%.2f" % rank[lab],
            "%.2f" % _mean(res, lab, names, "fit_time"),
        ]
        for lab in labels
    ]


RAW_HEADER = [
    "data set",
    "largest column standard deviation",
    "standardised accuracy",
    "raw accuracy",
    "raw - standardised",
    "standardised log-loss",
    "raw log-loss",
]


def raw_rows(scaled, raw, lab, names, spreads):
    """``lab`` on standardised and on raw features, per data set and on
    average (a **mean** row)."""
    rows = []
    for n in names + ["**mean**"]:
        if n == "**mean**":
            s = {
                k: float(np.mean([scaled[lab][m][k] for m in names]))
                for k in ("accuracy", "log_loss")
            }
            r = {
                k: float(np.mean([raw[lab][m][k] for m in names])) for k in ("accuracy", "log_loss")
            }
            spread = ""
        else:
            s, r, spread = scaled[lab][n], raw[lab][n], "%.3g" % spreads[n]
        rows.append(
            [
                n,
                spread,
                "%.4f" % s["accuracy"],
                "%.4f" % r["accuracy"],
                "%+.4f" % (r["accuracy"] - s["accuracy"]),
                "%.4f" % s["log_loss"],
                "%.4f" % r["log_loss"],
            ]
        )
    return rows
