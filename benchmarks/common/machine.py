"""What machine a benchmark ran on: CPU, usable CPUs, library versions,
the BLAS and OpenMP thread pools (threadpoolctl), thread-related
environment variables and the load average, as a dict and as markdown."""

import os
import platform

import numpy as np
import scipy
import sklearn
from threadpoolctl import threadpool_info

__all__ = ["cpu_model", "machine_info", "print_machine"]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info():
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    blas = []
    for lib in threadpool_info():
        path = lib.get("filepath", "")
        owner = next(
            (pkg for pkg in ("numpy", "scipy", "scikit_learn") if pkg + ".libs" in path),
            os.path.basename(os.path.dirname(path)),
        )
        blas.append(
            {
                "owner": owner,
                "user_api": lib.get("user_api"),
                "internal_api": lib.get("internal_api"),
                "version": lib.get("version"),
                "architecture": lib.get("architecture"),
                "threading_layer": lib.get("threading_layer"),
                "num_threads": lib.get("num_threads"),
                "filepath": path,
            }
        )
    env = {
        k: v
        for k, v in os.environ.items()
        if k.startswith(("OPENBLAS", "OMP_", "MKL_", "GOTO", "BLIS"))
    }
    return {
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "sklearn": sklearn.__version__,
        "threadpools": blas,
        "env": env,
        "loadavg_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def print_machine(info):
    print("## Machine\n")
    print("- CPU: %s" % info["cpu"])
    print(
        "- CPUs: %d logical, %d usable by this process" % (info["cpu_count"], info["cpus_usable"])
    )
    print(
        "- Python %s, numpy %s, scipy %s, scikit-learn %s"
        % (info["python"], info["numpy"], info["scipy"], info["sklearn"])
    )
    if info["env"]:
        print("- Environment: %s" % ", ".join("%s=%s" % kv for kv in sorted(info["env"].items())))
    else:
        print("- Environment: no OPENBLAS_*/OMP_*/MKL_* variable set")
    if info.get("blas_threads_limit") is not None:
        print("- Thread pools limited to %d with --blas-threads" % info["blas_threads_limit"])
    if info["loadavg_start"] is not None:
        print("- Load average at start: %.2f %.2f %.2f" % tuple(info["loadavg_start"]))
    print("\nthreadpoolctl (the `numpy` row is the BLAS behind numpy's `@`):\n")
    print("| library of | user_api | internal_api | version | architecture | num_threads |")
    print("|---|---|---|---|---|---:|")
    for lib in info["threadpools"]:
        print(
            "| %s | %s | %s | %s | %s | %s |"
            % (
                lib["owner"],
                lib["user_api"],
                lib["internal_api"],
                lib["version"],
                lib["architecture"] or "",
                lib["num_threads"],
            )
        )
    print()
