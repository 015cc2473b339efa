"""The tables ``benchmarks/real_data.py`` prints and writes.

Results come as ``res[label][data set]``: the means over the folds of what
``real_models.run_fold`` returns, for one mode (scaled or raw features) and
one seed. Every row builder returns rows of strings for
:func:`tables.markdown` and :func:`tables.write_table`.
"""

import numpy as np

WITHIN = 0.01  # "no more than 0.01 below the reference" (a larger win counts too)


def _mean(res, names, key):
    return float(np.mean([res[n][key] for n in names]))


def ranks(res, labels, names, key, higher=True):
    """Mean rank of each label over ``names`` (1 = best; ties share the mean rank)."""
    from scipy.stats import rankdata

    table = np.array([[res[lab][n][key] for lab in labels] for n in names])
    r = np.array([rankdata(-row if higher else row) for row in table])
    return dict(zip(labels, r.mean(axis=0)))


SETS_HEADER = [
    "data set",
    "source",
    "target",
    "rows",
    "numeric columns",
    "categorical columns",
    "missing cells",
    "classes",
    "minority share",
]


def sets_rows(descriptions):
    return [
        [
            d["data set"],
            d["source"],
            d["target"],
            str(d["rows"]),
            str(d["numeric"]),
            str(d["categorical"]),
            str(d["missing cells"]),
            str(d.get("classes", "")),
            "%.3f" % d["minority share"] if "minority share" in d else "",
        ]
        for d in descriptions
    ]


def per_set_header(labels, ours, ref, score="accuracy", loss="log-loss"):
    head = ["data set"] + ["%s %s" % (lab, score) for lab in labels]
    head += ["%s - %s" % (ours, ref)]
    if loss:
        head += ["%s %s" % (lab, loss) for lab in labels]
    return head


def per_set_rows(res, labels, names, ours, ref, score="accuracy", loss="log_loss"):
    """One row per data set (and a **mean** row): each model's score, ours -
    reference, then each model's loss (if ``loss``)."""
    rows = []
    for n in names + ["**mean**"]:
        get = (
            (lambda lab, k: _mean(res[lab], names, k))
            if n == "**mean**"
            else (lambda lab, k, n=n: res[lab][n][k])
        )
        row = [n] + ["%.4f" % get(lab, score) for lab in labels]
        row.append("%+.4f" % (get(ours, score) - get(ref, score)))
        if loss:
            row += ["%.4f" % get(lab, loss) for lab in labels]
        rows.append(row)
    return rows


SUMMARY_HEADER = [
    "model",
    "mean accuracy",
    "mean log-loss",
    "mean rank",
    "difference from MLPClassifier()",
    "worst difference",
    "sets at most 0.01 below",
    "log-loss no worse",
    "mean fit time (s)",
    "collapsed folds",
]


def _margins(res, lab, names, ref, base_labels, ours, key):
    """``lab``'s mean rank by ``key`` (a model not in ``base_labels`` is
    ranked in place of ``ours``), its per-set differences from ``ref`` and
    the index of the worst one."""
    group = (
        list(base_labels) if lab in base_labels else [lab if b == ours else b for b in base_labels]
    )
    rank = ranks(res, group, names, key)[lab]
    d = np.array([res[lab][n][key] - res[ref][n][key] for n in names])
    return rank, d, int(np.argmin(d))


def summary_rows(res, labels, names, ref, base_labels, ours):
    """One row per model: means, mean rank, the margins over ``ref``, on how
    many sets it is at most 0.01 below ``ref`` (ahead by any margin counts),
    on how many its log-loss is no higher, and the folds whose fit predicted
    one class for its whole training set."""
    rows = []
    for lab in labels:
        rank, d, worst = _margins(res, lab, names, ref, base_labels, ours, "accuracy")
        ll_ok = sum(res[lab][n]["log_loss"] <= res[ref][n]["log_loss"] + 1e-4 for n in names)
        collapsed = sum(res[lab][n].get("collapsed", 0) for n in names)
        rows.append(
            [
                lab,
                "%.4f" % _mean(res[lab], names, "accuracy"),
                "%.4f" % _mean(res[lab], names, "log_loss"),
                "%.2f" % rank,
                "%+.4f" % d.mean() if lab != ref else "",
                "%+.4f (%s)" % (d[worst], names[worst]) if lab != ref else "",
                "%d / %d" % ((d >= -WITHIN - 1e-12).sum(), len(names)) if lab != ref else "",
                "%d / %d" % (ll_ok, len(names)) if lab != ref else "",
                "%.3f" % _mean(res[lab], names, "fit_time"),
                "%d" % collapsed,
            ]
        )
    return rows


