"""The tables of ``benchmarks/pytabkit_comparison.py``: per data set, and per
task a summary, from ``{data set: (task, {model: means over the folds})}``
(the means ``score_fold`` gives, plus ``cpu_time`` and ``wall_time``).

Error is 1 - accuracy for classification and 1 - R² for regression; the
relative difference of the mean errors is ``(ours - theirs) / theirs``.
Cells are strings, as :func:`common.tables.write_table` takes them.
"""

import numpy as np

#: How the tables name the two models.
OURS, THEIRS = "TabularMLP", "RealMLP_TD"


PER_SET_HEADER = [
    "data set",
    "task",
    "rows",
    "folds",
    "accuracy or R², %s" % OURS,
    "accuracy or R², %s" % THEIRS,
    "log-loss, %s" % OURS,
    "log-loss, %s" % THEIRS,
    "CPU s per fit, %s" % OURS,
    "CPU s per fit, %s" % THEIRS,
    "CPU ratio",
]

SUMMARY_HEADER = [
    "task",
    "data sets",
    "mean error, %s" % OURS,
    "mean error, %s" % THEIRS,
    "relative difference",
    "sets where %s errs less" % OURS,
    "mean log-loss, %s" % OURS,
    "mean log-loss, %s" % THEIRS,
    "CPU s per fit, %s" % OURS,
    "CPU s per fit, %s" % THEIRS,
    "CPU ratio",
]


def score(m, task):
    """The fold means' accuracy (classification) or R² (regression)."""
    return m["accuracy"] if task == "classification" else m["r2"]


def per_set_rows(results, rows_of, n_folds):
    """One row per data set: both models' score, log-loss and CPU time."""
    out = []
    for dataset, (task, res) in results.items():
        ours, theirs = res[OURS], res[THEIRS]
        ll = (
            ["%.4f" % ours["log_loss"], "%.4f" % theirs["log_loss"]]
            if task == "classification"
            else ["", ""]
        )
        out.append(
            [dataset, task, str(rows_of[dataset]), str(n_folds)]
            + ["%.4f" % score(ours, task), "%.4f" % score(theirs, task)]
            + ll
            + ["%.2f" % ours["cpu_time"], "%.2f" % theirs["cpu_time"]]
            + ["%.2f" % (ours["cpu_time"] / theirs["cpu_time"])]
        )
    return out


def summary_rows(results):
    """One row per task: mean error (1 - accuracy, 1 - R²) over the sets, its
    relative difference, mean log-loss and time per fit, the CPU ratio."""
    out = []
    for task in ("classification", "regression"):
        sets = {d: res for d, (t, res) in results.items() if t == task}
        if not sets:
            continue

        def mean(name, key, sets=sets):
            return float(np.mean([res[name][key] for res in sets.values()]))

        def error(name, sets=sets, task=task):
            return float(np.mean([1 - score(res[name], task) for res in sets.values()]))

        e_ours, e_theirs = error(OURS), error(THEIRS)
        wins = sum(score(res[OURS], task) > score(res[THEIRS], task) for res in sets.values())
        ll = (
            ["%.4f" % mean(OURS, "log_loss"), "%.4f" % mean(THEIRS, "log_loss")]
            if task == "classification"
            else ["", ""]
        )
        cpu_ours, cpu_theirs = mean(OURS, "cpu_time"), mean(THEIRS, "cpu_time")
        out.append(
            [task, str(len(sets)), "%.4f" % e_ours, "%.4f" % e_theirs]
            + ["%+.1f%%" % (100 * (e_ours - e_theirs) / e_theirs)]
            + ["%d of %d" % (wins, len(sets))]
            + ll
            + ["%.2f" % cpu_ours, "%.2f" % cpu_theirs, "%.2f" % (cpu_ours / cpu_theirs)]
        )
    return out
