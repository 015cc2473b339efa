"""The tables of ``speed.py`` that the documentation quotes.

``python benchmarks/speed.py --write-tables`` writes, through ``common/tables.py``:

``speed``
    one row per workload (and one for the peak memory of a fit): the median
    times, their ratio, the paired ratio, the range of the ratio over this run
    and the runs given with ``--range-from`` (JSON files written by earlier
    runs with ``--json``), and both accuracies;
``speed_floor``
    the GEMM floor of one epoch of the 50,000-row workload and each
    estimator's epoch as a multiple of it, with the range of our multiple
    over the same runs.

A run with ``--blas-threads N`` writes ``speed_blasN`` and
``speed_blasN_floor`` instead, beside the default run's tables.
"""

import json

from .tables import write_table

ACC_FORMAT = "%.4f / %.4f"


def fmt_time(value, unit):
    """Three significant digits: 181 ms, 1.54 s, 55.2 µs."""
    if unit == "us":
        return "%.3g µs" % value
    if value < 1.0:
        return "%.3g ms" % (value * 1e3)
    return "%.3g s" % value


def fmt_range(values):
    low, high = min(values), max(values)
    return "%.2f" % low if "%.2f" % low == "%.2f" % high else "%.2f to %.2f" % (low, high)


def speed_rows(run, earlier, paired_ratio):
    """Rows of the ``speed`` table for ``run`` (a dict like speed.py's --json)."""
    rows = []
    for row in run["workloads"]:
        ratios = [row["ours"] / row["sklearn"]] + [
            r["ours"] / r["sklearn"]
            for e in earlier
            for r in e["workloads"]
            if r["workload"] == row["workload"]
        ]
        acc = (
            ACC_FORMAT % (row["acc_ours"], row["acc_sklearn"])
            if "acc_ours" in row and row["workload"] != "predict-proba"
            else ""
        )
        rows.append(
            [
                row["setup"],
                fmt_time(row["ours"], row["unit"]),
                fmt_time(row["sklearn"], row["unit"]),
                "%.2f" % ratios[0],
                "%.2f" % paired_ratio(row),
                fmt_range(ratios),
                acc,
            ]
        )
    mem = run.get("fit_memory")
    if mem:
        ratios = [
            m["ours_mb"] / m["sklearn_mb"]
            for m in [mem] + [e["fit_memory"] for e in earlier if e.get("fit_memory")]
        ]
        rows.append(
            [
                "peak memory of the " + mem["setup"] + " (tracemalloc)",
                "%.1f MB" % mem["ours_mb"],
                "%.1f MB" % mem["sklearn_mb"],
                "%.2f" % ratios[0],
                "",
                fmt_range(ratios),
                "",
            ]
        )
    return rows


def floor_rows(run, earlier):
    """Rows of the ``speed_floor`` table; empty without the synth workloads."""
    rows = []
    for key, f in (run.get("gemm_floor") or {}).items():
        if "ours_epoch_s" not in f:
            continue
        multiples = [f["ours_epoch_s"] / f["floor_s"]] + [
            e["gemm_floor"][key]["ours_epoch_s"] / e["gemm_floor"][key]["floor_s"]
            for e in earlier
            if "ours_epoch_s" in (e.get("gemm_floor") or {}).get(key, {})
        ]
        rows.append(
            [
                f["setup"],
                fmt_time(f["floor_s"], "s"),
                fmt_time(f["ours_epoch_s"], "s"),
                "%.1f" % multiples[0],
                "%.1f" % min(multiples)
                + ("" if len(multiples) == 1 else " to %.1f" % max(multiples)),
                fmt_time(f["sklearn_epoch_s"], "s"),
                "%.1f" % (f["sklearn_epoch_s"] / f["floor_s"]),
            ]
        )
    return rows


def write_speed_tables(run, range_from, paired_ratio, name="speed", **where):
    """Write both tables, ``<name>`` and ``<name>_floor``; ``where`` goes to
    ``tables.write_table``."""
    earlier = []
    for path in range_from or ():
        with open(path) as f:
            earlier.append(json.load(f))
    n = 1 + len(earlier)
    written = write_table(
        name,
        [
            "workload",
            "ours",
            "MLPClassifier",
            "ours / sklearn",
            "paired",
            "ours / sklearn, %d run%s" % (n, "s" if n > 1 else ""),
            "accuracy ours / sklearn",
        ],
        speed_rows(run, earlier, paired_ratio),
        **where,
    )
    floor = floor_rows(run, earlier)
    if floor:
        written += write_table(
            name + "_floor",
            [
                "epoch of",
                "GEMM floor",
                "ours",
                "ours / floor",
                "ours / floor, %d run%s" % (n, "s" if n > 1 else ""),
                "MLPClassifier",
                "MLPClassifier / floor",
            ],
            floor,
            **where,
        )
    return written
