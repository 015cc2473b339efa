"""The tables ``benchmarks/accuracy.py`` prints and writes: one configuration
per data set, defaults against defaults, the summary over configurations,
the sweep of explicit parameters, and the spread over seeds.

Every row builder takes results as ``{data set: result}`` dicts (a result
is what ``accuracy.evaluate`` returns) and returns rows of strings for
:func:`tables.markdown` and :func:`tables.write_table`.
"""

import numpy as np

from .cv import mean_of

#: data set -> max_iter both estimators get on it (noted in the tables).
MAX_ITER = {}


def _note(name):
    max_iter = MAX_ITER.get(name)
    return "%s (max_iter=%d)" % (name, max_iter) if max_iter else name


def _worst(diffs):
    return int(np.nanargmin(diffs)) if not np.isnan(diffs).all() else 0


CONFIG_HEADER = [
    "data set",
    "sklearn accuracy",
    "ours accuracy",
    "difference",
    "sklearn log-loss",
    "ours log-loss",
    "sklearn fit (s)",
    "ours fit (s)",
    "sklearn n_iter_",
    "ours n_iter_",
]


def config_rows(names, ref, ours, tolerance):
    """One configuration against MLPClassifier, per data set (differences
    below ``-tolerance`` flagged **FAIL**)."""
    rows = []
    for name in names:
        r, o = ref[name], ours[name]
        diff = o["accuracy"] - r["accuracy"]
        rows.append(
            [
                _note(name),
                "%.4f" % r["accuracy"],
                "%.4f" % o["accuracy"]
                + (" (%d folds failed)" % o["failed"] if o["failed"] else ""),
                "%+.4f" % diff + ("" if diff >= -tolerance else " **FAIL**"),
                "%.4f" % r["log_loss"],
                "%.4f" % o["log_loss"],
                "%.3f" % r["fit_time"],
                "%.3f" % o["fit_time"],
                "%.1f" % r["n_iter"],
                "%.1f" % o["n_iter"],
            ]
        )
    return rows


DEFAULTS_HEADER = [
    "data set",
    "MLPClassifier()",
    "NumpyMLPClassifier()",
    "difference",
    "log-loss, MLPClassifier()",
    "log-loss, NumpyMLPClassifier()",
    "epochs, sklearn",
    "epochs, ours",
    "fit time, sklearn (s)",
    "fit time, ours (s)",
]


def defaults_rows(names, ref, ours):
    """Defaults against defaults (the table the README and docs show), with
    a **mean** row."""
    rows = []
    for name in names + ["**mean**"]:
        if name == "**mean**":
            r, o = ({key: mean_of(d, names, key) for key in d[names[0]]} for d in (ref, ours))
        else:
            r, o = ref[name], ours[name]
        rows.append(
            [
                _note(name) if name != "**mean**" else name,
                "%.4f" % r["accuracy"],
                "%.4f" % o["accuracy"],
                "%+.4f" % (o["accuracy"] - r["accuracy"]),
                "%.4f" % r["log_loss"],
                "%.4f" % o["log_loss"],
                "%.0f" % r["n_iter"],
                "%.0f" % o["n_iter"],
                "%.3f" % r["fit_time"],
                "%.3f" % o["fit_time"],
            ]
        )
    return rows


SUMMARY_HEADER = [
    "configuration",
    "MLPClassifier mean accuracy",
    "ours mean accuracy",
    "worst difference",
    "within target",
    "log-loss no worse",
    "MLPClassifier mean log-loss",
    "ours mean log-loss",
]


def summary_rows(names, refs, ours, tolerances):
    """One row per configuration: means, the worst margin (and where), whether
    it is within the configuration's tolerance everywhere, and on how many
    data sets our held-out log-loss is at most MLPClassifier's."""
    rows = []
    for label in ours:
        r, o = refs[label], ours[label]
        diffs = np.array([o[n]["accuracy"] - r[n]["accuracy"] for n in names])
        worst = _worst(diffs)
        passes = bool(np.all(diffs >= -tolerances[label]))  # NaN -> False
        ll_ok = sum(o[n]["log_loss"] <= r[n]["log_loss"] + 1e-4 for n in names)
        rows.append(
            [
                label,
                "%.4f" % mean_of(r, names, "accuracy"),
                "%.4f" % mean_of(o, names, "accuracy"),
                "%+.4f (%s)" % (diffs[worst], names[worst]),
                "yes" if passes else "no",
                "%d / %d" % (ll_ok, len(names)),
                "%.4f" % mean_of(r, names, "log_loss"),
                "%.4f" % mean_of(o, names, "log_loss"),
            ]
        )
    return rows


SWEEP_HEADER = [
    "configuration",
    "parameter",
    "mean accuracy",
    "mean difference",
    "worst difference",
    "mean log-loss",
    "MLPClassifier mean log-loss",
]


def sweep_rows(names, refs, sweep):
    """One row per (configuration, explicit parameter): how it compares."""
    rows = []
    for (label, extra), o in sweep.items():
        r = refs[label]
        diffs = np.array([o[n]["accuracy"] - r[n]["accuracy"] for n in names])
        worst = _worst(diffs)
        rows.append(
            [
                label,
                extra,
                "%.4f" % mean_of(o, names, "accuracy"),
                "%+.4f" % np.nanmean(diffs),
                "%+.4f (%s)" % (diffs[worst], names[worst]),
                "%.4f" % mean_of(o, names, "log_loss"),
                "%.4f" % mean_of(r, names, "log_loss"),
            ]
        )
    return rows


LOGLOSS_HEADER = [
    "configuration",
    "where our held-out log-loss is higher (ours against MLPClassifier's)",
]


def logloss_rows(names, refs, ours):
    """One row per configuration whose held-out log-loss is higher than
    ``MLPClassifier``'s on some data set: those data sets, with both."""
    rows = []
    for label in ours:
        r, o = refs[label], ours[label]
        worse = [n for n in names if o[n]["log_loss"] > r[n]["log_loss"] + 1e-4]
        if worse:
            rows.append(
                [
                    label,
                    "; ".join(
                        "%s %.3f against %.3f" % (n, o[n]["log_loss"], r[n]["log_loss"])
                        for n in worse
                    ),
                ]
            )
    return rows


SEEDS_HEADER = [
    "configuration",
    "data set",
    "seeds",
    "MLPClassifier mean accuracy",
    "ours mean accuracy",
    "mean difference",
    "differences (min to max)",
    "MLPClassifier's own range",
]


def seeds_rows(names, refs, ours):
    """One row per (configuration, data set) run with several seeds:
    the means over the seeds, the mean and range of the per-seed
    differences, and how far ``MLPClassifier``'s own accuracy moves from
    seed to seed. ``refs[label][seed][name]`` and ``ours[label][seed][name]``
    are results."""
    rows = []
    for label in ours:
        seeds = sorted(ours[label])
        contiguous = seeds == list(range(seeds[0], seeds[-1] + 1))
        ran = "%d to %d" % (seeds[0], seeds[-1]) if contiguous else ", ".join(map(str, seeds))
        for name in names:
            r = np.array([refs[label][s][name]["accuracy"] for s in seeds])
            o = np.array([ours[label][s][name]["accuracy"] for s in seeds])
            d = o - r
            rows.append(
                [
                    label,
                    _note(name),
                    ran,
                    "%.4f" % r.mean(),
                    "%.4f" % o.mean(),
                    "%+.4f" % d.mean(),
                    "%+.4f to %+.4f" % (d.min(), d.max()),
                    "%.4f to %.4f" % (r.min(), r.max()),
                ]
            )
    return rows
