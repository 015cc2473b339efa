"""The markdown tables ``speed.py`` prints: times and ratios per workload,
the worker-thread comparison, peak fit memory and the GEMM floor."""

import numpy as np

from .speed_tables import fmt_time

__all__ = ["ACCURACY_TOLERANCE", "paired_ratio", "print_tables"]

ACCURACY_TOLERANCE = 0.005  # |ours - sklearn| accuracy at equal epochs; flagged, not asserted


def paired_ratio(row):
    """Median over repeats of ours / sklearn measured back to back in the
    same repeat (or, for latency, in consecutive calls)."""
    ours, ref = (np.asarray(row["times"][k], dtype=float) for k in ("ours", "sklearn"))
    return float(np.median(ours / ref))


def print_tables(runner, size):
    rows = runner.rows
    if rows:
        print(
            "## Time (median of %d repeats; latency: median of %d calls)\n"
            % (runner.repeats, size["latency_calls"])
        )
        print(
            "| workload | setup | ours | sklearn | ours/sklearn | paired | score ours "
            "| score sklearn | Δscore | iters ours/sklearn | spread ours, sklearn "
            "| min ours/min sklearn |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            ratio = row["ours"] / row["sklearn"]
            if "acc_ours" in row:
                diff = row["acc_ours"] - row["acc_sklearn"]
                flag = " (!)" if abs(diff) > ACCURACY_TOLERANCE else ""
                acc = "%.4f | %.4f | %+.4f%s" % (row["acc_ours"], row["acc_sklearn"], diff, flag)
            else:
                acc = "— | — | —"
            iters = (
                "%d/%d" % (row["n_iter_ours"], row["n_iter_sklearn"])
                if "n_iter_ours" in row
                else "—"
            )
            spread = ", ".join(
                "%.2f" % (max(row["times"][k]) / min(row["times"][k])) for k in ("ours", "sklearn")
            )
            min_ratio = min(row["times"]["ours"]) / min(row["times"]["sklearn"])
            print(
                "| %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %.2f |"
                % (
                    row["workload"],
                    row["setup"],
                    fmt_time(row["ours"], row["unit"]),
                    fmt_time(row["sklearn"], row["unit"]),
                    ratio,
                    paired_ratio(row),
                    acc,
                    iters,
                    spread,
                    min_ratio,
                )
            )
        print(
            "\nScore = accuracy on the test split (synth rows: the held-out predict-proba "
            "rows; reg-* rows: R^2 on held-out rows); (!) marks |Δscore| > %.3f. Both start from the same weights (ours with "
            "weight_init='sklearn'). Spread = slowest / fastest repeat (latency: "
            "slowest / fastest call); a large spread means the machine was busy and the "
            "medians are noise. Paired = median over repeats of ours/sklearn within "
            "the same repeat (back to back), which cancels slow drifts in machine "
            "speed; min ours/min sklearn compares the fastest runs, which short "
            "bursts of load disturb least." % ACCURACY_TOLERANCE
        )
        print()
        gaps = [row for row in rows if "prediction_gap" in row]
        if gaps:
            print(
                "Regression rows, largest |prediction ours - prediction sklearn| on the "
                "held-out rows, in standard deviations of the targets: %s\n"
                % ", ".join("%s %.1e" % (row["workload"], row["prediction_gap"]) for row in gaps)
            )

    threads = runner.extra.get("threads")
    if threads:
        print("## cancer-lbfgs in a worker thread against the main thread\n")
        print("| estimator | main thread | worker thread | worker/main | paired |")
        print("|---|---:|---:|---:|---:|")
        for name, label in (("ours", "NumpyMLPClassifier"), ("sklearn", "MLPClassifier")):
            main_t, worker_t = (np.asarray(threads[name][w]) for w in ("main", "worker"))
            print(
                "| %s | %s | %s | %.2f | %.2f |"
                % (
                    label,
                    fmt_time(np.median(main_t), "s"),
                    fmt_time(np.median(worker_t), "s"),
                    np.median(worker_t) / np.median(main_t),
                    np.median(worker_t / main_t),
                )
            )
        print(
            "\nMedians over the repeats; paired = median over repeats of worker/main "
            "within the same repeat. The main table's cancer-lbfgs-thread row compares "
            "the two estimators in the worker thread."
        )
        print()

    mem = runner.extra.get("fit_memory")
    if mem:
        print("## Peak memory of fit (tracemalloc)\n")
        print("| fit | ours | sklearn | ours/sklearn |")
        print("|---|---:|---:|---:|")
        print(
            "| %s | %.1f MB | %.1f MB | %.2f |"
            % (mem["setup"], mem["ours_mb"], mem["sklearn_mb"], mem["ours_mb"] / mem["sklearn_mb"])
        )
        print()

    floor = runner.extra.get("gemm_floor")
    if floor:
        print("## GEMM floor of one epoch (the 5 matrix products per batch only)\n")
        print(
            "| data | batches | GEMM floor | ours epoch | ours/floor "
            "| sklearn epoch | sklearn/floor |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        by_name = {row["workload"]: row for row in rows}
        for key, name in (("float64", "synth-f64"), ("float32", "synth-f32")):
            f = floor[key]
            row = by_name.get(name)
            cells = ["—"] * 4
            if row is not None:
                epochs = size["synth_epochs"]
                ours_epoch, sk_epoch = row["ours"] / epochs, row["sklearn"] / epochs
                f["ours_epoch_s"], f["sklearn_epoch_s"] = ours_epoch, sk_epoch
                cells = [
                    fmt_time(ours_epoch, "s"),
                    "%.1f×" % (ours_epoch / f["floor_s"]),
                    fmt_time(sk_epoch, "s"),
                    "%.1f×" % (sk_epoch / f["floor_s"]),
                ]
            print(
                "| %s | %d | %s | %s |"
                % (f["setup"], f["batches"], fmt_time(f["floor_s"], "s"), " | ".join(cells))
            )
        print(
            "\nEpoch time = median fit time of the synth workload / its epoch count "
            "(input validation and setup included)."
        )
        print()
