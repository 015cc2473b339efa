"""Helpers shared by the cross-validation benchmarks (accuracy.py and
regression_accuracy.py): one cross-validated run of a model, and the
markdown tables that compare a model with its references."""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import cross_validate


def final_network(model):
    """The network inside ``model``: the last step of a pipeline, unwrapped
    from a fitted ``TransformedTargetRegressor`` (its ``regressor_``)."""
    net = model[-1] if hasattr(model, "steps") else model
    if hasattr(net, "regressor_"):
        return final_network(net.regressor_)
    return net


def cross_validated(model, X, y, cv, scoring):
    """Cross-validate ``model`` with ``ConvergenceWarning`` suppressed (hitting
    ``max_iter`` is part of what the defaults are measured on).

    ``scoring`` is one scorer name, reported as ``score``, or a dict
    ``{key: scorer name}``, each reported under its key (the first decides
    ``failed``).

    Returns
    -------
    result : dict
        ``score`` (mean over folds) or one mean per key of ``scoring``,
        ``fit_time`` (mean seconds per fit), ``n_iter`` (mean ``n_iter_`` of
        the network) and ``failed`` (number of folds whose fit raised; their
        scores are NaN).
    """
    scorers = scoring if isinstance(scoring, dict) else {"score": scoring}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        cvr = cross_validate(
            model,
            X,
            y,
            cv=cv,
            scoring=scorers,
            n_jobs=1,
            return_estimator=True,
            error_score=np.nan,
        )
    scores = cvr["test_" + next(iter(scorers))]
    n_iter = [
        net.n_iter_ for net in map(final_network, cvr["estimator"]) if hasattr(net, "n_iter_")
    ]
    return {
        **{key: float(np.mean(cvr["test_" + key])) for key in scorers},
        "fit_time": float(np.mean(cvr["fit_time"])),
        "n_iter": float(np.mean(n_iter)) if n_iter else np.nan,
        "failed": int(np.isnan(scores).sum()),
    }


def mean_of(results, names, key):
    return float(np.mean([results[n][key] for n in names]))


def print_table(label, names, columns, key, tolerance):
    """Markdown table of one configuration against its references.

    ``columns`` is a list of ``(header, short name, results)``, references
    first and the measured configuration last; ``results[dataset][key]`` is
    the score. The difference is last minus the one before it, flagged
    **FAIL** below ``-tolerance``; fit times and ``n_iter_`` follow for
    every column.
    """
    *_, (_, _, ref), (_, _, ours) = columns
    print("\n### %s\n" % label)
    print(
        "| dataset | %s | difference | %s | %s |"
        % (
            " | ".join(header for header, _, _ in columns),
            " | ".join("%s fit time (s)" % short for _, short, _ in columns),
            " | ".join("%s n_iter_" % short for _, short, _ in columns),
        )
    )
    print("|---|" + "---:|" * (3 * len(columns) + 1))
    for name in names:
        diff = ours[name][key] - ref[name][key]
        flag = "" if diff >= -tolerance else " **FAIL**"
        cells = []
        for _, _, res in columns:
            failed = res[name]["failed"]
            cells.append(
                "%.4f%s" % (res[name][key], " (%d folds failed)" % failed if failed else "")
            )
        print(
            "| %s | %s | %+.4f%s | %s | %s |"
            % (
                name,
                " | ".join(cells),
                diff,
                flag,
                " | ".join("%.3f" % res[name]["fit_time"] for _, _, res in columns),
                " | ".join("%.1f" % res[name]["n_iter"] for _, _, res in columns),
            )
        )
    print(
        "| **mean** | %s | %+.4f | %s | %s |"
        % (
            " | ".join("%.4f" % mean_of(res, names, key) for _, _, res in columns),
            mean_of(ours, names, key) - mean_of(ref, names, key),
            " | ".join("%.3f" % mean_of(res, names, "fit_time") for _, _, res in columns),
            " | ".join("%.1f" % mean_of(res, names, "n_iter") for _, _, res in columns),
        )
    )


def print_summary(title, names, ref_label, ref, configs, key, tolerance):
    """One row per configuration: mean score, margins over ``ref``, pass/fail."""
    print("\n### %s\n" % title)
    print(
        "| configuration | mean %s | mean difference | worst difference "
        "| worst data set | mean fit time (s) | passes (>= -%.2f everywhere) |" % (key, tolerance)
    )
    print("|---|---:|---:|---:|---|---:|---|")
    print(
        "| %s | %.4f | | | | %.3f | |"
        % (ref_label, mean_of(ref, names, key), mean_of(ref, names, "fit_time"))
    )
    for label, ours in configs.items():
        diffs = np.array([ours[n][key] - ref[n][key] for n in names])
        worst = int(np.nanargmin(diffs)) if not np.isnan(diffs).all() else 0
        passes = bool(np.all(diffs >= -tolerance))  # NaN (failed fit) -> False
        print(
            "| %s | %.4f | %+.4f | %+.4f | %s | %.3f | %s |"
            % (
                label,
                mean_of(ours, names, key),
                np.mean(diffs),
                diffs[worst],
                names[worst],
                mean_of(ours, names, "fit_time"),
                "yes" if passes else "no",
            )
        )
