"""Timing helpers shared by speed.py and its regression workloads
(regression_speed.py): fixed-epoch parameters and interleaved, repeated fits
and predictions."""

import gc
import sys
import time

import numpy as np
from sklearn.base import clone


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def stochastic_params(epochs, **params):
    """Parameters for exactly ``epochs`` epochs of a stochastic solver."""
    return dict(max_iter=epochs, tol=0.0, n_iter_no_change=epochs + 1, random_state=0, **params)


def ordered(r, a, b):
    """``(a, b)`` on even repeats, ``(b, a)`` on odd ones."""
    return (a, b) if r % 2 == 0 else (b, a)


def time_fits(ours, ref, X, y, repeats):
    """Median fit time of each; returns times and the last fitted models."""
    times = {"ours": [], "sklearn": []}
    fitted = {}
    templates = {"ours": ours, "sklearn": ref}
    for r in range(repeats):
        for name in ordered(r, "ours", "sklearn"):
            est = clone(templates[name])
            gc.collect()
            start = time.perf_counter()
            est.fit(X, y)
            times[name].append(time.perf_counter() - start)
            fitted[name] = est
    return times, fitted


def prediction_row(workload, setup, X, times, scores):
    """The table row of a timed prediction workload on ``X``."""
    return {
        "workload": workload,
        "setup": setup,
        "unit": "s",
        "n_test": int(X.shape[0]),
        "times": times,
        "ours": float(np.median(times["ours"])),
        "sklearn": float(np.median(times["sklearn"])),
        "acc_ours": scores["ours"],
        "acc_sklearn": scores["sklearn"],
    }


def time_predictions(models, method, X, score, repeats):
    """Times of ``models[name].<method>(X)`` for ``"ours"`` and ``"sklearn"``,
    interleaved over ``repeats``, and ``score(model, output)`` of each
    model's last output."""
    times = {"ours": [], "sklearn": []}
    scores = {}
    for r in range(repeats):
        for name in ordered(r, "ours", "sklearn"):
            gc.collect()
            start = time.perf_counter()
            output = getattr(models[name], method)(X)
            times[name].append(time.perf_counter() - start)
            scores[name] = score(models[name], output)
            del output
    return times, scores