REGRESSION_SUMMARY_HEADER = [
    "model",
    "mean R²",
    "mean rank",
    "difference from MLPRegressor+TTR",
    "worst difference",
    "mean fit time (s)",
]


def regression_summary_rows(res, labels, names, ref, base_labels, ours):
    rows = []
    for lab in labels:
        rank, d, worst = _margins(res, lab, names, ref, base_labels, ours, "r2")
        rows.append(
            [
                lab,
                "%.4f" % _mean(res[lab], names, "r2"),
                "%.2f" % rank,
                "%+.4f" % d.mean() if lab != ref else "",
                "%+.4f (%s)" % (d[worst], names[worst]) if lab != ref else "",
                "%.3f" % _mean(res[lab], names, "fit_time"),
            ]
        )
    return rows


RAW_HEADER = [
    "data set",
    "largest column standard deviation",
    "MLPClassifier() accuracy",
    "NumpyMLPClassifier() accuracy",
    "difference",
    "MLPClassifier() log-loss",
    "NumpyMLPClassifier() log-loss",
    "ours collapsed folds",
]


def raw_rows(res, names, ours, ref, spreads):
    """Raw features (impute only): both defaults per data set, with the
    spread of the data set's numeric columns, and a **mean** row."""
    rows = []
    for n in names + ["**mean**"]:
        if n == "**mean**":
            r = {k: _mean(res[ref], names, k) for k in ("accuracy", "log_loss")}
            o = {k: _mean(res[ours], names, k) for k in ("accuracy", "log_loss")}
            spread, coll = "", sum(res[ours][m].get("collapsed", 0) for m in names)
        else:
            r, o, spread = res[ref][n], res[ours][n], "%.3g" % spreads[n]
            coll = res[ours][n].get("collapsed", 0)
        rows.append(
            [
                n,
                spread,
                "%.4f" % r["accuracy"],
                "%.4f" % o["accuracy"],
                "%+.4f" % (o["accuracy"] - r["accuracy"]),
                "%.4f" % r["log_loss"],
                "%.4f" % o["log_loss"],
                "%d" % coll,
            ]
        )
    return rows


SEEDS_HEADER = [
    "model",
    "seeds",
    "mean accuracy (per seed)",
    "difference from MLPClassifier() (per seed)",
    "sets at most 0.01 below (per seed)",
    "mean log-loss (per seed)",
    "MLPClassifier() mean log-loss (per seed)",
]


def seeds_rows(by_seed, labels, names, ref):
    """One row per model: its numbers for each seed, ``a / b / c``."""
    seeds = sorted(by_seed)
    rows = []
    for lab in labels:
        if lab == ref:
            continue
        acc, diff, within, ll, rll = [], [], [], [], []
        for s in seeds:
            res = by_seed[s]
            d = np.array([res[lab][n]["accuracy"] - res[ref][n]["accuracy"] for n in names])
            acc.append("%.4f" % _mean(res[lab], names, "accuracy"))
            diff.append("%+.4f" % d.mean())
            within.append("%d" % (d >= -WITHIN - 1e-12).sum())
            ll.append("%.4f" % _mean(res[lab], names, "log_loss"))
            rll.append("%.4f" % _mean(res[ref], names, "log_loss"))
        rows.append(
            [
                lab,
                ", ".join(map(str, seeds)),
                " / ".join(acc),
                " / ".join(diff),
                " / ".join(within) + " of %d" % len(names),
                " / ".join(ll),
                " / ".join(rll),
            ]
        )
    return rows
